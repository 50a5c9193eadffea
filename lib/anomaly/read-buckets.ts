import { systemCaller, type Caller } from "@/lib/auth/caller";
import { runQuery } from "@/lib/query/run-query";
import { MAX_BUCKETS } from "@/lib/query/resolve-range";
import type { Filter, QueryResult } from "@/lib/query/model";
import { INTERVAL_OF, tagFilters } from "./series-spec";

export const JOB_NAME = "anomaly-detection";

export interface SeriesRef {
  projectId: string;
  source: "metric" | "event";
  name: string;
  aggregation: string;
  tags: Record<string, string>;
}

export interface Bucket {
  t: number;
  value: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One query through the engine as the anomaly job: tiers, retention and limits as for everyone. */
export async function queryWindow(options: {
  series: SeriesRef;
  from: number;
  to: number;
  bucketSeconds: number;
  now: number;
  filters?: Filter[];
  groupBy?: string[];
  limit?: number;
  compare?: { offset: string };
  /** Who asks (the job's system caller unless said). */
  ctx?: Caller;
}): Promise<QueryResult> {
  const { series } = options;
  const filters = [...tagFilters(series.tags), ...(options.filters ?? [])];
  const result = await runQuery({
    ctx: options.ctx ?? systemCaller(series.projectId, JOB_NAME),
    now: options.now,
    input: {
      source: series.source,
      name: series.name,
      aggregation: series.aggregation,
      ...(filters.length ? { filters } : {}),
      ...(options.groupBy ? { groupBy: options.groupBy, limit: options.limit ?? 10 } : {}),
      ...(options.compare ? { compare: options.compare } : {}),
      range: { from: iso(options.from), to: iso(options.to) },
      interval: INTERVAL_OF[options.bucketSeconds],
      timezone: "UTC",
    },
  });
  return result as QueryResult;
}

/**
 * Buckets [from, to) of one series at a bucket size (from and to on bucket edges), in slices
 * the query engine accepts. A bucket without data is null for levels and 0 for counts.
 */
export async function readBuckets(options: { series: SeriesRef; from: number; to: number; bucketSeconds: number; now: number; ctx?: Caller }): Promise<Bucket[]> {
  const step = options.bucketSeconds * 1000;
  const out: Bucket[] = [];
  for (let from = options.from; from < options.to; from += MAX_BUCKETS * step) {
    const to = Math.min(options.to, from + MAX_BUCKETS * step);
    const result = await queryWindow({ ...options, from, to });
    const byT = new Map<number, number | null>();
    for (const point of result.series[0]?.points ?? []) byT.set(point[0], point[1]);
    // Every bucket is present even when the engine answered no series (nothing at all yet).
    const empty = emptyValue(options.series);
    for (let t = from; t < to; t += step) out.push({ t, value: byT.has(t) ? byT.get(t)! : empty });
  }
  return out;
}

const emptyValue = (series: SeriesRef): number | null => (["count", "rate", "sum", "unique"].includes(series.aggregation) ? 0 : null);
