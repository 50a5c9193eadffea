import { describe, expect, it } from "vitest";
import { Widget } from "@/lib/dashboards/schema";
import type { LiveChange } from "@/lib/live/change-message";
import { changeForShare, eventForShare, namesOfWidgets } from "./share-live";

const widget = (id: string, config: unknown) => Widget.parse({ id, x: 0, y: 0, w: 4, h: 3, config });
const q = (source: "metric" | "event", name: string) => ({ source, name, aggregation: source === "metric" ? "sum" : "count" });

const widgets = [
  widget("n", { type: "number", query: q("metric", "signups") }),
  widget("g", { type: "graph", queries: [q("metric", "revenue"), q("event", "checkout")] }),
  widget("t", { type: "table", queries: [q("event", "order.placed")] }),
  widget("h", { type: "heatmap", query: q("metric", "signups") }),
];
const names = namesOfWidgets(widgets);

const change = (over: Partial<LiveChange> = {}): LiveChange => ({
  metrics: [],
  events: [],
  from: "2026-12-01T02:00:00.000Z",
  to: "2026-12-01T02:05:00.000Z",
  ...over,
});

describe("live updates for a share link's visitor", () => {
  it("know the names every widget reads, by source, graphs' several queries included", () => {
    expect([...names.metrics].sort()).toEqual(["revenue", "signups"]);
    expect([...names.events].sort()).toEqual(["checkout", "order.placed"]);
    expect(namesOfWidgets([])).toEqual({ metrics: new Set(), events: new Set() });
  });

  it("keep only the names the dashboard reads, and the span", () => {
    const cut = changeForShare(change({ metrics: ["signups", "secret.payroll"], events: ["checkout", "secret.login"] }), names);
    expect(cut).toEqual(change({ metrics: ["signups"], events: ["checkout"] }));
  });

  it("send nothing for a change that touches none of the dashboard's names", () => {
    expect(changeForShare(change({ metrics: ["secret.payroll"], events: ["secret.login"] }), names)).toBeNull();
    expect(changeForShare(change(), names)).toBeNull();
  });

  it("do not confuse a metric with an event of the same name", () => {
    expect(changeForShare(change({ metrics: ["checkout"], events: ["signups"] }), names)).toBeNull();
  });

  it("pass a change too large to name its names as `all`, with no names", () => {
    expect(changeForShare(change({ metrics: ["secret"], all: true }), names)).toEqual(change({ all: true }));
    expect(changeForShare(change({ all: true }), namesOfWidgets([]))).toEqual(change({ all: true }));
  });

  it("never pass the alerts signal; pass resyncs; filter changes", () => {
    expect(eventForShare({ kind: "alerts" }, names)).toBeNull();
    expect(eventForShare({ kind: "resync" }, names)).toEqual({ kind: "resync" });
    expect(eventForShare({ kind: "change", change: change({ metrics: ["revenue", "x"] }) }, names)).toEqual({ kind: "change", change: change({ metrics: ["revenue"] }) });
    expect(eventForShare({ kind: "change", change: change({ metrics: ["x"] }) }, names)).toBeNull();
  });
});
