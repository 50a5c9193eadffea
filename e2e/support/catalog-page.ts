import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** The chart id the catalog detail page registers on window.__fluxCharts. */
export const CATALOG_CHART = "catalog-chart";

/** Sends a batch through the real ingest API with a key; every item must be accepted. */
export async function ingest(request: APIRequestContext, key: string, path: "/api/v1/metrics/batch" | "/api/v1/events/batch", body: unknown): Promise<void> {
  const res = await request.post(path, { headers: { authorization: `Bearer ${key}` }, data: body });
  expect(res.status(), await res.text()).toBe(202);
  const answer = await res.json();
  expect(answer.rejected ?? [], JSON.stringify(answer.rejected)).toEqual([]);
}

/** `count` instants over the last hours, oldest first, a few minutes apart. */
export function recentTimes(count: number, stepMinutes = 20): string[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => new Date(now - (count - i) * stepMinutes * 60_000).toISOString());
}

/** A metric's or event's detail page, as a person reads and works it. */
export class CatalogPage {
  constructor(readonly page: Page, readonly projectId: string) {}

  metricUrl(name: string): string {
    return `/projects/${this.projectId}/catalog/metrics/${encodeURIComponent(name)}`;
  }

  eventUrl(name: string): string {
    return `/projects/${this.projectId}/catalog/events/${encodeURIComponent(name)}`;
  }

  /** Opens the project home and follows the catalog row's link, as a person would. */
  async openFromHome(kind: "metric" | "event", name: string): Promise<void> {
    await this.page.goto(`/projects/${this.projectId}`);
    const row = this.page.locator(kind === "metric" ? "[data-metric]" : "[data-event]").filter({ has: this.page.locator(`a`) });
    const target = (await row.evaluateAll((rows, [attr, n]) => rows.findIndex((r) => r.getAttribute(attr) === n), [kind === "metric" ? "data-metric" : "data-event", name] as const));
    expect(target, `catalog row for ${name}`).toBeGreaterThanOrEqual(0);
    await row.nth(target).getByRole("link").click();
    await expect(this.page).toHaveURL(new RegExp(`/catalog/${kind}s/[^/]+$`));
    await expect(this.page.locator(".catalog-detail")).toHaveAttribute("data-catalog-name", name);
  }

  /** The ECharts option the detail chart last drew, without its functions. */
  async chartOption(): Promise<{ series: { name: string; data: [number, number | null][] }[] }> {
    await this.page.waitForFunction((id) => Boolean(window.__fluxCharts?.[id]), CATALOG_CHART);
    return this.page.evaluate((id) => JSON.parse(JSON.stringify(window.__fluxCharts![id])), CATALOG_CHART);
  }

  /** Names of the series drawn once the chart has drawn exactly `count` of them. */
  async seriesNames(count: number): Promise<string[]> {
    await expect.poll(async () => (await this.chartOption()).series.length, { message: `${count} series drawn` }).toBe(count);
    return (await this.chartOption()).series.map((s) => s.name).sort();
  }

  /** Coloured (saturated) pixels on the chart's canvas: lines drawn, not only grey axes and labels. */
  async colouredPixels(): Promise<number> {
    return this.page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>("[data-testid='catalog-chart'] canvas");
      const ctx = canvas?.getContext("2d");
      if (!canvas || !ctx) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
      }
      return n;
    });
  }

  async chooseBreakdown(key: string): Promise<void> {
    await this.page.getByLabel("Break down by").selectOption(key);
  }

  /** The page scrolls no wider than the window (nothing from data widens the layout); names what sticks out. */
  async expectNoSidewaysScroll(): Promise<void> {
    // Retried briefly: a resize settles over a frame or two (charts follow their box).
    await expect(async () => this.checkNoSidewaysScroll()).toPass({ timeout: 5_000 });
  }

  private async checkNoSidewaysScroll(): Promise<void> {
    const state = await this.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const describe = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.trim().split(/\s+/).join(".")}` : ""}`;
      // The outermost elements that stick out: their children stick out because of them.
      const out = [...document.body.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > width + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > width + 1 && e.parentElement !== document.body));
      return { scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 8).map((e) => `${describe(e)} → ${Math.round(e.getBoundingClientRect().right)}`) };
    });
    expect(state.scroll <= state.width ? [] : state.out.length ? state.out : [`page ${state.scroll}px wide`], `wider than ${state.width}px`).toEqual([]);
  }
}
