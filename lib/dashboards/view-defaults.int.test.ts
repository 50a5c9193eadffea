import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { dashboards } from "@/lib/db/schema";
import { api, createTestProject } from "@/tests/fixtures";
import { insertPoints } from "@/tests/query-data";
import { createDashboard, getDashboard } from "./dashboards";
import { loadWidgetData } from "./load-widget-data";
import { viewDefaults } from "./view-state";

// A dashboard's saved view (range, interval, zone, refresh) over HTTP against the running app:
// what "Save as default" sends, and what a new dashboard stores.

const storedDefinition = async (id: string) => (await db().select().from(dashboards).where(eq(dashboards.id, id)))[0].definition as Record<string, unknown>;

describe("a dashboard's default view", () => {
  it("is stored without a zone for a new dashboard (each viewer's own) and with the auto interval", async () => {
    const p = await createTestProject();
    const key = await p.key();
    const res = await api("/api/v1/dashboards", { key, body: { name: "Fresh" } });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ range: "7d", interval: "auto", refreshSeconds: 0 });
    expect(created).not.toHaveProperty("timezone");
    expect(await storedDefinition(created.id)).not.toHaveProperty("timezone");
  });

  it("is saved by PATCH (range, interval, zone, refresh) and the zone unset again with null", async () => {
    const p = await createTestProject();
    const key = await p.key();
    const { id } = await (await api("/api/v1/dashboards", { key, body: { name: "Ops" } })).json();
    const url = `/api/v1/dashboards/${id}`;

    const saved = await api(url, { key, method: "PATCH", body: { range: "24h", interval: "5m", timezone: "europe/berlin", refreshSeconds: 60 } });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ range: "24h", interval: "5m", timezone: "Europe/Berlin", refreshSeconds: 60 });

    // A PATCH that leaves the view out keeps it.
    const renamed = await api(url, { key, method: "PATCH", body: { name: "Ops 2" } });
    expect(await renamed.json()).toMatchObject({ name: "Ops 2", interval: "5m", timezone: "Europe/Berlin" });

    const unset = await api(url, { key, method: "PATCH", body: { timezone: null } });
    expect(unset.status).toBe(200);
    const body = await unset.json();
    expect(body).not.toHaveProperty("timezone");
    expect(body).toMatchObject({ range: "24h", interval: "5m", refreshSeconds: 60 });
    expect(await storedDefinition(id)).not.toHaveProperty("timezone");
    expect((await (await api(url, { key })).json()).interval).toBe("5m");
  });

  it.each([
    ["an interval the engine does not know", { interval: "2m" }, "interval"],
    ["an interval that is not text", { interval: 5 }, "interval"],
    ["a zone PostgreSQL does not know", { timezone: "Mars/Base" }, "timezone"],
    ["an empty zone", { timezone: "" }, "timezone"],
    ["a negative refresh", { refreshSeconds: -1 }, "refreshSeconds"],
  ])("answers 422 naming the field for %s, and changes nothing", async (_, patch, field) => {
    const p = await createTestProject();
    const key = await p.key();
    const { id } = await (await api("/api/v1/dashboards", { key, body: { name: "Strict", interval: "1h", timezone: "Asia/Tokyo" } })).json();
    const res = await api(`/api/v1/dashboards/${id}`, { key, method: "PATCH", body: patch });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.details.map((d: { field: string }) => d.field)).toEqual([field]);
    expect(await getDashboard({ ctx: p.ctx, dashboardId: id })).toMatchObject({ interval: "1h", timezone: "Asia/Tokyo", refreshSeconds: 0 });
  });

  it("refuses a read-only key (a viewer never writes the defaults)", async () => {
    const p = await createTestProject();
    const { id } = await createDashboard({ ctx: p.ctx, input: { name: "Shared" } });
    const res = await api(`/api/v1/dashboards/${id}`, { key: await p.key(["read"]), method: "PATCH", body: { range: "1h" } });
    expect(res.status).toBe(403);
    expect((await getDashboard({ ctx: p.ctx, dashboardId: id })).range).toBe("7d");
  });

  it("keeps the zone an existing dashboard stored (UTC before zones became optional) through other changes", async () => {
    const p = await createTestProject();
    const d = await createDashboard({ ctx: p.ctx, input: { name: "Old" } });
    await db().update(dashboards).set({ definition: { widgets: [], range: "7d", refreshSeconds: 0, timezone: "UTC" } }).where(eq(dashboards.id, d.id));
    const key = await p.key();
    const res = await api(`/api/v1/dashboards/${d.id}`, { key, method: "PATCH", body: { range: "30d" } });
    expect(await res.json()).toMatchObject({ range: "30d", interval: "auto", timezone: "UTC" });
    expect(await storedDefinition(d.id)).toMatchObject({ timezone: "UTC" });
  });
});

describe("the server-rendered first data", () => {
  it("answers the viewer's view (range, interval, zone), as the browser would ask", async () => {
    const p = await createTestProject();
    await insertPoints({ projectId: p.projectId, name: "orders", type: "counter", points: [{ time: Date.now() - 3_600_000, value: 3 }] });
    const widget = { id: "g", x: 0, y: 0, w: 6, h: 3, config: { type: "graph" as const, title: "", queries: [{ source: "metric" as const, name: "orders", aggregation: "sum" as const, filters: [], groupBy: [] }], style: "line" as const, compare: false } };
    const dashboard = await createDashboard({ ctx: p.ctx, input: { name: "Viewed", widgets: [widget] } });
    const view = { ...viewDefaults(dashboard, "UTC"), range: "6h" as const, interval: "15m" as const, timezone: "America/New_York" };

    const initial = await loadWidgetData({ ctx: p.ctx, dashboard, view });

    expect(JSON.parse(initial.g.requestKey).queries.a).toMatchObject({ range: "6h", interval: "15m", timezone: "America/New_York" });
    const result = initial.g.results![0];
    expect(result).toMatchObject({ interval: "15m", timezone: "America/New_York" });
    expect(result.series[0].total).toBe(3);
  });
});
