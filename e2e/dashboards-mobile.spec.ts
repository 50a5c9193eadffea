import { expect, test, type Locator, type Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { seedDemoProject } from "./support/demo-data";

test("on a phone the dashboard stacks its widgets in one column, in reading order", async ({ page }) => {
  await signUp(page, newAccount("phone"));
  const projectId = await createProject(page, "Shop");
  const dashboardId = await seedDemoProject(projectId);
  await page.setViewportSize({ width: 390, height: 844 });
  const board = new DashboardPage(page, projectId, dashboardId);
  await board.open();
  await expect(board.widgets()).toHaveCount(12);

  const boxes = await board.widgets().evaluateAll((els) =>
    els.map((el) => {
      const cell = el.closest(".grid-cell")!;
      const r = cell.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, order: Number(getComputedStyle(cell).order) };
    }),
  );
  const page390 = await page.evaluate(() => document.documentElement.clientWidth);
  for (const b of boxes) {
    expect(b.width).toBeGreaterThan(page390 * 0.8);
    expect(b.x + b.width).toBeLessThanOrEqual(page390 + 1);
  }
  const byOrder = [...boxes].sort((a, b) => a.order - b.order);
  for (let i = 1; i < byOrder.length; i++) expect(byOrder[i].y).toBeGreaterThan(byOrder[i - 1].y);
});

/**
 * Page width against screen width, and what is laid out past the right edge outside any box
 * that scrolls or clips it on purpose (a wide table in its own scroller is fine; a header cut
 * off by `overflow: hidden` on the page is not).
 */
async function sideways(page: Page): Promise<{ scrollWidth: number; clientWidth: number; sticksOut: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
      return false;
    };
    const sticksOut = [...document.querySelectorAll("body *")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > root.clientWidth + 0.5 && !inScroller(el);
      })
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, sticksOut };
  });
}

async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const m = await sideways(page);
  expect(m.scrollWidth, `${where}: page ${m.scrollWidth}px wide on a ${m.clientWidth}px screen; past the edge: ${m.sticksOut.join(", ")}`).toBeLessThanOrEqual(m.clientWidth);
  // scrollWidth says nothing of what the page clips; nothing may be laid out past the edge either.
  expect(m.sticksOut, where).toEqual([]);
}

/** The open menu lies inside the screen and nothing covers or clips its last item. */
async function expectMenuOnScreen(page: Page, widget: Locator, where: string): Promise<void> {
  await widget.getByLabel(/^Actions for/).click();
  const menu = widget.getByRole("menu");
  await expect(menu).toBeVisible();
  const box = (await menu.boundingBox())!;
  const screen = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: window.innerHeight }));
  expect(box.x, where).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, where).toBeLessThanOrEqual(screen.width);
  expect(box.y, where).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, where).toBeLessThanOrEqual(screen.height);
  const items = menu.getByRole("menuitem");
  for (const item of [items.first(), items.last()]) {
    const hit = await item.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return top === el || el.contains(top);
    });
    expect(hit, `${where}: "${await item.textContent()}" is covered or clipped`).toBe(true);
  }
  await expectNoSidewaysScroll(page, `${where}, menu open`);
  await widget.getByLabel(/^Actions for/).click();
  await expect(menu).toBeHidden();
}

test("nothing scrolls sideways on phones 360-430 px wide, and widget menus open inside the screen", async ({ page }) => {
  test.slow(); // six pages at three widths on a shared machine
  // A long address and project name: the header must cope with what people really type.
  await signUp(page, newAccount("phone-with-a-rather-long-address"));
  const projectId = await createProject(page, "Storefront analytics (production)");
  const dashboardId = await seedDemoProject(projectId);
  const board = new DashboardPage(page, projectId, dashboardId);
  const pages: [string, string][] = [
    ["home", "/"],
    ["dashboards", `/projects/${projectId}/dashboards`],
    ["events", `/projects/${projectId}/events`],
    ["settings", `/projects/${projectId}/settings`],
    ["account", "/account"],
  ];

  for (const width of [360, 390, 430]) {
    await page.setViewportSize({ width, height: 800 });
    for (const [name, url] of pages) {
      await page.goto(url);
      await expect(page.locator("main").first()).toBeVisible();
      await expectNoSidewaysScroll(page, `${name} at ${width}px`);
      // Every header link stays reachable on screen.
      for (const link of await page.locator("header a, header button, header select").all()) {
        if (!(await link.isVisible())) continue;
        const r = (await link.boundingBox())!;
        expect(r.x + r.width, `${name} at ${width}px: header control past the edge`).toBeLessThanOrEqual(width);
      }
    }

    await board.open();
    await expect(board.widgets()).toHaveCount(12);
    for (const type of ["number", "graph", "bar", "pie", "table", "heatmap"] as const) await expect(board.widgets(type).first()).toBeVisible();
    await expect(board.widgets("heatmap").first().locator("canvas").first()).toBeVisible();
    await expectNoSidewaysScroll(page, `dashboard at ${width}px`);
    // The rightmost card (on a phone every card is full width; take the first of the top row and the table).
    for (const id of ["latency-p95", "endpoints"]) {
      const widget = page.getByTestId(`widget-${id}`);
      await widget.scrollIntoViewIfNeeded();
      await expectMenuOnScreen(page, widget, `menu of ${id} at ${width}px`);
    }
  }
});

test("a widget menu opened on the rightmost card of the desktop grid stays inside the screen and is not clipped", async ({ page }) => {
  await signUp(page, newAccount("menu"));
  const projectId = await createProject(page, "Shop");
  const dashboardId = await seedDemoProject(projectId);
  await page.setViewportSize({ width: 1280, height: 900 });
  const board = new DashboardPage(page, projectId, dashboardId);
  await board.open();
  // "latency-p95" is the top-right number card, the shortest card on the grid (two rows).
  await expectMenuOnScreen(page, page.getByTestId("widget-latency-p95"), "desktop top-right card");
  await expectMenuOnScreen(page, page.getByTestId("widget-latency-heatmap"), "desktop right-column heatmap");

  // A one-row card is shorter than its menu: the menu must still show every item, over the card below.
  const query = { source: "event", name: "order.completed", aggregation: "count", filters: [], groupBy: [] };
  const res = await page.request.post(`/api/v1/dashboards?project=${projectId}`, {
    headers: { origin: new URL(page.url()).origin },
    data: {
      name: "Short cards",
      widgets: [
        { id: "short", x: 8, y: 0, w: 4, h: 1, config: { type: "graph", title: "Orders", queries: [query], style: "line", compare: false } },
        { id: "below", x: 0, y: 1, w: 12, h: 4, config: { type: "graph", title: "Orders below", queries: [query], style: "line", compare: false } },
      ],
    },
  });
  expect(res.status()).toBe(201);
  const short = new DashboardPage(page, projectId, (await res.json()).id);
  await short.open();
  await expectMenuOnScreen(page, page.getByTestId("widget-short"), "desktop one-row top-right card");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectMenuOnScreen(page, page.getByTestId("widget-short"), "phone one-row card");
});
