import { describe, expect, it } from "vitest";
import { FluxError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { AlertChannelInput, AlertRuleInput, UpdateAlertChannelInput } from "./alert-schemas";
import { compare, groupKeyOf, reduceValues, windowedQuery } from "./observe-rule";
import { readsNames } from "./after-ingest";

function fieldsOf(schema: Parameters<typeof parseInput>[0], input: unknown): string[] {
  try {
    parseInput(schema, input);
  } catch (e) {
    return ((e as FluxError).details as { field: string }[]).map((d) => d.field);
  }
  return [];
}

const threshold = { kind: "threshold", query: { source: "metric", name: "api.latency", aggregation: "p95" }, reduce: "avg", windowMinutes: 5, op: "above", value: 500 };

describe("alert channel input", () => {
  it("accepts webhook, Slack and email channels", () => {
    expect(fieldsOf(AlertChannelInput, { name: "Hook", kind: "webhook", url: "https://example.com/hook" })).toEqual([]);
    expect(fieldsOf(AlertChannelInput, { name: "Slack", kind: "slack", url: "https://hooks.slack.com/services/T/B/X" })).toEqual([]);
    expect(fieldsOf(AlertChannelInput, { name: "Mail", kind: "email", to: ["ops@example.com", "cto@example.com"] })).toEqual([]);
  });

  it("names each bad field", () => {
    expect(fieldsOf(AlertChannelInput, { name: "", kind: "webhook", url: "ftp://example.com" })).toEqual(["name", "url"]);
    expect(fieldsOf(AlertChannelInput, { name: "x", kind: "webhook", url: "https://user:pw@example.com/hook" })).toEqual(["url"]);
    expect(fieldsOf(AlertChannelInput, { name: "x", kind: "webhook", url: "not a url" })).toEqual(["url"]);
    expect(fieldsOf(AlertChannelInput, { name: "x", kind: "email", to: ["ops@example.com", "nope"] })).toEqual(["to.1"]);
    expect(fieldsOf(AlertChannelInput, { name: "x", kind: "email", to: [] })).toEqual(["to"]);
    expect(fieldsOf(AlertChannelInput, { name: "x", kind: "email", to: Array.from({ length: 11 }, (_, i) => `a${i}@example.com`) })).toEqual(["to"]);
    expect(fieldsOf(AlertChannelInput, { name: "x", kind: "email", to: ["a@example.com", "A@example.com"] })).toEqual(["to"]);
    expect(fieldsOf(AlertChannelInput, { name: "x", kind: "pager" })).toEqual(["kind"]);
    expect(fieldsOf(AlertChannelInput, { name: "a\u0000b", kind: "slack", url: "https://example.com" })).toEqual(["name"]);
    expect(fieldsOf(UpdateAlertChannelInput, { rotateSecret: false })).toEqual(["rotateSecret"]);
  });
});

describe("alert rule input", () => {
  it("accepts each condition kind with defaults", () => {
    const rule = parseInput(AlertRuleInput, { name: "Slow", condition: threshold });
    expect(rule).toMatchObject({ severity: "warning", channelIds: [], renotifyMinutes: null, mutedUntil: null, enabled: true, condition: { forMinutes: 0 } });
    expect(fieldsOf(AlertRuleInput, { name: "A", condition: { kind: "anomaly", source: "event", name: "signup", minSeverity: "high" } })).toEqual([]);
    expect(fieldsOf(AlertRuleInput, { name: "N", condition: { kind: "no_data", source: "metric", name: "heartbeat", forMinutes: 10 } })).toEqual([]);
    const formula = { ...threshold, query: { queries: { a: { source: "event", name: "error", aggregation: "count" }, b: { source: "event", name: "request", aggregation: "count" } }, formula: "a / b * 100" } };
    expect(fieldsOf(AlertRuleInput, { name: "F", condition: formula })).toEqual([]);
    const grouped = { ...threshold, query: { ...threshold.query, groupBy: ["route"], filters: [{ key: "env", op: "eq", value: "prod" }] } };
    expect(fieldsOf(AlertRuleInput, { name: "G", condition: grouped })).toEqual([]);
  });

  it("names each bad field, inside the condition and its query too", () => {
    expect(fieldsOf(AlertRuleInput, { name: "x", renotifyMinutes: 4, condition: threshold })).toEqual(["renotifyMinutes"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", renotifyMinutes: 7 * 24 * 60 + 1, condition: threshold })).toEqual(["renotifyMinutes"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", mutedUntil: "tomorrow", condition: threshold })).toEqual(["mutedUntil"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", mutedUntil: "0000-01-01T00:00:00Z", condition: threshold })).toEqual(["mutedUntil"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", channelIds: ["nope"], condition: threshold })).toEqual(["channelIds.0"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", condition: { ...threshold, recoverValue: 600 } })).toEqual(["condition.recoverValue"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", condition: { ...threshold, op: "below", recoverValue: 400 } })).toEqual(["condition.recoverValue"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", condition: { ...threshold, windowMinutes: 0 } })).toEqual(["condition.windowMinutes"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", condition: { ...threshold, query: { ...threshold.query, aggregation: "bogus" } } })).toEqual(["condition.query.aggregation"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", condition: { ...threshold, query: { ...threshold.query, range: "7d" } } })).toEqual(["condition.query"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", condition: { kind: "no_data", source: "metric", name: "hb", forMinutes: 0 } })).toEqual(["condition.forMinutes"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", condition: { kind: "anomaly", source: "metric", name: "m", minSeverity: "huge" } })).toEqual(["condition.minSeverity"]);
    expect(fieldsOf(AlertRuleInput, { name: "x", condition: { kind: "weather" } })).toEqual(["condition.kind"]);
  });
});

describe("threshold evaluation helpers", () => {
  it("reduces a window's bucket values", () => {
    expect(reduceValues([1, 4, 2], "avg")).toBeCloseTo(7 / 3);
    expect(reduceValues([1, 4, 2], "sum")).toBe(7);
    expect(reduceValues([1, 4, 2], "min")).toBe(1);
    expect(reduceValues([1, 4, 2], "max")).toBe(4);
    expect(reduceValues([1, 4, 2], "last")).toBe(2);
    expect(reduceValues([], "avg")).toBeNull();
  });

  it("compares with hysteresis: between value and recoverValue is neither alerting nor cleared", () => {
    const c = { op: "above" as const, value: 500, recoverValue: 400 };
    expect(compare(c, 501)).toEqual({ holds: true, cleared: false });
    expect(compare(c, 450)).toEqual({ holds: false, cleared: false });
    expect(compare(c, 400)).toEqual({ holds: false, cleared: true });
    expect(compare({ op: "below", value: 10 }, 9)).toEqual({ holds: true, cleared: false });
    expect(compare({ op: "below", value: 10 }, 10)).toEqual({ holds: false, cleared: true });
  });

  it("puts the rule's window on single, formula and multi queries", () => {
    const now = Date.UTC(2026, 11, 1, 10);
    const range = { from: "2026-12-01T09:55:00.000Z", to: "2026-12-01T10:00:00.000Z" };
    expect(windowedQuery({ source: "metric", name: "m", aggregation: "avg" }, 5, now)).toEqual({ source: "metric", name: "m", aggregation: "avg", range, interval: "1m", timezone: "UTC" });
    const formula = windowedQuery({ queries: { a: { source: "event", name: "e", aggregation: "count" } }, formula: "a * 2" }, 5, now);
    expect(formula).toMatchObject({ formula: "a * 2", range, interval: "1m" });
    const multi = windowedQuery({ queries: { a: { source: "event", name: "e", aggregation: "count" } } }, 5, now) as { queries: Record<string, unknown> };
    expect(multi.queries.a).toMatchObject({ range, interval: "1m" });
  });

  it("keys groups by their sorted tags, '' without any", () => {
    expect(groupKeyOf({})).toBe("");
    expect(groupKeyOf({ b: "2", a: "1" })).toBe(groupKeyOf({ a: "1", b: "2" }));
  });

  it("after ingest, evaluates only threshold and no-data rules that read a written name", () => {
    const names = { metric: new Set(["api.latency"]), event: new Set(["signup"]) };
    expect(readsNames(threshold, names)).toBe(true);
    expect(readsNames({ ...threshold, query: { ...threshold.query, name: "other" } }, names)).toBe(false);
    expect(readsNames({ ...threshold, query: { queries: { a: { source: "event", name: "signup", aggregation: "count" } }, formula: "a" } }, names)).toBe(true);
    expect(readsNames({ kind: "no_data", source: "event", name: "signup", forMinutes: 5 }, names)).toBe(true);
    expect(readsNames({ kind: "no_data", source: "metric", name: "signup", forMinutes: 5 }, names)).toBe(false);
    expect(readsNames({ kind: "anomaly", source: "metric", name: "api.latency", minSeverity: "low" }, names)).toBe(false);
  });
});
