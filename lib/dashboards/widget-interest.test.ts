import { describe, expect, it } from "vitest";
import { changeTouches } from "@/lib/live/change-message";
import { widgetInterest } from "./widget-interest";
import { GraphConfig, NumberConfig } from "./schema";

const now = Date.parse("2026-11-30T12:00:00Z");
const q = (name: string, source: "metric" | "event" = "metric") => ({ source, name, aggregation: source === "metric" ? "avg" : "count" });
const graph = GraphConfig.parse({ type: "graph", queries: [q("signups"), q("order.placed", "event")] });
const number = NumberConfig.parse({ type: "number", query: q("revenue") });
const at = (iso: string, metrics: string[] = [], events: string[] = []) => ({ metrics, events, from: iso, to: iso });

describe("which live changes a widget refetches for", () => {
  it("collects metric and event names apart, from every query", () => {
    const interest = widgetInterest(graph, { range: "1h", timezone: "UTC" }, now);
    expect([...interest.metrics]).toEqual(["signups"]);
    expect([...interest.events]).toEqual(["order.placed"]);
  });

  it("covers the dashboard range, bucket-aligned, up to now plus clock skew", () => {
    const interest = widgetInterest(graph, { range: "1h", timezone: "UTC" }, now);
    expect(changeTouches(at("2026-11-30T11:30:00Z", ["signups"]), interest)).toBe(true);
    expect(changeTouches(at("2026-11-30T12:03:00Z", ["signups"]), interest)).toBe(true);
    expect(changeTouches(at("2026-11-30T10:30:00Z", ["signups"]), interest)).toBe(false);
  });

  it("covers the previous period of a number widget, whose change arrow reads it", () => {
    const interest = widgetInterest(number, { range: "1h", timezone: "UTC" }, now);
    expect(changeTouches(at("2026-11-30T10:30:00Z", ["revenue"]), interest)).toBe(true);
    expect(changeTouches(at("2026-11-30T09:30:00Z", ["revenue"]), interest)).toBe(false);
  });

  it("ignores today's data on a dashboard showing yesterday, in the dashboard's zone", () => {
    const interest = widgetInterest(graph, { range: "yesterday", timezone: "Europe/Berlin" }, now);
    expect(changeTouches(at("2026-11-30T11:00:00Z", ["signups"]), interest)).toBe(false);
    expect(changeTouches(at("2026-11-29T22:30:00Z", ["signups"]), interest)).toBe(true);
    expect(changeTouches(at("2026-11-29T23:30:00Z", ["signups"]), interest)).toBe(false);
  });

  it("prefers the widget's own range to the dashboard's", () => {
    const own = GraphConfig.parse({ type: "graph", queries: [q("signups")], range: { from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" } });
    const interest = widgetInterest(own, { range: "1h", timezone: "UTC" }, now);
    expect(changeTouches(at("2026-01-01T12:00:00Z", ["signups"]), interest)).toBe(true);
    expect(changeTouches(at("2026-11-30T11:59:00Z", ["signups"]), interest)).toBe(false);
  });
});

describe("live interest follows the viewer's view", () => {
  it("aligns the window to the view's interval, so a change in the bucket still filling counts", () => {
    // A 1h view in whole hours starts at 11:00; in 6h buckets it reaches back to 06:00.
    const hourly = widgetInterest(graph, { range: "1h", timezone: "UTC", interval: "1h" }, now + 30 * 60_000);
    const sixHourly = widgetInterest(graph, { range: "1h", timezone: "UTC", interval: "6h" }, now + 30 * 60_000);
    expect(changeTouches(at("2026-11-30T09:00:00Z", ["signups"]), hourly)).toBe(false);
    expect(changeTouches(at("2026-11-30T09:00:00Z", ["signups"]), sixHourly)).toBe(true);
  });
});
