import { describe, expect, it } from "vitest";
import { intervalFits, readViewParams, sameView, viewDefaults, viewSearch, type ViewState } from "./view-state";
import { widgetRequest } from "./widget-request";
import { GraphConfig, HeatmapConfig } from "./schema";

const saved = { range: "7d" as const, interval: "auto" as const, refreshSeconds: 0, timezone: undefined };
const defaults = viewDefaults(saved, "America/New_York");
const read = (search: string, base: ViewState = defaults) => readViewParams(new URLSearchParams(search), base);

describe("the view a dashboard URL asks for", () => {
  it("is the saved defaults, in the viewer's own zone, without parameters", () => {
    expect(read("")).toEqual({ range: "7d", interval: "auto", timezone: "America/New_York", refreshSeconds: 0 });
    expect(viewDefaults({ ...saved, timezone: "Asia/Tokyo" }, "America/New_York").timezone).toBe("Asia/Tokyo");
  });

  it("reads each parameter: preset, custom from–to, interval, zone (in PostgreSQL's spelling) and refresh", () => {
    expect(read("range=6h&interval=5m&tz=europe/berlin&refresh=60")).toEqual({ range: "6h", interval: "5m", timezone: "Europe/Berlin", refreshSeconds: 60 });
    expect(read("from=2026-11-01T00:00:00Z&to=2026-11-02T12:00:00%2B01:00").range).toEqual({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T11:00:00.000Z" });
    expect(read(`from=${Date.UTC(2026, 0, 1)}&to=${Date.UTC(2026, 0, 2)}`).range).toEqual({ from: "2026-01-01T00:00:00.000Z", to: "2026-01-02T00:00:00.000Z" });
  });

  it("accepts the same parameters as Next.js hands a server page (repeated ones read first)", () => {
    expect(readViewParams({ range: ["24h", "1h"], tz: "UTC", refresh: undefined }, defaults)).toEqual({ ...defaults, range: "24h", timezone: "UTC" });
  });

  it.each([
    ["an unknown preset", "range=13h"],
    ["a duration the picker does not offer", "range=999999w"],
    ["from after to", "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z"],
    ["from equal to to", "from=2026-11-02T00:00:00Z&to=2026-11-02T00:00:00Z"],
    ["only a from", "from=2026-11-02T00:00:00Z"],
    ["an impossible date", "from=2026-02-30T00:00:00Z&to=2026-03-02T00:00:00Z"],
    ["a time without offset", "from=2026-11-01T00:00&to=2026-11-02T00:00"],
    ["a year past 9999", "from=2026-01-01T00:00:00Z&to=99999999999999999"],
    ["an unknown interval", "interval=2m"],
    ["an unknown zone", "tz=Mars/Olympus_Mons"],
    ["a zone PostgreSQL reads as a fixed offset", "tz=CET"],
    ["a negative refresh", "refresh=-30"],
    ["a refresh the picker does not offer", "refresh=1"],
    ["a fractional refresh", "refresh=30.5"],
    ["markup", "range=<script>alert(1)</script>&tz=<img src=x onerror=alert(1)>&interval=%00&refresh=1e3"],
    ["text too long to be anything", `tz=${"Europe/Berlin".repeat(10)}&range=${"7".repeat(200)}d`],
    ["empty values", "range=&from=&to=&interval=&tz=&refresh="],
  ])("falls back to the defaults on %s", (_, search) => {
    expect(read(search)).toEqual(defaults);
  });

  it("keeps the valid parameters when another one is invalid", () => {
    expect(read("range=24h&tz=Nowhere/City&refresh=-5&interval=1h")).toEqual({ ...defaults, range: "24h", interval: "1h" });
    // A broken custom range falls back to the preset beside it.
    expect(read("from=garbage&to=2026-11-01T00:00:00Z&range=1h").range).toBe("1h");
  });

  it("keeps a saved refresh or range that the pickers do not list", () => {
    const odd = viewDefaults({ ...saved, range: "90m", refreshSeconds: 120 }, "UTC");
    expect(read("range=90m&refresh=120", odd)).toEqual(odd);
    expect(read("range=90m&refresh=120")).toEqual(defaults);
  });

  it("drops an interval that gives too many buckets for the range, to the default or auto", () => {
    expect(read("range=30d&interval=1m").interval).toBe("auto");
    expect(read("range=30d&interval=1h").interval).toBe("1h");
    const hourly = viewDefaults({ ...saved, interval: "1h" }, "UTC");
    expect(read("range=30d&interval=1m", hourly).interval).toBe("1h");
    expect(read("range=ytd&interval=15m", hourly).interval).toBe("auto");
  });
});

describe("the URL of a view", () => {
  const views: [string, ViewState][] = [
    ["the defaults", defaults],
    ["a preset", { ...defaults, range: "6h" }],
    ["a custom range", { ...defaults, range: { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T06:30:00.000Z" } }],
    ["everything changed", { range: "yesterday", interval: "15m", timezone: "Asia/Kolkata", refreshSeconds: 300 }],
    ["UTC where the viewer is elsewhere", { ...defaults, timezone: "UTC" }],
  ];

  it.each(views)("reads back as the same view: %s", (_, view) => {
    expect(read(viewSearch(view, defaults))).toEqual(view);
  });

  it("carries only what differs from the defaults, readable", () => {
    expect(viewSearch(defaults, defaults)).toBe("");
    expect(viewSearch({ ...defaults, range: "6h" }, defaults)).toBe("range=6h");
    expect(viewSearch({ ...defaults, timezone: "Europe/Berlin", interval: "5m", refreshSeconds: 60, range: "24h" }, defaults)).toBe("range=24h&interval=5m&tz=Europe/Berlin&refresh=60");
    expect(viewSearch({ ...defaults, range: { from: Date.UTC(2026, 10, 1), to: "2026-11-02T00:00:00+01:00" } }, defaults)).toBe("from=2026-11-01T00:00:00.000Z&to=2026-11-01T23:00:00.000Z");
    // The viewer's own zone is the default: a link does not force it on others.
    expect(viewSearch({ ...defaults, timezone: "America/New_York" }, defaults)).toBe("");
  });

  it("compares custom ranges by instant, not by spelling", () => {
    const a = { ...defaults, range: { from: "2026-11-01T01:00:00+01:00", to: "2026-11-02T00:00:00Z" } };
    const b = { ...defaults, range: { from: Date.UTC(2026, 10, 1), to: "2026-11-02T00:00:00.000Z" } };
    expect(sameView(a, b)).toBe(true);
    expect(sameView(a, { ...b, refreshSeconds: 30 })).toBe(false);
  });
});

describe("the dashboard interval in widget requests", () => {
  const graph = GraphConfig.parse({ type: "graph", queries: [{ source: "metric", name: "cpu", aggregation: "avg" }] });

  it("asks every widget for the view's interval where it fits the widget's range", () => {
    expect(widgetRequest(graph, "6h", "UTC", "5m").queries.a.interval).toBe("5m");
    expect(widgetRequest({ ...graph, range: "90d" }, "6h", "UTC", "5m").queries.a.interval).toBe("auto");
    expect(widgetRequest(graph, "6h").queries.a.interval).toBe("auto");
  });

  it("keeps hours for the hour-of-week heatmap whatever the view's interval", () => {
    const week = HeatmapConfig.parse({ type: "heatmap", query: { source: "event", name: "order", aggregation: "count" } });
    expect(widgetRequest(week, "7d", "UTC", "1d").queries.a.interval).toBe("1h");
  });

  it("knows which intervals a range allows (at most 2000 buckets)", () => {
    expect(intervalFits("24h", "1m")).toBe(true);
    expect(intervalFits("7d", "1m")).toBe(false);
    expect(intervalFits("mtd", "15m")).toBe(false);
    expect(intervalFits("mtd", "1h")).toBe(true);
    expect(intervalFits({ from: "2026-01-01T00:00:00Z", to: "2026-01-01T12:00:00Z" }, "1m")).toBe(true);
    expect(intervalFits("90d", "auto")).toBe(true);
  });
});
