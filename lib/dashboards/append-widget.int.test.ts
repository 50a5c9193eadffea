import { describe, expect, it } from "vitest";
import { createTestProject, rejection } from "@/tests/fixtures";
import { appendWidget } from "./append-widget";
import { createDashboard, getDashboard } from "./dashboards";
import type { Widget, WidgetConfig } from "./schema";

const query = { source: "metric" as const, name: "api.requests", aggregation: "sum" as const, filters: [], groupBy: [] };
const graph: WidgetConfig = { type: "graph", title: "Requests", queries: [query], style: "line", compare: false };
const at = (id: string, x: number, y: number, w: number, h: number): Widget => ({ id, x, y, w, h, config: graph });

describe("appendWidget", () => {
  it("puts the widget in the first free slot and leaves every other widget where it was", async () => {
    const { ctx } = await createTestProject();
    // A 6×4 hole at the top right, a full-width row under it.
    const existing = [at("left", 0, 0, 6, 4), at("wide", 0, 4, 12, 2)];
    const board = await createDashboard({ ctx, input: { name: "Ops", widgets: existing } });

    const first = await appendWidget({ ctx, dashboardId: board.id, input: { config: graph, w: 6, h: 4 } });
    expect(first.widget).toMatchObject({ x: 6, y: 0, w: 6, h: 4, config: graph });
    const second = await appendWidget({ ctx, dashboardId: board.id, input: { config: graph, w: 3, h: 2 } });
    expect(second.widget).toMatchObject({ x: 0, y: 6 });

    const stored = await getDashboard({ ctx, dashboardId: board.id });
    expect(stored.widgets.map((w) => [w.id, w.x, w.y, w.w, w.h])).toEqual([
      ["left", 0, 0, 6, 4],
      ["wide", 0, 4, 12, 2],
      [first.widget.id, 6, 0, 6, 4],
      [second.widget.id, 0, 6, 3, 2],
    ]);
    expect(new Set(stored.widgets.map((w) => w.id)).size).toBe(4);
  });

  it("keeps every widget when several are added at the same moment", async () => {
    const { ctx } = await createTestProject();
    const board = await createDashboard({ ctx, input: { name: "Busy", widgets: [at("first", 0, 0, 4, 3)] } });
    const added = await Promise.all(Array.from({ length: 6 }, () => appendWidget({ ctx, dashboardId: board.id, input: { config: graph, w: 4, h: 3 } })));
    const stored = await getDashboard({ ctx, dashboardId: board.id });
    expect(stored.widgets.map((w) => w.id).sort()).toEqual(["first", ...added.map((a) => a.widget.id)].sort());
    // Packed three to a row, with no two in one place.
    expect(new Set(stored.widgets.map((w) => `${w.x},${w.y}`)).size).toBe(7);
    expect(Math.max(...stored.widgets.map((w) => w.y))).toBe(6);
  });

  it("refuses a viewer, a dashboard of another project, an invalid widget and a 51st widget, changing nothing", async () => {
    const { ctx } = await createTestProject();
    const other = await createTestProject();
    const full = Array.from({ length: 50 }, (_, i) => at(`w${i}`, 0, i, 1, 1));
    const board = await createDashboard({ ctx, input: { name: "Full", widgets: full } });

    expect((await rejection(appendWidget({ ctx: { ...ctx, role: "viewer" }, dashboardId: board.id, input: { config: graph, w: 6, h: 4 } }))).status).toBe(403);
    expect((await rejection(appendWidget({ ctx: other.ctx, dashboardId: board.id, input: { config: graph, w: 6, h: 4 } }))).status).toBe(404);
    expect((await rejection(appendWidget({ ctx, dashboardId: "not-a-uuid", input: { config: graph, w: 6, h: 4 } }))).status).toBe(404);
    const bad = await rejection(appendWidget({ ctx, dashboardId: board.id, input: { config: { ...graph, queries: [] }, w: 13, h: 4 } }));
    expect(bad.status).toBe(422);
    expect((bad.details as { field: string }[]).map((d) => d.field).sort()).toEqual(["config.queries", "w"]);
    const tooMany = await rejection(appendWidget({ ctx, dashboardId: board.id, input: { config: graph, w: 6, h: 4 } }));
    expect(tooMany.status).toBe(422);
    expect((await getDashboard({ ctx, dashboardId: board.id })).widgets).toHaveLength(50);
  });
});
