import { describe, expect, it } from "vitest";
import { MAX_CHANGE_BYTES, LiveChangeSchema, changeTouches, encodeChange, mergeChanges, type LiveChange } from "./change-message";

const change = (over: Partial<LiveChange> = {}): LiveChange => ({
  metrics: ["signups"],
  events: [],
  from: "2026-11-30T10:00:00.000Z",
  to: "2026-11-30T10:05:00.000Z",
  ...over,
});
const interest = (over: Partial<{ metrics: string[]; events: string[]; from: string; to: string }> = {}) => ({
  metrics: new Set(over.metrics ?? ["signups"]),
  events: new Set(over.events ?? []),
  from: Date.parse(over.from ?? "2026-11-30T09:00:00Z"),
  to: Date.parse(over.to ?? "2026-11-30T11:00:00Z"),
});

describe("live change messages", () => {
  it("touch a widget that reads one of the names within its window", () => {
    expect(changeTouches(change(), interest())).toBe(true);
    expect(changeTouches(change({ metrics: [], events: ["signup"] }), interest({ metrics: [], events: ["signup"] }))).toBe(true);
  });

  it("leave alone a widget that reads other names, or the same name as an event", () => {
    expect(changeTouches(change({ metrics: ["revenue"] }), interest())).toBe(false);
    expect(changeTouches(change({ metrics: [], events: ["signups"] }), interest())).toBe(false);
  });

  it("leave alone a widget whose window ends before or starts after the span", () => {
    expect(changeTouches(change(), interest({ to: "2026-11-30T09:59:59.999Z" }))).toBe(false);
    expect(changeTouches(change(), interest({ from: "2026-11-30T10:05:00.001Z" }))).toBe(false);
    expect(changeTouches(change(), interest({ from: "2026-11-30T10:05:00.000Z" }))).toBe(true);
  });

  it("with `all`, touch every widget whose window overlaps", () => {
    expect(changeTouches(change({ metrics: [], all: true }), interest({ metrics: ["anything"] }))).toBe(true);
  });

  it("merge names without duplicates and widen the span", () => {
    const merged = mergeChanges(change({ from: "2026-11-30T10:01:00.000Z" }), change({ metrics: ["signups", "orders"], from: "2026-11-30T10:02:00.000Z", to: "2026-11-30T12:00:00.000Z" }));
    expect(merged).toEqual({ metrics: ["signups", "orders"], events: [], from: "2026-11-30T10:01:00.000Z", to: "2026-11-30T12:00:00.000Z" });
  });

  it("turn into `all` when merged names pass the bound", () => {
    const many = (prefix: string) => Array.from({ length: 150 }, (_, i) => `${prefix}${i}`);
    expect(mergeChanges(change({ metrics: many("a") }), change({ metrics: many("b") })).all).toBe(true);
  });

  it("encode as `all` when the names would not fit in a NOTIFY or Pusher message", () => {
    const long = Array.from({ length: 60 }, (_, i) => `${"x".repeat(190)}${i}`);
    const encoded = encodeChange(change({ metrics: long }));
    expect(new TextEncoder().encode(encoded).length).toBeLessThanOrEqual(MAX_CHANGE_BYTES);
    expect(LiveChangeSchema.parse(JSON.parse(encoded))).toEqual({ metrics: [], events: [], from: change().from, to: change().to, all: true });
    // Multi-byte names count by bytes, not characters.
    const wide = Array.from({ length: 40 }, (_, i) => `${"ü".repeat(90)}${i}`);
    expect(JSON.parse(encodeChange(change({ metrics: wide }))).all).toBe(true);
    expect(JSON.parse(encodeChange(change()))).toEqual(change());
  });
});
