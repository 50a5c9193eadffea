import type { WidgetFilter, WidgetQuery } from "@/lib/dashboards/schema";
import type { AlertCondition, ANOMALY_SEVERITIES, RULE_SEVERITIES } from "@/lib/alerts/alert-schemas";

// What the rule form edits, and how it becomes the rule input L's domain functions validate.
// Pure and client-safe: numbers stay text until sent, so the server's message ("must be a
// number", "At least 1") is what the person reads beside the field.

type Severity = (typeof RULE_SEVERITIES)[number];
type AnomalySeverity = (typeof ANOMALY_SEVERITIES)[number];
export type ConditionKind = AlertCondition["kind"];
export type Reduce = "avg" | "min" | "max" | "sum" | "last";

export interface NamedQuery { name: string; query: WidgetQuery }

export interface RuleDraft {
  name: string;
  severity: Severity;
  channelIds: string[];
  /** Minutes as typed; "" = never re-notify. */
  renotify: string;
  /** A datetime-local value in the viewer's zone; "" = not muted. */
  mutedUntil: string;
  enabled: boolean;
  kind: ConditionKind;
  /** The metric or event of an anomaly or no-data rule. */
  series: { source: "metric" | "event"; name: string };
  minSeverity: AnomalySeverity;
  queries: NamedQuery[];
  /** "" with one query: that query; with several: each judged on its own. */
  formula: string;
  reduce: Reduce;
  windowMinutes: string;
  op: "above" | "below";
  value: string;
  recoverValue: string;
  forMinutes: string;
}

export const EMPTY_QUERY: WidgetQuery = { source: "metric", name: "", aggregation: "sum", filters: [], groupBy: [] };

/** The next free sub-query name: a, b, … z, then q27, q28 … */
export function nextQueryName(taken: readonly string[]): string {
  for (let i = 0; i < 26; i++) {
    const name = String.fromCharCode(97 + i);
    if (!taken.includes(name)) return name;
  }
  let n = 27;
  while (taken.includes(`q${n}`)) n++;
  return `q${n}`;
}

export function emptyDraft(): RuleDraft {
  return {
    name: "",
    severity: "warning",
    channelIds: [],
    renotify: "",
    mutedUntil: "",
    enabled: true,
    kind: "threshold",
    series: { source: "metric", name: "" },
    minSeverity: "medium",
    queries: [{ name: "a", query: { ...EMPTY_QUERY } }],
    formula: "",
    reduce: "avg",
    windowMinutes: "5",
    op: "above",
    value: "",
    recoverValue: "",
    forMinutes: "0",
  };
}

type StoredQuery = Omit<WidgetQuery, "filters" | "groupBy"> & { filters?: WidgetFilter[]; groupBy?: string[] };
const asWidgetQuery = (q: StoredQuery): WidgetQuery => ({ ...q, filters: q.filters ?? [], groupBy: q.groupBy ?? [] });

/** A stored rule as the form shows it. `toLocal` turns an ISO instant into a datetime-local value. */
export function draftFromRule(
  rule: { name: string; severity: Severity; channelIds: string[]; renotifyMinutes: number | null; mutedUntil: string | null; enabled: boolean; condition: AlertCondition },
  toLocal: (iso: string) => string,
): RuleDraft {
  const d: RuleDraft = {
    ...emptyDraft(),
    name: rule.name,
    severity: rule.severity,
    channelIds: [...rule.channelIds],
    renotify: rule.renotifyMinutes === null ? "" : String(rule.renotifyMinutes),
    mutedUntil: rule.mutedUntil && Date.parse(rule.mutedUntil) > Date.now() ? toLocal(rule.mutedUntil) : "",
    enabled: rule.enabled,
    kind: rule.condition.kind,
  };
  const c = rule.condition;
  if (c.kind === "anomaly") return { ...d, series: { source: c.source, name: c.name }, minSeverity: c.minSeverity };
  if (c.kind === "no_data") return { ...d, series: { source: c.source, name: c.name }, forMinutes: String(c.forMinutes) };
  const q = c.query as StoredQuery | { queries: Record<string, StoredQuery>; formula?: string };
  const queries = "queries" in q ? Object.entries(q.queries).map(([name, query]) => ({ name, query: asWidgetQuery(query) })) : [{ name: "a", query: asWidgetQuery(q) }];
  return {
    ...d,
    queries,
    formula: "queries" in q ? (q.formula ?? "") : "",
    reduce: c.reduce,
    windowMinutes: String(c.windowMinutes),
    op: c.op,
    value: String(c.value),
    recoverValue: c.recoverValue === undefined ? "" : String(c.recoverValue),
    forMinutes: String(c.forMinutes),
  };
}

/** A number when the text is one; otherwise the text itself, which the schema refuses by field. */
function numberOrText(text: string): number | string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

const incomplete = (f: WidgetFilter) =>
  !f.key.trim() || (f.op !== "exists" && f.op !== "not_exists" && (f.value === undefined || f.value === "" || (Array.isArray(f.value) && f.value.length === 0)));

/** A widget query as the alert's query model has it: no legend label, no half-typed filters, no empty lists. */
function alertQuery(q: WidgetQuery): Record<string, unknown> {
  const { label: _label, filters, groupBy, ...rest } = q;
  const complete = filters.filter((f) => !incomplete(f));
  return { ...rest, ...(complete.length ? { filters: complete } : {}), ...(groupBy.length ? { groupBy } : {}) };
}

/** The rule input sent to createAlertRule / updateAlertRule. `toIso` reads a datetime-local value in the viewer's zone. */
export function ruleInputFromDraft(d: RuleDraft, toIso: (local: string) => string | null): Record<string, unknown> {
  const renotify = numberOrText(d.renotify);
  const base = {
    name: d.name,
    severity: d.severity,
    channelIds: d.channelIds,
    renotifyMinutes: renotify === undefined ? null : renotify,
    mutedUntil: d.mutedUntil ? (toIso(d.mutedUntil) ?? d.mutedUntil) : null,
    enabled: d.enabled,
  };
  return { ...base, condition: conditionFromDraft(d) };
}

export function conditionFromDraft(d: RuleDraft): Record<string, unknown> {
  if (d.kind === "anomaly") return { kind: "anomaly", source: d.series.source, name: d.series.name, minSeverity: d.minSeverity };
  if (d.kind === "no_data") return { kind: "no_data", source: d.series.source, name: d.series.name, forMinutes: numberOrText(d.forMinutes) };
  const formula = d.formula.trim();
  const query =
    d.queries.length === 1 && !formula
      ? alertQuery(d.queries[0].query)
      : { queries: Object.fromEntries(d.queries.map((q) => [q.name, alertQuery(q.query)])), ...(formula ? { formula } : {}) };
  const recover = numberOrText(d.recoverValue);
  return {
    kind: "threshold",
    query,
    reduce: d.reduce,
    windowMinutes: numberOrText(d.windowMinutes),
    op: d.op,
    value: numberOrText(d.value),
    ...(recover === undefined ? {} : { recoverValue: recover }),
    forMinutes: numberOrText(d.forMinutes) ?? 0,
  };
}

/**
 * Where a server error about the query lands: "condition.query.filters.0.op" (one query) and
 * "condition.query.queries.b.filters.0.op" (several) both belong to the query named.
 */
export function queryOfErrorPath(path: string, names: readonly string[]): string | null {
  if (!path.startsWith("condition.query")) return null;
  const m = /^condition\.query\.queries\.([^.]+)/.exec(path);
  if (m) return names.includes(m[1]) ? m[1] : null;
  if (path === "condition.query.formula" || path === "condition.query.queries") return null;
  return names.length === 1 ? names[0] : null;
}
