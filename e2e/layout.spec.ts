import { expect, test, type Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { seedDemoProject } from "./support/demo-data";

type Cell = { id: string; x: number; y: number; w: number; h: number };

// page.request sends the page's cookie but not the Origin a browser adds; signed-in mutations need it.
const sameOrigin = (page: Page) => ({ origin: new URL(page.url()).origin });

const number = (id: string, title: string, x: number, y: number, w: number, h: number) => ({
  id, x, y, w, h,
  config: { type: "number", title, query: { source: "event", name: "user.signed_up", aggregation: "count", filters: [], groupBy: [] }, thresholds: [] },
});

/**
 * Two columns of cards, stored with a hole: "Golf" sits at row 10 although the left column
 * ends at row 7 (a layout saved by an older version, or through the API).
 */
const STORED = [
  number("alpha", "Alpha", 0, 0, 6, 2), number("bravo", "Bravo", 6, 0, 6, 2),
  number("charlie", "Charlie", 0, 2, 6, 3), number("delta", "Delta", 6, 2, 6, 3),
  number("echo", "Echo", 0, 5, 6, 2), number("foxtrot", "Foxtrot", 6, 5, 6, 2),
  number("golf", "Golf", 0, 10, 6, 2),
];

/** A project with the demo data (so the editor's catalog lists events) and the dashboard above. */
async function boardWithStoredLayout(page: Page, label: string): Promise<DashboardPage> {
  // Tall enough that a drag to row 7 stays clear of the bottom edge, where the page scrolls.
  await page.setViewportSize({ width: 1400, height: 1300 });
  await signUp(page, newAccount(label));
  const projectId = await createProject(page, "Layout");
  await seedDemoProject(projectId);
  const res = await page.request.post(`/api/v1/dashboards?project=${projectId}`, { headers: sameOrigin(page), data: { name: "Two columns", widgets: STORED } });
  expect(res.status()).toBe(201);
  const board = new DashboardPage(page, projectId, (await res.json()).id);
  await board.open();
  await expect(page.locator(".grid-cell")).toHaveCount(STORED.length);
  return board;
}

async function cells(page: Page): Promise<Record<string, Cell>> {
  const list = await page.locator(".grid-cell").evaluateAll((els) =>
    els.map((el) => {
      const d = (el as HTMLElement).dataset;
      return { id: d.gridId!, x: Number(d.x), y: Number(d.y), w: Number(d.w), h: Number(d.h) };
    }),
  );
  return Object.fromEntries(list.map((c) => [c.id, c]));
}

/** Cards that overlap another, or that could rise a row (neither on row 0 nor resting on a card). */
function problems(layout: Record<string, Cell>): string[] {
  const all = Object.values(layout);
  const sharesColumns = (a: Cell, b: Cell) => a.x < b.x + b.w && b.x < a.x + a.w;
  const out: string[] = [];
  for (const c of all) {
    for (const o of all) if (o.id < c.id && sharesColumns(o, c) && o.y < c.y + c.h && c.y < o.y + o.h) out.push(`${c.id} overlaps ${o.id}`);
    if (c.y > 0 && !all.some((o) => o.id !== c.id && sharesColumns(o, c) && o.y + o.h === c.y)) out.push(`${c.id} floats at row ${c.y} over a gap`);
  }
  return out;
}

const pick = (layout: Record<string, Cell>, ...keys: (keyof Cell)[]) =>
  Object.fromEntries(Object.entries(layout).map(([id, c]) => [id, keys.map((k) => c[k])]));

/** Space on the focused control, the arrows at a person's pace once the card shows it is picked up, space again. */
async function keyboardDrag(page: Page, control: string, ...arrows: string[]) {
  await page.getByRole("button", { name: control, exact: true }).focus();
  await page.keyboard.press("Space");
  await expect(page.locator(".grid-cell.dragging")).toHaveCount(1);
  // dnd-kit starts listening for arrows just after the pick-up.
  await page.waitForTimeout(150);
  for (const key of arrows) {
    await page.keyboard.press(key);
    await page.waitForTimeout(120);
  }
  await page.keyboard.press("Space");
}

test("a stored layout keeps its hole until edited; dragging a card closes the hole it leaves, previews live, and survives a reload", async ({ page }) => {
  const board = await boardWithStoredLayout(page, "drag");
  // Loading changes nothing: the hole above Golf stays until someone edits the layout.
  expect((await cells(page)).golf).toMatchObject({ x: 0, y: 10 });
  expect(problems(await cells(page))).toEqual(["golf floats at row 10 over a gap"]);

  const canvas = (await page.locator(".grid-canvas").boundingBox())!;
  const step = { x: (canvas.width + 12) / 12, y: 84 + 12 };
  const handle = (await page.getByRole("button", { name: "Move Alpha", exact: true }).boundingBox())!;
  const [x0, y0] = [handle.x + handle.width / 2, handle.y + handle.height / 2];
  // Alpha (top left) goes six columns right and seven rows down, past everything in the right column.
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) await page.mouse.move(x0 + (6 * step.x * i) / 12, y0 + (7 * step.y * i) / 12);

  // While dragging, the grid already shows where everything goes: Charlie has risen to the top
  // of the left column, and the dashed outline marks Alpha's landing place (row 7 after Foxtrot).
  const charlie = page.locator('[data-grid-id="charlie"]');
  await expect.poll(async () => Math.round((await charlie.boundingBox())!.y - canvas.y)).toBe(0);
  const landing = page.getByTestId("grid-landing");
  await expect(landing).toBeVisible();
  await expect.poll(async () => {
    const p = (await landing.boundingBox())!;
    return [Math.round((p.x - canvas.x) / step.x), Math.round((p.y - canvas.y) / step.y)];
  }).toEqual([6, 7]);
  // The stored positions only change on the drop.
  expect((await cells(page)).alpha).toMatchObject({ x: 0, y: 0 });

  await board.saving(() => page.mouse.up());
  await expect(landing).toHaveCount(0);
  const after = await cells(page);
  expect(pick(after, "x", "y")).toEqual({
    alpha: [6, 7], bravo: [6, 0], delta: [6, 2], foxtrot: [6, 5],
    charlie: [0, 0], echo: [0, 3], golf: [0, 5], // the left column closed up, stored hole included
  });
  expect(problems(after)).toEqual([]);
  // On screen too: the left column starts at the top of the grid with one gap's space between cards.
  const top = async (id: string) => (await page.locator(`[data-grid-id="${id}"]`).boundingBox())!;
  await expect.poll(async () => Math.round((await top("charlie")).y - canvas.y)).toBe(0);
  await expect.poll(async () => Math.round((await top("echo")).y - ((await top("charlie")).y + (await top("charlie")).height))).toBe(12);

  await page.reload();
  await expect(page.locator(".grid-cell")).toHaveCount(STORED.length);
  expect(await cells(page)).toEqual(after);
});

test("resizing pushes cards down and the rest close up; keyboard moves still move and compact; new cards take the first free slot; deleting closes the gap", async ({ page }) => {
  test.slow(); // several saves and a trip through the widget editor
  const board = await boardWithStoredLayout(page, "reflow");

  // Keyboard resize: Alpha two columns wider and a row taller. It now covers Bravo's first two
  // columns, so Bravo goes below it; everything then rises (Golf leaves its stored hole).
  await board.saving(() => keyboardDrag(page, "Resize Alpha", "ArrowRight", "ArrowRight", "ArrowDown"));
  let layout = await cells(page);
  expect(pick(layout, "x", "y", "w", "h")).toEqual({
    alpha: [0, 0, 8, 3], bravo: [6, 3, 6, 2], charlie: [0, 3, 6, 3], delta: [6, 5, 6, 3],
    echo: [0, 6, 6, 2], foxtrot: [6, 8, 6, 2], golf: [0, 8, 6, 2],
  });
  expect(problems(layout)).toEqual([]);

  // Keyboard move: one row down passes the card underneath (Bravo and Delta trade places).
  await board.saving(() => keyboardDrag(page, "Move Bravo", "ArrowDown"));
  layout = await cells(page);
  expect(pick(layout, "x", "y")).toMatchObject({ delta: [6, 3], bravo: [6, 6], foxtrot: [6, 8] });
  expect(problems(layout)).toEqual([]);

  // Keyboard move sideways: Golf six columns right lands on Foxtrot, and they swap.
  await board.saving(() => keyboardDrag(page, "Move Golf", ...Array<string>(6).fill("ArrowRight")));
  layout = await cells(page);
  expect(pick(layout, "x", "y")).toMatchObject({ golf: [6, 8], foxtrot: [0, 8] });
  expect(problems(layout)).toEqual([]);

  // Deleting Charlie: the cards under it rise into its room.
  const charlie = page.getByTestId("widget-charlie");
  page.once("dialog", (d) => d.accept());
  await charlie.getByLabel(/^Actions for/).click();
  await board.saving(() => charlie.getByRole("menuitem", { name: "Delete" }).click());
  await expect(page.locator('[data-grid-id="charlie"]')).toHaveCount(0);
  layout = await cells(page);
  expect(pick(layout, "x", "y")).toEqual({ alpha: [0, 0], delta: [6, 3], echo: [0, 3], bravo: [6, 6], foxtrot: [0, 5], golf: [6, 8] });
  expect(problems(layout)).toEqual([]);

  // A new number card (3 by 2) goes into the first free slot: the top-right corner beside the
  // wide Alpha, not the bottom of the grid.
  await board.addWidget({ type: "number", title: "Hotel", item: "user.signed_up", aggregation: "count" });
  layout = await cells(page);
  const added = Object.values(layout).find((c) => !(c.id in { alpha: 1, bravo: 1, delta: 1, echo: 1, foxtrot: 1, golf: 1 }))!;
  expect(added).toMatchObject({ x: 8, y: 0, w: 3, h: 2 });
  expect(problems(layout)).toEqual([]);

  await page.reload();
  await expect(page.locator(".grid-cell")).toHaveCount(7);
  expect(await cells(page)).toEqual(layout);
});
