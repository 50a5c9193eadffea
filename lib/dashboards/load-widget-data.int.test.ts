import { describe, expect, it } from "vitest";
import { createTestProject } from "@/tests/fixtures";
import { insertPoints } from "@/tests/query-data";
import { createDashboard } from "./dashboards";
import { loadWidgetData, SERVER_RENDERED_WIDGETS } from "./load-widget-data";
import type { Widget } from "./schema";

const numberOf = (id: string, x: number, y: number, name = "orders"): Widget => ({
  id, x, y, w: 3, h: 2,
  config: { type: "number", title: id, query: { source: "metric", name, aggregation: "sum", filters: [], groupBy: [] }, higherIsBetter: true, thresholds: [] },
});

describe("loadWidgetData", () => {
  it("loads the first data of the top widgets in layout order (row, then column) and leaves the rest to the browser", async () => {
    const p = await createTestProject();
    await insertPoints({ projectId: p.projectId, name: "orders", type: "counter", points: [{ time: Date.now() - 3_600_000, value: 7 }] });
    // 24 widgets in 6 rows of 4, stored bottom row first and right to left within a row.
    const grid = Array.from({ length: 24 }, (_, i) => numberOf(`r${Math.floor(i / 4)}c${i % 4}`, (i % 4) * 3, Math.floor(i / 4) * 2));
    const dashboard = await createDashboard({ ctx: p.ctx, input: { name: "Big", widgets: [...grid].reverse() } });

    const initial = await loadWidgetData({ ctx: p.ctx, dashboard });

    expect(Object.keys(initial).sort()).toEqual(grid.slice(0, SERVER_RENDERED_WIDGETS).map((w) => w.id).sort());
    expect(SERVER_RENDERED_WIDGETS).toBe(16);
    for (const data of Object.values(initial)) {
      expect(data.error).toBeUndefined();
      expect(data.results?.[0].series[0].total).toBe(7);
      expect(JSON.parse(data.requestKey)).toMatchObject({ queries: { a: { name: "orders", aggregation: "sum", range: "7d" } } });
    }
  });

  it("shows a failing widget's error on that widget alone", async () => {
    const p = await createTestProject();
    await insertPoints({ projectId: p.projectId, name: "orders", type: "counter", points: [{ time: Date.now() - 3_600_000, value: 2 }] });
    const dashboard = await createDashboard({ ctx: p.ctx, input: { name: "Mixed", widgets: [numberOf("ok", 0, 0), numberOf("gone", 3, 0, "no.such.metric")] } });

    const initial = await loadWidgetData({ ctx: p.ctx, dashboard });

    expect(initial.ok.results?.[0].series[0].total).toBe(2);
    expect(initial.gone).toMatchObject({ error: "Metric 'no.such.metric' not found" });
    expect(initial.gone.results).toBeUndefined();
  });
});
