import type { Point } from "@/lib/query/model";

/** What a graph draws in a bucket without a reading (GraphConfig.fill once "auto" is resolved). */
export type FillMode = "none" | "last" | "zero";

export interface FilledPoints {
  points: Point[];
  /** Bucket index → time of the reading whose value it carries ("last"), or null for a zero put in ("zero"). */
  filled: Map<number, number | null>;
}

/**
 * "auto": a gauge's value holds until its next reading, so it is carried across empty buckets;
 * counters, distributions (percentile lines) and events show their gaps.
 */
export function resolveFill(fill: string | undefined, metricType: string | null | undefined): FillMode {
  if (fill === "none" || fill === "last" || fill === "zero") return fill;
  return metricType === "gauge" ? "last" : "none";
}

/**
 * Fills empty buckets. "last" carries a reading forward up to the next one, and from the last
 * one up to `now` (or the window's end), never before the first; "zero" puts 0 in every empty
 * bucket that has begun. Buckets that start after `now` stay empty: nothing is known of them.
 */
export function fillGaps(points: Point[], mode: FillMode, now: number): FilledPoints {
  const filled = new Map<number, number | null>();
  if (mode === "none") return { points, filled };
  let last: Point | null = null;
  const out = points.map(([t, v], i): Point => {
    if (v !== null) {
      last = [t, v];
      return [t, v];
    }
    if (t > now) return [t, v];
    if (mode === "zero") {
      filled.set(i, null);
      return [t, 0];
    }
    if (last === null) return [t, v];
    filled.set(i, last[0]);
    return [t, last[1]];
  });
  return { points: out, filled };
}

/** Indices of values with no value beside them: a line cannot draw them, so they get a symbol. */
export function isolatedPoints(points: Point[]): number[] {
  const has = (i: number) => i >= 0 && i < points.length && points[i][1] !== null;
  return points.flatMap((_, i) => (has(i) && !has(i - 1) && !has(i + 1) ? [i] : []));
}

/** A point ECharts draws alone: a line needs two, so a lone value gets a symbol of its own. */
export type LineItem = Point | { value: Point; symbol: "circle"; symbolSize: number };

/** Points as tuples; values with no neighbour as items with a visible symbol (the series sets symbol "none" for the rest). */
export function withLonePoints(points: Point[], symbolSize = 6): { data: LineItem[]; lone: boolean } {
  const lone = new Set(isolatedPoints(points));
  return { data: lone.size === 0 ? points : points.map((p, i) => (lone.has(i) ? { value: p, symbol: "circle", symbolSize } : p)), lone: lone.size > 0 };
}
