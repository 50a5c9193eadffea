import { describe, expect, it } from "vitest";
import { AlertRuleInput } from "@/lib/alerts/alert-schemas";
import { draftFromRule, emptyDraft, nextQueryName, queryOfErrorPath, ruleInputFromDraft, type RuleDraft } from "./rule-draft";
import { errorFor, unclaimedErrors } from "./field-errors";
import { describeCondition } from "./describe-condition";

const toIso = (local: string) => new Date(`${local}:00Z`).toISOString();
const toLocal = (iso: string) => iso.slice(0, 16);

const threshold = (over: Partial<RuleDraft> = {}): RuleDraft => ({
  ...emptyDraft(),
  name: "Too many errors",
  queries: [{ name: "a", query: { source: "metric", name: "http.errors", aggregation: "sum", filters: [{ key: "", op: "eq", value: "" }], groupBy: [], label: "Errors" } }],
  value: "100",
  ...over,
});

describe("rule drafts", () => {
  it("send one query as the query model's single request, without label or half-typed filters", () => {
    const input = ruleInputFromDraft(threshold(), toIso);
    const parsed = AlertRuleInput.parse(input);
    expect(parsed.condition).toEqual({ kind: "threshold", query: { source: "metric", name: "http.errors", aggregation: "sum" }, reduce: "avg", windowMinutes: 5, op: "above", value: 100, forMinutes: 0 });
    expect(parsed.renotifyMinutes).toBeNull();
    expect(parsed.mutedUntil).toBeNull();
  });

  it("send several queries with a formula as a formula request, and without one as a multi request", () => {
    const two = threshold({
      queries: [
        { name: "a", query: { source: "metric", name: "http.errors", aggregation: "sum", filters: [], groupBy: [] } },
        { name: "b", query: { source: "event", name: "request", aggregation: "count", filters: [{ key: "country", op: "eq", value: "DE" }], groupBy: ["country"] } },
      ],
      formula: " a / b * 100 ",
      recoverValue: "80",
    });
    const parsed = AlertRuleInput.parse(ruleInputFromDraft(two, toIso));
    expect(parsed.condition).toMatchObject({ query: { formula: "a / b * 100", queries: { a: { name: "http.errors" }, b: { filters: [{ key: "country", op: "eq", value: "DE" }], groupBy: ["country"] } } }, recoverValue: 80 });
    const multi = AlertRuleInput.parse(ruleInputFromDraft({ ...two, formula: "" }, toIso));
    expect(multi.condition.kind === "threshold" && "formula" in (multi.condition.query as object)).toBe(false);
  });

  it("leave bad numbers as text so the schema names the field", () => {
    const r = AlertRuleInput.safeParse(ruleInputFromDraft(threshold({ value: "lots", windowMinutes: "" , renotify: "2" }), toIso));
    expect(r.success).toBe(false);
    const paths = r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["condition.value", "condition.windowMinutes", "renotifyMinutes"]));
  });

  it("read anomaly and no-data rules, and a mute in the future", () => {
    const mutedUntil = new Date(Date.now() + 3_600_000).toISOString();
    const anomaly = draftFromRule({ name: "Signups", severity: "critical", channelIds: ["c1"], renotifyMinutes: 60, mutedUntil, enabled: false, condition: { kind: "anomaly", source: "event", name: "signup", minSeverity: "high" } }, toLocal);
    expect(anomaly).toMatchObject({ kind: "anomaly", series: { source: "event", name: "signup" }, minSeverity: "high", renotify: "60", mutedUntil: mutedUntil.slice(0, 16), enabled: false });
    expect(ruleInputFromDraft(anomaly, toIso)).toMatchObject({ condition: { kind: "anomaly", source: "event", name: "signup", minSeverity: "high" }, renotifyMinutes: 60, mutedUntil: `${mutedUntil.slice(0, 16)}:00.000Z` });
    const past = draftFromRule({ name: "x", severity: "info", channelIds: [], renotifyMinutes: null, mutedUntil: "2020-01-01T00:00:00.000Z", enabled: true, condition: { kind: "no_data", source: "metric", name: "heartbeat", forMinutes: 15 } }, toLocal);
    expect(past).toMatchObject({ kind: "no_data", mutedUntil: "", forMinutes: "15" });
  });

  it("round-trip a stored formula rule through the form unchanged", () => {
    const condition = { kind: "threshold" as const, query: { queries: { errors: { source: "metric" as const, name: "e", aggregation: "sum" as const }, total: { source: "metric" as const, name: "t", aggregation: "sum" as const } }, formula: "errors / total" }, reduce: "max" as const, windowMinutes: 10, op: "below" as const, value: 5, recoverValue: 7, forMinutes: 3 };
    const draft = draftFromRule({ name: "Ratio", severity: "warning", channelIds: [], renotifyMinutes: null, mutedUntil: null, enabled: true, condition }, toLocal);
    expect(draft.queries.map((q) => q.name)).toEqual(["errors", "total"]);
    expect(AlertRuleInput.parse(ruleInputFromDraft(draft, toIso)).condition).toEqual(condition);
  });

  it("name new sub-queries with the first free letter", () => {
    expect(nextQueryName(["a", "b"])).toBe("c");
    expect(nextQueryName(["b"])).toBe("a");
    expect(nextQueryName(Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)))).toBe("q27");
  });
});

describe("field errors", () => {
  const fields = { "to.1": "Must be an email address", name: "Give it a name", "condition.query.queries.b.filters.0.op": "bad op", "condition.query.filters.0.value": "needs a value", surprise: "?" };
  it("land beside the field they name, nested ones included", () => {
    expect(errorFor(fields, "to")).toBe("Must be an email address");
    expect(errorFor(fields, "name")).toBe("Give it a name");
    expect(errorFor(fields, "url")).toBeUndefined();
    expect(errorFor(undefined, "name")).toBeUndefined();
  });
  it("that no field claims are listed, never dropped", () => {
    expect(unclaimedErrors(fields, ["to", "name", "condition"])).toEqual(["surprise: ?"]);
  });
  it("about a query land on the query they name", () => {
    expect(queryOfErrorPath("condition.query.queries.b.filters.0.op", ["a", "b"])).toBe("b");
    expect(queryOfErrorPath("condition.query.filters.0.value", ["a"])).toBe("a");
    expect(queryOfErrorPath("condition.query.formula", ["a", "b"])).toBeNull();
    expect(queryOfErrorPath("condition.value", ["a"])).toBeNull();
  });
});

describe("condition summaries", () => {
  it("say what each kind of rule watches", () => {
    expect(describeCondition({ kind: "anomaly", source: "metric", name: "revenue", minSeverity: "high" })).toBe("An anomaly of metric revenue, severity high or worse");
    expect(describeCondition({ kind: "no_data", source: "event", name: "heartbeat", forMinutes: 120 })).toBe("No data from event heartbeat for 2 h");
    expect(describeCondition({ kind: "threshold", query: { source: "metric", name: "latency", aggregation: "p95", groupBy: ["region"] }, reduce: "avg", windowMinutes: 5, op: "above", value: 300, recoverValue: 250, forMinutes: 2 }))
      .toBe("p95 of latency by region: avg over 5 min above 300 for 2 min, recovers at or below 250");
    expect(describeCondition({ kind: "threshold", query: { queries: { a: { source: "metric", name: "e", aggregation: "sum" }, b: { source: "event", name: "r", aggregation: "count" } }, formula: "a / b" }, reduce: "last", windowMinutes: 1, op: "below", value: 1, forMinutes: 0 }))
      .toBe("a / b (a = sum of e; b = count of event r): last over 1 min below 1");
  });
});
