import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { dashboards } from "@/lib/db/schema";
import { createTestProject } from "@/tests/fixtures";
import { FluxError } from "@/lib/errors";
import { createDashboard, deleteDashboard, duplicateDashboard, getDashboard, listDashboards, replaceDashboard, updateDashboard } from "./dashboards";
import type { Widget } from "./schema";

const numberWidget: Widget = {
  id: "w1",
  x: 0,
  y: 0,
  w: 3,
  h: 2,
  config: { type: "number", title: "Signups", query: { source: "event", name: "user.signed_up", aggregation: "count", filters: [], groupBy: [] }, higherIsBetter: true, thresholds: [] },
};

describe("dashboards", () => {
  it("creates, renames, saves a layout, duplicates, sets default and deletes", async () => {
    const { ctx } = await createTestProject();
    const created = await createDashboard({ ctx, input: { name: "Growth", widgets: [numberWidget] } });
    expect(created).toMatchObject({ name: "Growth", range: "7d", isDefault: false });

    await updateDashboard({ ctx, dashboardId: created.id, input: { name: "Growth KPIs", widgets: [{ ...numberWidget, x: 6, w: 6 }] } });
    const loaded = await getDashboard({ ctx, dashboardId: created.id });
    expect(loaded.name).toBe("Growth KPIs");
    expect(loaded.widgets[0]).toMatchObject({ x: 6, w: 6 });

    const copy = await duplicateDashboard({ ctx, dashboardId: created.id });
    expect(copy.name).toBe("Growth KPIs (copy)");
    expect(copy.widgets).toHaveLength(1);

    const made = await updateDashboard({ ctx, dashboardId: copy.id, input: { isDefault: true } });
    expect(made.isDefault).toBe(true);
    expect((await listDashboards({ ctx })).filter((d) => d.isDefault).map((d) => d.id)).toEqual([copy.id]);

    await deleteDashboard({ ctx, dashboardId: copy.id });
    const left = await listDashboards({ ctx });
    expect(left.map((d) => d.id)).toEqual([created.id]);
    expect(left[0].isDefault).toBe(false);
  });

  it("refuses a widget that does not fit the grid or has an unknown type", async () => {
    const { ctx } = await createTestProject();
    const bad = createDashboard({ ctx, input: { name: "Bad", widgets: [{ ...numberWidget, x: 10, w: 6 }] } });
    await expect(bad).rejects.toMatchObject({ code: "invalid" });
    const unknown = createDashboard({ ctx, input: { name: "Bad", widgets: [{ ...numberWidget, config: { type: "gauge-ish" } }] } });
    await expect(unknown).rejects.toBeInstanceOf(FluxError);
  });

  it("lets viewers read but not edit", async () => {
    const { ctx } = await createTestProject();
    const d = await createDashboard({ ctx, input: { name: "Shared" } });
    const viewer = { ...ctx, role: "viewer" as const };
    expect((await getDashboard({ ctx: viewer, dashboardId: d.id })).name).toBe("Shared");
    await expect(updateDashboard({ ctx: viewer, dashboardId: d.id, input: { name: "Mine" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(replaceDashboard({ ctx: viewer, dashboardId: d.id, input: { name: "Mine" } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("does not show one project's dashboard to another", async () => {
    const a = await createTestProject();
    const b = await createTestProject();
    const d = await createDashboard({ ctx: a.ctx, input: { name: "Private" } });
    await expect(getDashboard({ ctx: b.ctx, dashboardId: d.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("still opens a dashboard whose stored widget has a type this version does not know", async () => {
    const { ctx } = await createTestProject();
    const d = await createDashboard({ ctx, input: { name: "Mixed", widgets: [numberWidget] } });
    const future = { ...numberWidget, id: "w2", x: 3, config: { type: "sankey", flows: [] } };
    await db().update(dashboards).set({ definition: { widgets: [numberWidget, future], range: "24h", refreshSeconds: 60 } }).where(eq(dashboards.id, d.id));
    const loaded = await getDashboard({ ctx, dashboardId: d.id });
    expect(loaded.widgets.map((w) => w.id)).toEqual(["w1"]);
    expect(loaded).toMatchObject({ range: "24h", refreshSeconds: 60 });
    expect(loaded.problems?.[0]).toContain('"sankey"');
  });
});
