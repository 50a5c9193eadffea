import { expect, test } from "@playwright/test";
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
