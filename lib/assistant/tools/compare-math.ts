import { percentChange } from "@/lib/query/assemble-series";
import type { Aggregation, Point, Series } from "@/lib/query/model";

// The arithmetic of compare_periods, pure so that its rules are tested on their own.

export interface Side {
  points: Point[];
  total: number | null;
}

export const STARTED_RULE =
  "Where the change started: buckets are matched by position (the current period's first day with the previous period's first day, and so on); the start is the earliest bucket k such that in bucket k and every later bucket of the current period, both sides have a value and the current value is strictly above (change up) or below (change down) the previous one. If the latest bucket is not, there is no start (null).";

export interface ComparedBucket {
  t: number;
  previousT: number;
  current: number | null;
  previous: number | null;
  difference: number | null;
}

export function compareBuckets(current: Side, previous: Side) {
  const absolute = current.total === null || previous.total === null ? null : current.total - previous.total;
  const direction: "up" | "down" | "flat" | "unknown" = absolute === null ? "unknown" : absolute > 0 ? "up" : absolute < 0 ? "down" : "flat";
  const n = Math.min(current.points.length, previous.points.length);
  const buckets: ComparedBucket[] = [];
  for (let i = 0; i < n; i++) {
    const [c, p] = [current.points[i][1], previous.points[i][1]];
    buckets.push({ t: current.points[i][0], previousT: previous.points[i][0], current: c, previous: p, difference: c === null || p === null ? null : c - p });
  }
  const sign = direction === "up" ? 1 : direction === "down" ? -1 : 0;
  let start = -1;
  if (sign !== 0) {
    for (let i = n - 1; i >= 0; i--) {
      const d = buckets[i].difference;
      if (d === null || d * sign <= 0) break;
      start = i;
    }
  }
  const first = start >= 0 ? buckets[start] : null;
  return {
    absolute,
    percent: percentChange(current.total, previous.total),
    direction,
    buckets,
    started: first && { index: start, bucket: first.t, previousBucket: first.previousT, current: first.current!, previous: first.previous!, bucketsSince: n - start },
  };
}

/** Aggregations whose group totals add up to the ungrouped total. */
const ADDITIVE = new Set<Aggregation>(["sum", "count", "rate", "per_second", "cumulative"]);

export interface BreakdownValue {
  value: string;
  current: number | null;
  previous: number | null;
  difference: number | null;
  share: number | null;
}

/**
 * Each value of the breakdown key with its total on both sides, its difference and its
 * share of the overall difference, largest absolute difference first. A value absent on one
 * side counts as 0 there for additive aggregations (nothing happened), else as unknown.
 */
export function explainByBreakdown(o: { aggregation: Aggregation; current: Series[]; previous: Series[]; overall: number | null; limit: number }): { additive: boolean; values: BreakdownValue[]; more: number } {
  const additive = ADDITIVE.has(o.aggregation);
  const label = (s: Series) => Object.values(s.tags).join(", ");
  const totals = new Map<string, { current: number | null; previous: number | null }>();
  for (const s of o.current) totals.set(label(s), { current: s.total, previous: additive ? 0 : null });
  for (const s of o.previous) totals.set(label(s), { current: totals.get(label(s))?.current ?? (additive ? 0 : null), previous: s.total });
  const values: BreakdownValue[] = [...totals].map(([value, t]) => {
    const difference = t.current === null || t.previous === null ? null : t.current - t.previous;
    const share = difference === null || !o.overall ? null : (difference / o.overall) * 100;
    return { value, current: t.current, previous: t.previous, difference, share };
  });
  values.sort((a, b) => Math.abs(b.difference ?? 0) - Math.abs(a.difference ?? 0) || (b.current ?? 0) - (a.current ?? 0) || a.value.localeCompare(b.value));
  return { additive, values: values.slice(0, o.limit), more: Math.max(0, values.length - o.limit) };
}
