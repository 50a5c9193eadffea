import type { Filter } from "./model";
import { aggregateSql, type Exec, type Grouping, type Source } from "./aggregate-sql";
import type { Window } from "./resolve-range";
import type { SqlParams } from "./sql-params";

export interface HistogramEdges {
  low: number;
  step: number;
  count: number;
}

const MAX_BUCKETS = 12;

/** Round-number buckets (1, 2 or 5 × 10^k wide) that cover [min, max]. */
export function histogramEdges(min: number, max: number): HistogramEdges {
  if (max <= min) return { low: min, step: 1, count: 1 };
  const raw = (max - min) / 10;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => (max - Math.floor(min / s) * s) / s < MAX_BUCKETS) ?? 10 * magnitude;
  const low = Math.floor(min / step) * step;
  return { low, step, count: Math.max(1, Math.min(MAX_BUCKETS, Math.floor((max - low) / step) + 1)) };
}

/** Finds the value range in the window and groups rows by value bucket index. */
export async function histogramGrouping(options: { exec: Exec; source: (p: SqlParams) => Source; window: Window; filters: Filter[] }): Promise<{ grouping: Grouping; edges: HistogramEdges } | null> {
  const bounds = async (fn: "min" | "max") => {
    const st = aggregateSql({ ...options, spec: { kind: "plain", expr: (s) => `${fn}(${s.value})` }, grouping: { keys: [] }, bucketed: false });
    const [row] = await options.exec(st);
    return row?.v ?? null;
  };
  const min = await bounds("min");
  const max = await bounds("max");
  if (min === null || max === null) return null;
  const edges = histogramEdges(min, max);
  const expr = (s: Source, p: SqlParams) =>
    `LEAST(GREATEST(floor((${s.value} - ${p.num(edges.low)}) / ${p.num(edges.step)}), 0), ${edges.count - 1})::int::text`;
  return { grouping: { keys: [], expr }, edges };
}

export function bucketLabel(low: number, high: number): string {
  const f = (n: number) => String(Number(n.toPrecision(6)));
  return `${f(low)}–${f(high)}`;
}
