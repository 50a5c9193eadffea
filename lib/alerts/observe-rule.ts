import { and, eq, inArray, isNull, or, ne } from "drizzle-orm";
import { systemCaller } from "@/lib/auth/caller";
import { db } from "@/lib/db/client";
import { anomalies, metrics } from "@/lib/db/schema";
import { FluxError } from "@/lib/errors";
import { runQuery, withQueryTransaction } from "@/lib/query/run-query";
import type { QueryResponse, Series } from "@/lib/query/model";
import { rawRelation } from "@/lib/storage/raw-relation";
import { ANOMALY_SEVERITIES, type AlertCondition, type AlertQueryRequest, type ThresholdCondition } from "./alert-schemas";
import { formatValue } from "./alert-message";
import type { Observation } from "./alert-state-machine";

// What a rule's condition looks like right now, per group. Reads only: the state machine and
// the writes come after (evaluate-alerts.ts).

export interface GroupObservation {
  group: Record<string, string>;
  obs: Observation;
  value: number | null;
  message: string;
  anomalyId?: string | null;
}

export const EVALUATION_JOB = "alert-evaluation";

/** Observations per group key. Groups the rule had before but that are not seen now are the caller's to settle. */
export async function observeRule(options: { projectId: string; condition: AlertCondition; now: number }): Promise<Map<string, GroupObservation>> {
  const { condition } = options;
  switch (condition.kind) {
    case "threshold":
      return observeThreshold({ ...options, condition });
    case "anomaly":
      return observeAnomaly({ ...options, condition });
    case "no_data":
      return observeNoData({ ...options, condition });
  }
}

/** A stable key for a tag set: '' when there is none. */
export function groupKeyOf(group: Record<string, string>): string {
  const keys = Object.keys(group).sort();
  return keys.length === 0 ? "" : JSON.stringify(keys.map((k) => [k, group[k]]));
}

/** The query with the rule's window: [now - window, now] in one-minute buckets. */
export function windowedQuery(query: AlertQueryRequest, windowMinutes: number, now: number): Record<string, unknown> {
  const range = { from: new Date(now - windowMinutes * 60_000).toISOString(), to: new Date(now).toISOString() };
  const window = { range, interval: "1m", timezone: "UTC" };
  if ("queries" in query && !("formula" in query)) {
    return { queries: Object.fromEntries(Object.entries(query.queries).map(([name, q]) => [name, { ...q, ...window }])) };
  }
  return { ...query, ...window };
}

export function reduceValues(values: number[], reduce: ThresholdCondition["reduce"]): number | null {
  if (values.length === 0) return null;
  switch (reduce) {
    case "avg":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "min":
      return Math.min(...values);
    case "max":
      return Math.max(...values);
    case "last":
      return values[values.length - 1];
  }
}

/** Threshold test with hysteresis: `cleared` only past recoverValue when one is set. */
export function compare(c: Pick<ThresholdCondition, "op" | "value" | "recoverValue">, v: number): { holds: boolean; cleared: boolean } {
  const holds = c.op === "above" ? v > c.value : v < c.value;
  const recoverAt = c.recoverValue ?? c.value;
  const cleared = c.op === "above" ? v <= recoverAt : v >= recoverAt;
  return { holds, cleared };
}

export function describeQuery(query: AlertQueryRequest): string {
  if ("formula" in query) return query.formula;
  if ("queries" in query) return Object.keys(query.queries).join(", ");
  return `${query.aggregation} of ${query.name}`;
}

function seriesOf(response: QueryResponse): { series: Series; extra: Record<string, string> }[] {
  if ("results" in response) {
    return Object.entries(response.results).flatMap(([name, r]) => r.series.map((series) => ({ series, extra: { query: name } })));
  }
  return response.series.map((series) => ({ series, extra: {} }));
}

async function observeThreshold(options: { projectId: string; condition: ThresholdCondition; now: number }): Promise<Map<string, GroupObservation>> {
  const { condition: c, now } = options;
  const out = new Map<string, GroupObservation>();
  let response: QueryResponse;
  try {
    response = await runQuery({ ctx: systemCaller(options.projectId, EVALUATION_JOB), input: windowedQuery(c.query, c.windowMinutes, now), now });
  } catch (error) {
    // A metric that does not exist (yet, or any more) has no data; anything else is an error.
    if (error instanceof FluxError && error.code === "not_found") return out;
    throw error;
  }
  const what = describeQuery(c.query);
  for (const { series, extra } of seriesOf(response)) {
    const group = { ...extra, ...series.tags };
    const values = series.points.map((p) => p[1]).filter((v): v is number => v !== null && Number.isFinite(v));
    const value = reduceValues(values, c.reduce);
    const key = groupKeyOf(group);
    if (value === null) {
      out.set(key, { group, obs: { kind: "no_data" }, value: null, message: `No data for ${what} in the last ${c.windowMinutes} min` });
      continue;
    }
    const { holds, cleared } = compare(c, value);
    // "avg of latency: max over 5 min is …" reads right even when reduce and aggregation share a name.
    const message = `${what}: ${c.reduce} over ${c.windowMinutes} min is ${formatValue(value)} (alert ${c.op} ${formatValue(c.value)}${c.recoverValue !== undefined ? `, recovers at ${formatValue(c.recoverValue)}` : ""})`;
    out.set(key, { group, obs: { kind: "value", value, holds, cleared }, value, message });
  }
  return out;
}

const atLeast = (min: (typeof ANOMALY_SEVERITIES)[number]) => ANOMALY_SEVERITIES.slice(ANOMALY_SEVERITIES.indexOf(min));

async function observeAnomaly(options: { projectId: string; condition: Extract<AlertCondition, { kind: "anomaly" }>; now: number }): Promise<Map<string, GroupObservation>> {
  const { condition: c } = options;
  const rows = await db()
    .select()
    .from(anomalies)
    .where(
      and(
        eq(anomalies.projectId, options.projectId),
        eq(anomalies.source, c.source),
        eq(anomalies.name, c.name),
        isNull(anomalies.endedAt),
        inArray(anomalies.severity, atLeast(c.minSeverity)),
        // A person said this pattern is normal: it never alerts.
        or(isNull(anomalies.feedback), ne(anomalies.feedback, "normal")),
      ),
    );
  const out = new Map<string, GroupObservation>();
  for (const a of rows) {
    const group = a.tags ?? {};
    out.set(groupKeyOf(group), {
      group,
      obs: { kind: "value", value: a.actual, holds: true, cleared: false },
      value: a.actual,
      message: `${a.severity} ${a.kind.replace("_", " ")} on ${c.name}: ${a.explanation}`,
      anomalyId: a.id,
    });
  }
  return out;
}

async function observeNoData(options: { projectId: string; condition: Extract<AlertCondition, { kind: "no_data" }>; now: number }): Promise<Map<string, GroupObservation>> {
  const { condition: c, now, projectId } = options;
  // Points stamped a little ahead of this clock (client clocks drift) are data too.
  const from = new Date(now - c.forMinutes * 60_000).toISOString();
  const to = new Date(now + 60_000).toISOString();
  let seen: boolean;
  if (c.source === "event") {
    seen = await exists(projectId, `SELECT 1 FROM ${rawRelation({ table: "events", from: "$1::timestamptz", to: "$2::timestamptz" })} e WHERE e.project_id = $3::uuid AND e.name = $4::text LIMIT 1`, [from, to, projectId, c.name]);
  } else {
    const [metric] = await db().select({ id: metrics.id, type: metrics.type }).from(metrics).where(and(eq(metrics.projectId, projectId), eq(metrics.name, c.name))).limit(1);
    const table = metric?.type === "set" ? "set_points" : "points";
    seen = metric
      ? await exists(projectId, `SELECT 1 FROM ${rawRelation({ table, from: "$1::timestamptz", to: "$2::timestamptz" })} p JOIN series s ON s.id = p.series_id WHERE s.metric_id = $3::int4 LIMIT 1`, [from, to, String(metric.id)])
      : false;
  }
  const message = seen ? `${c.name} has data in the last ${c.forMinutes} min` : `No ${c.source === "event" ? "events" : "points"} of ${c.name} in the last ${c.forMinutes} min`;
  return new Map([["", { group: {}, obs: { kind: "value", value: null, holds: !seen, cleared: seen }, value: null, message }]]);
}

async function exists(projectId: string, text: string, values: string[]): Promise<boolean> {
  const rows = await withQueryTransaction((exec) => exec({ text, values }), { projectId });
  return rows.length > 0;
}
