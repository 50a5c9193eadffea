import { describe, expect, it } from "vitest";
import { DashboardDefinition, parseStoredDefinition, WidgetConfig } from "./schema";

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

  it("loads a stored dashboard with an unknown widget type by leaving that widget out and saying why", () => {
    const { definition, problems } = parseStoredDefinition({ range: "30d", widgets: [good, { ...good, id: "b", config: { type: "sankey" } }] });
    expect(definition.widgets.map((w) => w.id)).toEqual(["a"]);
    expect(definition.range).toBe("30d");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Widget b (type "sankey")');
  });
});
