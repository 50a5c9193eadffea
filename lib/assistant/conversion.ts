import { requirePermission, type Caller } from "@/lib/auth/caller";
import { eventSource } from "@/lib/query/event-sql";
import { filterConditions } from "@/lib/query/filters";
import type { Filter, Range } from "@/lib/query/model";
import { offsetToMs, rangeBounds } from "@/lib/query/resolve-range";
import { withQueryTransaction } from "@/lib/query/run-query";
import { SqlParams } from "@/lib/query/sql-params";
import { rawRelation } from "@/lib/storage/raw-relation";

// Conversion between two events, per user: runQuery aggregates one event at a time, so this
// is its own statement. Read-only (the query pool's read-only transaction and timeout),
// always scoped to the caller's project, every value a bound parameter.

export interface ConversionInput {
  from: { name: string; filters?: Filter[] };
  to: { name: string; filters?: Filter[] };
  range: Range;
  timezone: string;
  /** A duration like "7d": B must follow A within it (may reach past the range's end). Absent: B before the range ends. */
  within?: string;
  /** A property (or user_id, session_id, environment, service, tags.<key>) of the user's first A event. */
  breakdown?: string;
  /** Breakdown values kept; the rest are folded into one "other" row. */
  limit: number;
}

export interface ConversionRow {
  /** The breakdown value (null: the first A event had none); absent without a breakdown. */
  value: string | null;
  /** True for the row folding every value past the top `limit`. */
  other: boolean;
  started: number;
  converted: number;
  /** converted / started × 100; null when nobody started. */
  rate: number | null;
}

export interface ConversionResult {
  from: string;
  to: string;
  timezone: string;
  within: string | null;
  started: number;
  converted: number;
  rate: number | null;
  breakdown: ConversionRow[];
}

export const conversionRate = (started: number, converted: number) => (started > 0 ? (converted / started) * 100 : null);

/**
 * Users (user_id; events without one are left out) whose first A in the range is followed by a
 * B at or after it (within `within` when given, else before the range's end): how many did A,
 * how many then B, and the same per breakdown value of that first A.
 */
export async function eventConversion({ ctx, input, now = Date.now() }: { ctx: Caller; input: ConversionInput; now?: number }): Promise<ConversionResult> {
  requirePermission(ctx, "read");
  const { from, to } = rangeBounds(input.range, input.timezone, now);
  const withinMs = input.within ? offsetToMs(input.within) : null;
  const p = new SqlParams();
  const a = eventSource(ctx.projectId, input.from.name)(p);
  const aWhere = [...a.where, "e.user_id IS NOT NULL", ...filterConditions(input.from.filters ?? [], a.field, p)];
  const group = input.breakdown ? a.field(input.breakdown).text : "NULL::text";
  const b = eventSource(ctx.projectId, input.to.name)(p);
  const bWhere = [...b.where, "e.user_id IS NOT NULL", ...filterConditions(input.to.filters ?? [], b.field, p)];
  const follows = withinMs === null ? `b.t < ${p.time(to)}` : `b.t <= a.t + ${p.text(`${withinMs / 1000} seconds`)}::interval`;
  const bEnd = withinMs === null ? to : to + withinMs + 1;
  // A hash join on the user rather than a lookup per user: events have no index by user.
  const text = `WITH a AS (
      SELECT e.user_id AS u, min(e.time) AS t, (array_agg(${group} ORDER BY e.time, ${group} COLLATE "C"))[1] AS g
      FROM ${rawRelation({ table: "events", from: p.time(from), to: p.time(to) })} e WHERE ${aWhere.join(" AND ")} GROUP BY e.user_id
    ), b AS (
      SELECT e.user_id AS u, e.time AS t FROM ${rawRelation({ table: "events", from: p.time(from), to: p.time(bEnd) })} e WHERE ${bWhere.join(" AND ")}
    ), hits AS (
      SELECT DISTINCT a.u FROM a JOIN b ON b.u = a.u AND b.t >= a.t AND ${follows}
    ), grouped AS (
      SELECT a.g, count(*) AS n, count(h.u) AS k FROM a LEFT JOIN hits h ON h.u = a.u GROUP BY a.g
    ), ranked AS (
      SELECT g, n, k, row_number() OVER (ORDER BY n DESC, k DESC, g COLLATE "C" NULLS LAST) AS r FROM grouped
    )
    SELECT * FROM (
      SELECT CASE WHEN r <= ${p.int(input.limit)} THEN g END AS value, r > ${p.int(input.limit)} AS other,
             sum(n)::float8 AS started, sum(k)::float8 AS converted
      FROM ranked GROUP BY 1, 2
    ) rows ORDER BY other, started DESC, converted DESC, value COLLATE "C" NULLS LAST`;
  const rows = await withQueryTransaction((exec) => exec<{ value: string | null; other: boolean; started: number; converted: number }>({ text, values: p.values }), {
    projectId: ctx.projectId,
  });
  const started = rows.reduce((s, r) => s + r.started, 0);
  const converted = rows.reduce((s, r) => s + r.converted, 0);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    timezone: input.timezone,
    within: input.within ?? null,
    started,
    converted,
    rate: conversionRate(started, converted),
    breakdown: input.breakdown ? rows.map((r) => ({ ...r, rate: conversionRate(r.started, r.converted) })) : [],
  };
}
