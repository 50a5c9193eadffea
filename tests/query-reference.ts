import fc from "fast-check";
import { AGGREGATIONS, type Filter, type Interval } from "@/lib/query/model";
import type { Window } from "@/lib/query/resolve-range";
import { insertEvents, insertPoints, insertSetMembers } from "./query-data";

// A plain in-memory reference for the query engine over random data: random points, tags,
// filters, groupings, ranges, intervals, time zones and every aggregation but histogram.
// lib/query/reference.int.test.ts checks raw answers against it, tiers.int.test.ts rollups.

export const BASE = Date.parse("2026-03-27T00:00:00Z"); // spans the Berlin DST change
export const HOUR = 3_600_000;

export interface Datum {
  t: number;
  value: number;
  member: string;
  tags: Record<string, string>;
}

export type Kind = "counter" | "gauge" | "distribution" | "set" | "event";

const datum = fc.record({
  t: fc.integer({ min: 0, max: 72 * HOUR - 1 }).map((o) => BASE + o),
  value: fc.integer({ min: -50, max: 100 }),
  member: fc.constantFrom("u0", "u1", "u2", "u3", "u4"),
  env: fc.constantFrom("prod", "dev", undefined),
  host: fc.constantFrom("a", "b", "c"),
}).map(({ env, host, ...d }): Datum => ({ ...d, tags: env ? { env, host } : { host } }));

const filters: (Filter | null)[] = [
  null,
  { key: "env", op: "eq", value: "prod" },
  { key: "env", op: "neq", value: "prod" },
  { key: "host", op: "in", value: ["a", "b"] },
  { key: "host", op: "not_in", value: ["a"] },
  { key: "env", op: "exists" },
  { key: "env", op: "not_exists" },
];

/** Random data and a random query over it; `points` bounds how many rows the data has. */
export const scenarioOf = (points: { min: number; max: number }) => fc
  .constantFrom<Kind>("counter", "gauge", "distribution", "set", "event")
  .chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      aggregation: fc.constantFrom(...(AGGREGATIONS[kind] as readonly string[]).filter((a) => a !== "histogram")),
      data: fc.array(datum, { minLength: points.min, maxLength: points.max }),
      groupBy: fc.constantFrom<string[]>([], ["host"], ["env"], ["env", "host"]),
      limit: fc.integer({ min: 1, max: 4 }),
      filter: fc.constantFrom(...filters),
      interval: fc.constantFrom<Interval>("5m", "15m", "1h", "6h", "1d"),
      timezone: fc.constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"),
      fromOffset: fc.integer({ min: 0, max: 48 * HOUR }),
      duration: fc.integer({ min: 10 * 60_000, max: 48 * HOUR }),
    }),
  );

function passes(d: Datum, f: Filter | null): boolean {
  if (!f) return true;
  const v = d.tags[f.key];
  const list = (Array.isArray(f.value) ? f.value : [f.value]).map(String);
  if (f.op === "eq" || f.op === "in") return v !== undefined && list.includes(v);
  if (f.op === "neq" || f.op === "not_in") return !(v !== undefined && list.includes(v));
  if (f.op === "exists") return v !== undefined;
  return v === undefined;
}

function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  return lo + 1 < s.length ? s[lo] + (pos - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/** One aggregate over a set of rows, as DESIGN.md defines it (empty → 0 or null). */
function aggregate(kind: Kind, aggregation: string, rows: Datum[], seconds: number): number | null {
  const vals = rows.map((r) => r.value);
  const sum = vals.reduce((a, b) => a + b, 0);
  const avg = vals.length ? sum / vals.length : null;
  switch (kind) {
    case "counter":
      return aggregation === "rate" || aggregation === "per_second" ? sum / seconds : sum;
    case "set":
      return new Set(rows.map((r) => r.member)).size;
    case "event":
      if (aggregation === "count") return rows.length;
      if (aggregation === "unique_users") return new Set(rows.map((r) => r.member)).size;
      return aggregation === "sum" ? sum : avg;
    case "gauge": {
      if (aggregation === "avg") return avg;
      if (aggregation === "min") return vals.length ? Math.min(...vals) : null;
      if (aggregation === "max") return vals.length ? Math.max(...vals) : null;
      const latest = new Map<string, Datum>();
      for (const r of rows) {
        const k = JSON.stringify(r.tags);
        const cur = latest.get(k);
        if (!cur || r.t > cur.t || (r.t === cur.t && r.value > cur.value)) latest.set(k, r);
      }
      const lasts = [...latest.values()].map((r) => r.value);
      if (lasts.length === 0) return null;
      const total = lasts.reduce((a, b) => a + b, 0);
      return aggregation === "sum" ? total : total / lasts.length;
    }
    default:
      if (aggregation === "count") return rows.length;
      if (aggregation === "sum") return sum;
      if (aggregation === "avg") return avg;
      if (aggregation === "min") return vals.length ? Math.min(...vals) : null;
      if (aggregation === "max") return vals.length ? Math.max(...vals) : null;
      return percentile(vals, Number(aggregation.slice(1)) / 100);
  }
}

const pgGroupId = (values: (string | null)[]) => `[${values.map((v) => (v === null ? "null" : JSON.stringify(v))).join(", ")}]`;

export function reference(s: { kind: Kind; aggregation: string; groupBy: string[]; limit: number; filter: Filter | null; data: Datum[] }, w: Window) {
  const rows = s.data.filter((d) => d.t >= w.from && d.t < w.end && passes(d, s.filter));
  const groups = new Map<string, Datum[]>();
  for (const r of rows) {
    const id = s.groupBy.length ? pgGroupId(s.groupBy.map((k) => r.tags[k] ?? null)) : "";
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  if (!s.groupBy.length) groups.set("", groups.get("") ?? []);
  const windowSeconds = (w.end - w.from) / 1000;
  const ranked = [...groups].map(([id, rs]) => ({ id, rs, total: aggregate(s.kind, s.aggregation, rs, windowSeconds) }));
  ranked.sort((a, b) => (a.total === b.total ? (a.id < b.id ? -1 : 1) : a.total === null ? 1 : b.total === null ? -1 : b.total - a.total));
  let kept = ranked;
  if (s.groupBy.length && ranked.length > s.limit) {
    const rest = ranked.slice(s.limit).flatMap((g) => g.rs);
    kept = [...ranked.slice(0, s.limit), { id: "other", rs: rest, total: aggregate(s.kind, s.aggregation, rest, windowSeconds) }];
  }
  return kept.map((g) => {
    const key = !s.groupBy.length
      ? "*"
      : g.id === "other"
        ? s.groupBy.map((k) => `${k}=other`).join(",")
        : (JSON.parse(g.id) as (string | null)[]).map((v, i) => `${s.groupBy[i]}=${v ?? "(none)"}`).join(",");
    const inBucket = (i: number) => g.rs.filter((r) => r.t >= w.starts[i] && r.t < w.ends[i]);
    let points = w.starts.map((start, i) => aggregate(s.kind, s.aggregation, inBucket(i), (w.ends[i] - start) / 1000));
    // The largest magnitude a bucket's values reach: sketch percentiles are within 1% of it.
    const scales = w.starts.map((_, i) => Math.max(0, ...inBucket(i).map((r) => Math.abs(r.value))));
    if (s.aggregation === "cumulative") {
      let running = 0;
      points = points.map((v) => (running += v ?? 0));
    }
    return { key, points, total: g.total, scales, totalScale: Math.max(0, ...g.rs.map((r) => Math.abs(r.value))) };
  });
}

export const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

export const scenario = scenarioOf({ min: 0, max: 40 });
export type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Writes a scenario's data as metric `name` (or events named `name`), its times shifted by `shift`. */
export async function writeScenario(options: { projectId: string; name: string; s: Scenario; shift?: number }): Promise<void> {
  const { projectId, name, s } = options;
  const shift = options.shift ?? 0;
  if (s.kind === "event") {
    await insertEvents({ projectId, events: s.data.map((d) => ({ time: d.t + shift, name, userId: d.member, value: d.value, properties: d.tags })) });
  } else if (s.kind === "set") {
    await insertSetMembers({ projectId, name, members: s.data.map((d) => ({ time: d.t + shift, member: d.member, tags: d.tags })) });
    if (s.data.length === 0) await insertSetMembers({ projectId, name, members: [] });
  } else {
    await insertPoints({ projectId, name, type: s.kind, points: s.data.map((d) => ({ time: d.t + shift, value: d.value, tags: d.tags })) });
  }
}

/** The query a scenario asks, over [from, from + duration) of its own base time. */
export function scenarioQuery(s: Scenario, name: string, shift = 0) {
  const range = { from: BASE + shift + s.fromOffset, to: BASE + shift + s.fromOffset + s.duration };
  return {
    source: s.kind === "event" ? "event" : "metric", name, aggregation: s.aggregation, range, interval: s.interval, timezone: s.timezone,
    groupBy: s.groupBy.length ? s.groupBy : undefined, limit: s.limit, filters: s.filter ? [s.filter] : undefined,
  } as const;
}
