import { describe, expect, it } from "vitest";
import { AGGREGATIONS, METRIC_TYPES } from "@/lib/query/model";
import { WidgetConfig } from "@/lib/dashboards/schema";
import { defaultCatalogRange, catalogAggregations, catalogGraphConfig, catalogHref, catalogNumberConfig, directionOf, higherIsBetterOf, widgetTitleFor } from "./catalog-widget-config";

describe("catalogAggregations", () => {
  it("describes each kind with what fits it: counter sum, gauge avg, distribution p95 and avg, set unique, event count", () => {
    expect(catalogAggregations("counter")).toEqual(["sum"]);
    expect(catalogAggregations("gauge")).toEqual(["avg"]);
    expect(catalogAggregations("distribution")).toEqual(["p95", "avg"]);
    expect(catalogAggregations("set")).toEqual(["unique"]);
    expect(catalogAggregations("event")).toEqual(["count"]);
  });

  it("only ever picks aggregations the query engine allows for that kind", () => {
    for (const kind of [...METRIC_TYPES, "event"] as const) {
      for (const a of catalogAggregations(kind)) expect(AGGREGATIONS[kind] as readonly string[]).toContain(a);
    }
  });
});

describe("catalogGraphConfig", () => {
  it("draws one line per aggregation, labelled by it when there are several, split by the chosen tag", () => {
    const config = catalogGraphConfig({ kind: "distribution", name: "http.latency", title: "Latency", groupBy: "route" });
    expect(config.queries.map((q) => [q.aggregation, q.label, q.groupBy, q.limit])).toEqual([
      ["p95", "p95", ["route"], 10],
      ["avg", "avg", ["route"], 10],
    ]);
    expect(WidgetConfig.safeParse(config).success).toBe(true);
  });

  it("reads events as events and leaves the group-by empty without a breakdown", () => {
    const config = catalogGraphConfig({ kind: "event", name: "signup", title: "signup" });
    expect(config.queries).toEqual([{ source: "event", name: "signup", aggregation: "count", filters: [], groupBy: [] }]);
  });

  it("is a valid widget for a 200-character name and display name", () => {
    const name = "a.".repeat(100);
    const config = catalogGraphConfig({ kind: "gauge", name, title: `<script>"'\u200F${"x".repeat(200)}` });
    expect(WidgetConfig.safeParse(config).success).toBe(true);
    expect(config.title.length).toBeLessThanOrEqual(120);
  });
});

describe("catalogNumberConfig", () => {
  it("takes the direction from the catalog, a rise being good news when the catalog says nothing", () => {
    expect(catalogNumberConfig({ kind: "counter", name: "errors", title: "Errors", higherIsBetter: false }).higherIsBetter).toBe(false);
    expect(catalogNumberConfig({ kind: "counter", name: "signups", title: "Signups", higherIsBetter: true }).higherIsBetter).toBe(true);
    expect(catalogNumberConfig({ kind: "counter", name: "x", title: "x", higherIsBetter: null }).higherIsBetter).toBe(true);
  });

  it("shows one value of the first aggregation, never grouped", () => {
    const config = catalogNumberConfig({ kind: "distribution", name: "latency", title: "Latency", higherIsBetter: false });
    expect(config.query).toMatchObject({ aggregation: "p95", groupBy: [] });
    expect(WidgetConfig.safeParse(config).success).toBe(true);
  });
});

describe("widgetTitleFor", () => {
  it("keeps a title of 120 units and cuts a longer one with an ellipsis, never inside a surrogate pair", () => {
    expect(widgetTitleFor("x".repeat(120))).toBe("x".repeat(120));
    const cut = widgetTitleFor("😀".repeat(100));
    expect(cut.length).toBeLessThanOrEqual(120);
    expect(cut.endsWith("😀…")).toBe(true);
  });
});

describe("direction", () => {
  it("round-trips higher, lower and not set, and refuses anything else", () => {
    for (const v of [true, false, null]) expect(higherIsBetterOf(directionOf(v))).toBe(v);
    expect(higherIsBetterOf("sideways")).toBeUndefined();
  });
});

describe("catalogHref", () => {
  it("makes the name one path segment whatever it holds", () => {
    expect(catalogHref("p", "metric", "api/v1:latency.p95")).toBe("/projects/p/catalog/metrics/api%2Fv1%3Alatency.p95");
    expect(catalogHref("p", "event", "a b?#")).toBe("/projects/p/catalog/events/a%20b%3F%23");
  });
});

describe("defaultCatalogRange", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");
  it("opens on the shortest range that reaches back to the last time the data was seen", () => {
    expect(defaultCatalogRange("2026-11-30T11:59:00Z", now)).toBe("24h");
    expect(defaultCatalogRange("2026-11-28T12:00:00Z", now)).toBe("7d");
    expect(defaultCatalogRange("2026-11-10T12:00:00Z", now)).toBe("30d");
    expect(defaultCatalogRange("2026-01-01T00:00:00Z", now)).toBe("90d");
  });

  it("opens on a week when it was never seen or the time cannot be read", () => {
    expect(defaultCatalogRange(null, now)).toBe("7d");
    expect(defaultCatalogRange("not a time", now)).toBe("7d");
  });
});
