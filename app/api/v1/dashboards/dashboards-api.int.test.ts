import { describe, expect, it } from "vitest";
import { api, createTestProject } from "@/tests/fixtures";

const widget = {
  id: "calls",
  x: 0,
  y: 0,
  w: 6,
  h: 4,
  config: { type: "bar", title: "Calls", orientation: "vertical", query: { source: "metric", name: "api.calls", aggregation: "sum", groupBy: ["endpoint"] } },
};

describe("/api/v1/dashboards", () => {
  it("creates, lists, updates, duplicates, makes default and deletes with an admin key", async () => {
    const project = await createTestProject();
    const key = await project.key(["admin"]);
    const created = await api("/api/v1/dashboards", { key, body: { name: "Ops", widgets: [widget] } });
    expect(created.status).toBe(201);
    const dashboard = await created.json();
    expect(dashboard).toMatchObject({ name: "Ops", range: "7d", refreshSeconds: 0, isDefault: false, widgets: [{ id: "calls", config: { type: "bar" } }] });

    const patched = await api(`/api/v1/dashboards/${dashboard.id}`, { key, method: "PATCH", body: { range: "30d", isDefault: true, timezone: "Europe/Berlin" } });
    expect(await patched.json()).toMatchObject({ range: "30d", isDefault: true, name: "Ops", timezone: "Europe/Berlin" });
    const badZone = await api(`/api/v1/dashboards/${dashboard.id}`, { key, method: "PATCH", body: { timezone: "Mars/Olympus" } });
    expect(badZone.status).toBe(422);

    const replaced = await api(`/api/v1/dashboards/${dashboard.id}`, { key, method: "PUT", body: { name: "Operations", widgets: [] } });
    expect(await replaced.json()).toMatchObject({ name: "Operations", widgets: [], range: "7d" });

    const copy = await api(`/api/v1/dashboards/${dashboard.id}/duplicate`, { key, method: "POST" });
    expect(copy.status).toBe(201);
    expect((await copy.json()).name).toBe("Operations (copy)");

    const list = await (await api("/api/v1/dashboards", { key })).json();
    expect(list.dashboards.map((d: { name: string }) => d.name)).toEqual(["Operations", "Operations (copy)"]);

    expect((await api(`/api/v1/dashboards/${dashboard.id}`, { key, method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/v1/dashboards/${dashboard.id}`, { key })).status).toBe(404);
  });

  it("answers 422 naming the bad field, and 403 to a read-only key", async () => {
    const project = await createTestProject();
    const admin = await project.key(["admin"]);
    const bad = await api("/api/v1/dashboards", { key: admin, body: { name: "Bad", widgets: [{ ...widget, config: { ...widget.config, orientation: "diagonal" } }] } });
    expect(bad.status).toBe(422);
    const body = await bad.json();
    expect(body.error.code).toBe("invalid");
    expect(body.error.details.some((d: { field: string }) => d.field.startsWith("widgets.0.config"))).toBe(true);

    const read = await project.key(["read"]);
    expect((await api("/api/v1/dashboards", { key: read })).status).toBe(200);
    expect((await api("/api/v1/dashboards", { key: read, body: { name: "Nope" } })).status).toBe(403);
  });
});
