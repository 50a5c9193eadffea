import { describe, expect, it } from "vitest";
import { CreateDashboardInput, DashboardDefinition, parseStoredDefinition, UpdateDashboardInput, WidgetConfig } from "./schema";

const good = { id: "a", x: 0, y: 0, w: 3, h: 2, config: { type: "number", query: { source: "event", name: "signup", aggregation: "count" } } };

describe("dashboard schema", () => {
  it("fills defaults for a minimal widget and dashboard", () => {
    const d = DashboardDefinition.parse({ widgets: [good] });
    expect(d).toMatchObject({ range: "7d", refreshSeconds: 0 });
    expect(d.widgets[0].config).toMatchObject({ title: "", higherIsBetter: true, thresholds: [], query: { filters: [], groupBy: [] } });
  });

  it("rejects an aggregation that does not exist and a widget wider than the grid", () => {
    expect(WidgetConfig.safeParse({ type: "bar", query: { source: "metric", name: "x", aggregation: "median" } }).success).toBe(false);
    expect(DashboardDefinition.safeParse({ widgets: [{ ...good, x: 10, w: 4 }] }).success).toBe(false);
    expect(DashboardDefinition.safeParse({ widgets: [good, good] }).success).toBe(false);
  });

  it("refuses text PostgreSQL cannot store and zones it does not know, naming the field", () => {
    const paths = (r: { error?: { issues: { path: PropertyKey[] }[] } }) => r.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths(CreateDashboardInput.safeParse({ name: "Ops\u0000" }))).toEqual(["name"]);
    expect(paths(UpdateDashboardInput.safeParse({ timezone: "US/Pacific-New" }))).toEqual(["timezone"]);
    const titled = { ...good, config: { ...good.config, title: "\ud800" } };
    expect(paths(DashboardDefinition.safeParse({ widgets: [titled] }))).toEqual(["widgets.0.config.title"]);
    const filtered = { ...good, config: { ...good.config, query: { ...good.config.query, filters: [{ key: "plan", op: "eq", value: "a\u0000" }] } } };
    expect(paths(DashboardDefinition.safeParse({ widgets: [filtered] }))).toEqual(["widgets.0.config.query.filters.0.value"]);
    expect(paths(DashboardDefinition.safeParse({ range: { from: "2026-02-30T00:00:00Z", to: "2026-03-02T00:00:00Z" } }))).toEqual(["range.from"]);
  });

  it("keeps a stored dashboard's range when only its time zone is no longer known", () => {
    const { definition, problems } = parseStoredDefinition({ range: "30d", refreshSeconds: 60, timezone: "US/Pacific-New", widgets: [good] });
    expect(definition).toMatchObject({ range: "30d", refreshSeconds: 60, timezone: "UTC" });
    expect(definition.widgets).toHaveLength(1);
    expect(problems).toEqual([expect.stringContaining("time zone")]);
  });

  it("leaves a new dashboard's zone unset (each viewer's own) and its interval auto, and lets a PATCH unset the zone", () => {
    const d = DashboardDefinition.parse({});
    expect(d.interval).toBe("auto");
    expect(d).not.toHaveProperty("timezone");
    expect(UpdateDashboardInput.parse({ timezone: null, interval: "5m" })).toEqual({ timezone: null, interval: "5m" });
    expect(UpdateDashboardInput.safeParse({ interval: "2m" }).success).toBe(false);
  });

  it("reads a stored zone as it is, and a stored interval it cannot use as auto", () => {
    expect(parseStoredDefinition({ range: "7d", timezone: "UTC" }).definition.timezone).toBe("UTC");
    expect(parseStoredDefinition({ range: "7d" }).definition).not.toHaveProperty("timezone");
    const { definition, problems } = parseStoredDefinition({ range: "24h", interval: "2m", widgets: [good] });
    expect(definition).toMatchObject({ range: "24h", interval: "auto" });
    expect(problems).toEqual([expect.stringContaining("interval")]);
  });

  it("loads a stored dashboard with an unknown widget type by leaving that widget out and saying why", () => {
    const { definition, problems } = parseStoredDefinition({ range: "30d", widgets: [good, { ...good, id: "b", config: { type: "sankey" } }] });
    expect(definition.widgets.map((w) => w.id)).toEqual(["a"]);
    expect(definition.range).toBe("30d");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Widget b (type "sankey")');
  });
});
