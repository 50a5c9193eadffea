import { describe, expect, it } from "vitest";
import { demoTimeline, generateDemoHistory, incidentAt, prng, trafficAt } from "./demo-history";

const END = Date.UTC(2026, 10, 25, 12, 0);
const DAY = 86_400_000;

describe("generateDemoHistory", () => {
  const history = generateDemoHistory({ end: END });

  it("is deterministic for a seed", () => {
    const again = generateDemoHistory({ end: END });
    expect(again.events.length).toBe(history.events.length);
    expect(again.metrics.slice(0, 50)).toEqual(history.metrics.slice(0, 50));
    expect(generateDemoHistory({ end: END, seed: 7 }).events.length).not.toBe(history.events.length);
  });

  it("covers 30 days and never the future", () => {
    const times = [...history.events, ...history.metrics].map((i) => i.timestamp);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(END - 30 * DAY);
    expect(Math.max(...times)).toBeLessThan(END);
  });

  it("stays small enough to seed in seconds", () => {
    expect(history.events.length + history.metrics.length).toBeLessThan(120_000);
    expect(history.events.length).toBeGreaterThan(4_000);
  });

  it("has signups, orders with revenue, latency, active users, API calls and errors", () => {
    const names = new Set([...history.events, ...history.metrics].map((i) => i.name));
    expect([...names].sort()).toEqual(["active_users", "api.calls", "api.errors", "http.request.duration", "order.completed", "user.signed_up"]);
    const orders = history.events.filter((e) => e.name === "order.completed");
    expect(orders.every((o) => typeof o.value === "number" && o.value > 0)).toBe(true);
    expect(new Set(history.metrics.filter((m) => m.name === "api.calls").map((m) => m.tags?.endpoint)).size).toBe(5);
  });

  it("has busier weekdays than weekends and afternoons than nights", () => {
    const t = history.timeline;
    const wednesday3pm = Date.UTC(2026, 10, 11, 15);
    const sunday3pm = Date.UTC(2026, 10, 15, 15);
    const wednesday3am = Date.UTC(2026, 10, 11, 3);
    expect(trafficAt(wednesday3pm, t)).toBeGreaterThan(trafficAt(sunday3pm, t));
    expect(trafficAt(wednesday3pm, t)).toBeGreaterThan(2 * trafficAt(wednesday3am, t));
  });

  it("spikes at the launch and slows responses during incidents", () => {
    const t = demoTimeline(END, 30);
    expect(trafficAt(t.launch + 3_600_000, t)).toBeGreaterThan(1.8 * trafficAt(t.launch - 7 * DAY + 3_600_000, t));
    const incident = t.incidents[1];
    expect(incidentAt(incident.start + 60_000, t)).toBe(incident);
    const slow = history.metrics.filter((m) => m.name === "http.request.duration" && m.timestamp >= incident.start && m.timestamp < incident.end);
    const normal = history.metrics.filter((m) => m.name === "http.request.duration" && m.timestamp >= incident.start - DAY && m.timestamp < incident.end - DAY);
    const mean = (xs: { value: number }[]) => xs.reduce((s, x) => s + x.value, 0) / xs.length;
    expect(mean(slow)).toBeGreaterThan(3 * mean(normal));
  });

  it("draws uniform numbers in [0, 1)", () => {
    const r = prng(1);
    const xs = Array.from({ length: 1000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});
