import { expect } from "vitest";
import { sql } from "@/lib/db/client";
import { rawRelation, type RawTable } from "@/lib/storage/raw-relation";
import { refreshRollups, type RefreshSummary } from "@/lib/storage/rollups/refresh-rollups";
import { insertEvents, insertPoints, insertSetMembers } from "../query-data";

// Shared by the rollup integration tests: one project's data of every rollup kind, its
// rollup rows at a tier, and the same aggregates computed straight from its raw rows.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export type Tier = "1m" | "1h" | "1d";
export const TIERS: Tier[] = ["1m", "1h", "1d"];
const WIDTH: Record<Tier, string> = { "1m": "1 minute", "1h": "1 hour", "1d": "1 day" };
export const TIER_MS: Record<Tier, number> = { "1m": MINUTE, "1h": HOUR, "1d": DAY };

export interface Scope {
  projectId: string;
  seriesIds: number[];
}

/** A rollup row, keyed "<kind>|<keys…>|<bucket ISO>", with its values. */
export type Rows = Map<string, Record<string, unknown>>;

/** Deterministic values with negatives, zero, ties and a wide range (sketch keys on both sides of 0). */
function valueAt(i: number): number {
  const r = Math.sin(i * 12.9898) * 43758.5453;
  const f = r - Math.floor(r);
  if (i % 17 === 0) return 0;
  return (i % 5 === 0 ? -1 : 1) * Math.round(f * 10 ** (1 + (i % 4)) * 1000) / 1000;
}

/**
 * Every rollup kind for one project over [from, to): a gauge with two series (two points at
 * the same instant now and then, so first/last ties are decided by value), a distribution, a
 * set, and two event names with users (some missing) and values (some missing).
 */
export async function seedProject(options: { projectId: string; from: number; to: number; stepMs?: number }): Promise<Scope> {
  const { projectId, from, to } = options;
  const step = options.stepMs ?? 45_000;
  const times: number[] = [];
  for (let t = from; t < to; t += step) times.push(t);
  await insertPoints({
    projectId,
    name: "rollup.gauge",
    type: "gauge",
    points: times.flatMap((t, i) => [
      { time: t, value: valueAt(i), tags: { host: "a" } },
      ...(i % 7 === 0 ? [{ time: t, value: valueAt(i + 1), tags: { host: "a" } }] : []),
      { time: t + 7_000, value: valueAt(i + 3), tags: { host: "b" } },
    ]),
  });
  await insertPoints({ projectId, name: "rollup.latency", type: "distribution", points: times.map((t, i) => ({ time: t + 11_000, value: valueAt(i * 3) })) });
  await insertSetMembers({ projectId, name: "rollup.visitors", members: times.map((t, i) => ({ time: t + 13_000, member: `visitor-${(i * 7) % 301}` })) });
  await insertEvents({
    projectId,
    events: times.flatMap((t, i) => [
      { time: t + 17_000, name: "signup", userId: i % 3 === 0 ? null : `user-${i % 97}`, value: i % 4 === 0 ? null : valueAt(i) },
      ...(i % 2 === 0 ? [{ time: t + 19_000, name: "purchase", userId: `user-${i % 13}`, value: Math.abs(valueAt(i + 5)) }] : []),
    ]),
  });
  return scopeOf(projectId);
}

export async function scopeOf(projectId: string): Promise<Scope> {
  const series = await sql()<{ id: number }[]>`SELECT id FROM series WHERE project_id = ${projectId} ORDER BY id`;
  return { projectId, seriesIds: series.map((s) => s.id) };
}

const KINDS = ["points", "sketch", "sets", "events", "event_users"] as const;
type Kind = (typeof KINDS)[number];
// Per kind: its key besides the bucket, its values (counts as float8: bigint arrives as text), its owner.
const KEY: Record<Kind, string> = {
  points: "series_id::text",
  sketch: "series_id || '|' || key",
  sets: "series_id || '|' || register",
  events: "name",
  event_users: "name || '|' || register",
};
const VALUES: Record<Kind, string> = {
  points: "count::float8 AS count, sum, min, max, first_pair, last_pair",
  sketch: "count::float8 AS count",
  sets: "rank",
  events: "count::float8 AS count, value_sum, value_count::float8 AS value_count",
  event_users: "rank",
};
const OWNER: Record<Kind, string> = {
  points: "series_id = ANY({series})",
  sketch: "series_id = ANY({series})",
  sets: "series_id = ANY({series})",
  events: "project_id = {project}",
  event_users: "project_id = {project}",
};
const MS = "(extract(epoch FROM bucket) * 1000)::float8 AS ms";

/** The scope's rows of every rollup kind at `tier`, for buckets before `before`. */
export async function rollupRows(scope: Scope, tier: Tier, before: number): Promise<Rows> {
  const parts = KINDS.map((kind) => `SELECT '${kind}' AS kind, ${KEY[kind]} AS k, ${MS}, ${VALUES[kind]} FROM rollup_${kind}_${tier} WHERE bucket < {end} AND ${OWNER[kind]}`);
  return toRows(await Promise.all(parts.map((q) => run(q, scope, before))));
}

/**
 * The row version (xmin) of each of the scope's rollup rows at `tier`: a row that is deleted
 * and inserted again, or updated, gets a new one even when its values come out the same.
 * With TimescaleDB the rows live in the continuous aggregate's materialization hypertable.
 */
export async function rowVersions(scope: Scope, tier: Tier, before: number): Promise<Map<string, string>> {
  const parts = await Promise.all(
    KINDS.map(async (kind) => {
      let relation = `rollup_${kind}_${tier}`;
      const [{ timescale }] = await sql()<{ timescale: boolean }[]>`SELECT to_regclass('rollup_watermarks') IS NULL AS timescale`;
      if (timescale) {
        [{ relation }] = await sql()<{ relation: string }[]>`
          SELECT format('%I.%I', h.schema_name, h.table_name) AS relation FROM _timescaledb_catalog.continuous_agg ca
          JOIN _timescaledb_catalog.hypertable h ON h.id = ca.mat_hypertable_id WHERE ca.user_view_name = ${relation}`;
      }
      return `SELECT '${kind}' AS kind, ${KEY[kind]} AS k, ${MS}, xmin::text AS version FROM ${relation} WHERE bucket < {end} AND ${OWNER[kind]}`;
    }),
  );
  const rows = toRows(await Promise.all(parts.map((q) => run(q, scope, before))));
  return new Map([...rows].map(([key, { version }]) => [key, version as string]));
}

/** The keys whose row version differs between two snapshots (new and removed rows included). */
export function rewrittenKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

/** A raw table's rows wherever they are stored (compressed ones too), as every reader sees them. */
const raw = (table: RawTable, alias: string = table) => `${rawRelation({ table, from: "'-infinity'::timestamptz", to: "'infinity'::timestamptz" })} AS ${alias}`;

/** The same aggregates straight from the scope's raw rows, bucketed at `tier`'s width. */
export async function rawAggregates(scope: Scope, tier: Tier, before: number): Promise<Rows> {
  const b = `date_bin('${WIDTH[tier]}', time, timestamptz 'epoch')`;
  const pair = "ARRAY[date_part('epoch', time), value]";
  const end = "{end}";
  const queries = [
    `SELECT 'points' AS kind, series_id::text AS k, (extract(epoch FROM ${b}) * 1000)::float8 AS ms, count(*)::float8 AS count, sum(value) AS sum, min(value) AS min, max(value) AS max,
       min(${pair}) AS first_pair, max(${pair}) AS last_pair FROM ${raw("points")} WHERE series_id = ANY({series}) AND ${b} < ${end} GROUP BY 2, 3`,
    `SELECT 'sketch' AS kind, p.series_id || '|' || flux_sketch_key(p.value) AS k, (extract(epoch FROM date_bin('${WIDTH[tier]}', p.time, timestamptz 'epoch')) * 1000)::float8 AS ms, count(*)::float8 AS count
       FROM ${raw("points", "p")} JOIN series s ON s.id = p.series_id JOIN metrics m ON m.id = s.metric_id
       WHERE m.type = 'distribution' AND p.series_id = ANY({series}) AND date_bin('${WIDTH[tier]}', p.time, timestamptz 'epoch') < ${end} GROUP BY 2, 3`,
    `SELECT 'sets' AS kind, series_id || '|' || flux_hll_register(member) AS k, (extract(epoch FROM ${b}) * 1000)::float8 AS ms, max(flux_hll_rank(member)) AS rank
       FROM ${raw("set_points")} WHERE series_id = ANY({series}) AND ${b} < ${end} GROUP BY 2, 3`,
    `SELECT 'events' AS kind, name AS k, (extract(epoch FROM ${b}) * 1000)::float8 AS ms, count(*)::float8 AS count, sum(value) AS value_sum, count(value)::float8 AS value_count
       FROM ${raw("events")} WHERE project_id = {project} AND ${b} < ${end} GROUP BY 2, 3`,
    `SELECT 'event_users' AS kind, name || '|' || flux_hll_register(user_id) AS k, (extract(epoch FROM ${b}) * 1000)::float8 AS ms, max(flux_hll_rank(user_id)) AS rank
       FROM ${raw("events")} WHERE project_id = {project} AND user_id IS NOT NULL AND ${b} < ${end} GROUP BY 2, 3`,
  ];
  return toRows(await Promise.all(queries.map((q) => run(q, scope, before))));
}

/** Runs a query with {series}, {project} and {end} placeholders bound to the scope and `before`. */
function run(query: string, scope: Scope, before: number): Promise<Record<string, unknown>[]> {
  const values: unknown[] = [];
  const bind = { series: [scope.seriesIds, "int[]"], project: [scope.projectId, "uuid"], end: [before, "float8"] } as const;
  const text = query.replace(/\{(series|project|end)\}/g, (_, name: keyof typeof bind) => {
    values.push(bind[name][0]);
    const param = `$${values.length}::${bind[name][1]}`;
    return name === "end" ? `to_timestamp(${param} / 1000)` : param;
  });
  return sql().unsafe(text, values as never[]);
}

function toRows(results: Record<string, unknown>[][]): Rows {
  const rows: Rows = new Map();
  for (const result of results) {
    for (const { kind, k, ms, ...values } of result) rows.set(`${kind}|${k}|${new Date(ms as number).toISOString()}`, values);
  }
  return rows;
}

const SUMS = new Set(["sum", "value_sum"]);

/** Equal rows: sums within floating-point reordering (1e-9 relative), everything else exact. */
export function expectSameRows(actual: Rows, expected: Rows, label: string): void {
  expect([...actual.keys()].sort(), `${label}: buckets`).toEqual([...expected.keys()].sort());
  for (const [key, want] of expected) {
    const got = actual.get(key)!;
    for (const [column, value] of Object.entries(want)) {
      if (SUMS.has(column) && typeof value === "number" && typeof got[column] === "number") {
        expect(Math.abs((got[column] as number) - value), `${label} ${key} ${column}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
      } else {
        expect(got[column], `${label} ${key} ${column}`).toEqual(value);
      }
    }
  }
}

/** The keys whose values differ between two snapshots (sums compared as in expectSameRows). */
export function changedKeys(before: Rows, after: Rows): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const same = (a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined) =>
    !!a && !!b && Object.keys(a).every((c) => (SUMS.has(c) && typeof a[c] === "number" ? Math.abs((a[c] as number) - (b[c] as number)) <= 1e-9 * Math.max(1, Math.abs(a[c] as number)) : JSON.stringify(a[c]) === JSON.stringify(b[c])));
  return [...keys].filter((k) => !same(before.get(k), after.get(k))).sort();
}

/**
 * refreshRollups until a call of its own has run: other test files refresh too, and a call
 * made while one of theirs holds the lock is skipped.
 */
export async function refreshNow(options: { now?: number } = {}): Promise<Extract<RefreshSummary, { status: "refreshed" }>> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const summary = await refreshRollups(options);
    if (summary.status === "refreshed") return summary;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("refreshRollups was skipped for a minute: another refresh held the lock all along");
}

/** The end of the last complete bucket of each tier that a refresh at `now` rolls up. */
export function tierEnds(now: number, lagMs = 60_000): Record<Tier, number> {
  const complete = now - lagMs;
  return { "1m": Math.floor(complete / MINUTE) * MINUTE, "1h": Math.floor(complete / HOUR) * HOUR, "1d": Math.floor(complete / DAY) * DAY };
}

/** flux_rollup_watermarks() in epoch ms: each tier may be read below it. */
export async function effectiveWatermarks(): Promise<Record<Tier, number>> {
  const rows = await sql()<{ tier: Tier; ms: number }[]>`SELECT tier, (extract(epoch FROM watermark) * 1000)::float8 AS ms FROM flux_rollup_watermarks()`;
  return Object.fromEntries(rows.map((r) => [r.tier, r.ms])) as Record<Tier, number>;
}
