import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MetricInput } from "./item-schemas";
import { INGEST_LIMITS as L } from "./limits";
import { canonicalTags, fastMetric, parseItems } from "./parse-items";

const NOW = Date.parse("2026-06-15T12:00:00.000Z");

describe("parseItems", () => {
  it("normalises what the BrainzLab SDKs send: null fields, scalar tag values, ISO and epoch-ms times", () => {
    const { points, events, rejected } = parseItems({
      now: NOW,
      metrics: [
        { type: "distribution", name: "db.query", value: 12.5, tags: { status: 200, unit: "ms", cached: false, gone: null }, timestamp: "2026-06-15T11:59:00.123Z" },
        { type: "set", name: "active.sessions", value: 12345, timestamp: NOW - 1000 },
        { type: "counter", name: "hits" },
      ],
      events: [{ name: "signup", timestamp: "2026-06-15T10:00:00", user_id: 42, session_id: null, value: null, properties: null, environment: null }],
    });
    expect(rejected).toEqual([]);
    expect(points.map((p) => [p.name, p.value, p.member, { ...p.tags }, p.time])).toEqual([
      ["db.query", 12.5, null, { status: "200", unit: "ms", cached: "false" }, Date.parse("2026-06-15T11:59:00.123Z")],
      ["active.sessions", 0, "12345", {}, NOW - 1000],
      ["hits", 1, null, {}, NOW],
    ]);
    expect(events[0]).toMatchObject({ userId: "42", sessionId: null, value: null, propertiesJson: "{}", time: Date.parse("2026-06-15T10:00:00Z") });
  });

  it("reads a decimal-string value as its number, as Ruby writes a BigDecimal", () => {
    const { points, events, rejected } = parseItems({
      now: NOW,
      metrics: [
        { type: "gauge", name: "money", value: "0.125e2" },
        { type: "gauge", name: "money", value: "-99.99" },
        { type: "gauge", name: "money", value: "0x10" },
        { type: "gauge", name: "money", value: "1e400" },
      ],
      events: [{ name: "order", value: "0.9999e2" }, { name: "order", value: "" }],
    });
    expect(points.map((p) => p.value)).toEqual([12.5, -99.99]);
    expect(events.map((e) => e.value)).toEqual([99.99]);
    expect(rejected.map((r) => [r.field, r.message])).toEqual([
      ["metrics[2].value", "value must be a number"],
      ["metrics[3].value", `value must be within ±${L.maxAbsValue}`],
      ["events[1].value", "value must be a number"],
    ]);
  });

  it("says a field is required only when it is absent, not when it has the wrong type", () => {
    const { rejected } = parseItems({ now: NOW, metrics: [{ type: "gauge", name: 5, value: 1 }, { type: "gauge", value: 1 }], events: [] });
    expect(rejected.map((r) => r.message)).toEqual(["name must be a string", "name is required"]);
  });

  it("rejects out-of-range times, naming the field", () => {
    const { rejected } = parseItems({
      now: NOW,
      metrics: [{ type: "gauge", name: "g", value: 1, timestamp: NOW + L.maxFutureMs + 1 }],
      events: [{ name: "e", timestamp: NOW - L.maxAgeMs - 1 }],
    });
    expect(rejected.map((r) => r.field)).toEqual(["metrics[0].timestamp", "events[0].timestamp"]);
  });

  it("rejects only the items whose timestamp names a date or time that does not exist", () => {
    const good = "2026-06-15T11:00:00Z";
    const bad = ["2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-06-15T24:00:00Z", "2026-06-15T11:60:00Z", "2026-06-15T11:00:60Z", "2025-02-29T00:00:00Z"];
    const { points, events, rejected } = parseItems({
      now: NOW,
      metrics: [{ type: "gauge", name: "g", value: 1, timestamp: good }, ...bad.map((timestamp) => ({ type: "gauge", name: "g", value: 1, timestamp }))],
      events: [{ name: "e", timestamp: "2026-02-28T23:59:59Z" }, { name: "e", timestamp: "2026-02-29T00:00:00Z" }],
    });
    expect(points.map((p) => p.time)).toEqual([Date.parse(good)]);
    expect(events.map((e) => e.time)).toEqual([Date.parse("2026-02-28T23:59:59Z")]);
    expect(rejected.map((r) => r.field)).toEqual([...bad.map((_, i) => `metrics[${i + 1}].timestamp`), "events[1].timestamp"]);
    expect(rejected.every((r) => /does not exist/.test(r.message))).toBe(true);
    const leap = parseItems({ now: Date.parse("2024-03-01T00:00:00Z"), metrics: [], events: [{ name: "e", timestamp: "2024-02-29T12:00:00Z" }] });
    expect(leap.events.map((e) => e.time)).toEqual([Date.parse("2024-02-29T12:00:00Z")]);
  });

  it("identifies a series by its tags whatever their order", () => {
    expect(canonicalTags({ b: "2", a: "1" })).toBe(canonicalTags({ a: "1", b: "2" }));
    expect(canonicalTags({})).toBe("{}");
  });

  it("fast path accepts only what the schema accepts, and normalises it the same way", () => {
    const name = fc.oneof(fc.constantFrom("cpu.usage", "a/b:c-d_e", "заказы", "", "has space", "x".repeat(L.maxNameLength + 1)), fc.string());
    const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const tags = fc.oneof(fc.constant(undefined), fc.constant(null), fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 4 }), fc.array(fc.string()));
    const timestamp = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.integer({ min: NOW - 2 * L.maxAgeMs, max: NOW + 2 * L.maxFutureMs }),
      fc.integer({ min: NOW - L.maxAgeMs, max: NOW }).map((t) => new Date(t).toISOString()),
      fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 })).map(
        ([m, d, h]) => `2026-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00Z`,
      ),
      fc.constantFrom("2026-02-31T00:00:00Z", "2026-06-15T24:00:00Z", "2026-06-15", "2026-06-15 11:00", "2026-06-15T11:00:00+01", "2026-06-15T11:00:00.1234Z"),
      fc.string(),
    );
    const raw = fc.record({ type: fc.constantFrom("gauge", "counter", "distribution", "set", "other"), name, value: scalar, tags, timestamp }, { requiredKeys: [] });
    fc.assert(
      fc.property(raw, (item) => {
        const fast = fastMetric(item, 0, NOW);
        if (!fast) return;
        const slow = MetricInput.safeParse(item);
        expect(slow.success).toBe(true);
        if (!slow.success) return;
        expect(fast.value).toBe(slow.data.value);
        expect({ ...fast.tags }).toEqual({ ...slow.data.tags });
        expect(fast.time).toBe(slow.data.time ?? NOW);
        expect(fast.tagKey).toBe(canonicalTags(slow.data.tags));
      }),
      { numRuns: 2000 },
    );
  });
});
