import { systemCaller } from "@/lib/auth/caller";
import { describeEventName } from "@/lib/catalog/describe-event-name";
import { describeMetric } from "@/lib/catalog/describe-metric";
import type { AnomalyContributor } from "@/lib/db/schema";
import { JOB_NAME, queryWindow, type SeriesRef } from "./read-buckets";

// Which tag values (metrics) or property values (events) explain an episode: the episode window
// against the same window a week (or a day, or one window) earlier, per value of each key.

/** Keys compared per episode, and values per key (more would cost a raw scan for little). */
const MAX_KEYS = 3;
const MAX_DISTINCT = 50;
export const TOP_CONTRIBUTORS = 3;

export interface ValueChange {
  value: string;
  now: number | null;
  before: number | null;
}

/**
 * Each value's share of the whole change (0..1; negative when it moved against it), strongest
 * first. Pure: the caller reads the totals.
 */
export function sharesOfChange(key: string, changes: ValueChange[]): AnomalyContributor[] {
  const deltas = changes.map((c) => ({ value: c.value, delta: (c.now ?? 0) - (c.before ?? 0) }));
  const total = deltas.reduce((s, d) => s + d.delta, 0);
  const spread = deltas.reduce((s, d) => s + Math.abs(d.delta), 0);
  // A change whose parts cancel out has no share to hand out; weigh by absolute movement then.
  const denominator = Math.abs(total) >= 0.05 * spread ? total : Math.sign(total || 1) * spread;
  if (spread === 0 || denominator === 0) return [];
  return deltas
    .filter((d) => d.value !== "other" && d.value !== "(none)")
    .map((d) => ({ key, value: d.value, share: Math.round((d.delta / denominator) * 1000) / 1000 }))
    .sort((a, b) => b.share - a.share);
}

/** The comparison offset: a week back with a week of history, a day with a day, else the window before. */
export function baselineOffset(windowMs: number, historyMs: number): string {
  const DAY = 86_400_000;
  if (historyMs >= 8 * DAY) return "7d";
  if (historyMs >= 2 * DAY) return "1d";
  return `${Math.max(1, Math.ceil(windowMs / 60_000))}m`;
}

async function keysOf(series: SeriesRef): Promise<string[]> {
  const ctx = systemCaller(series.projectId, JOB_NAME);
  if (series.source === "metric") {
    const d = await describeMetric({ ctx, name: series.name });
    return d.tags.filter((t) => !(t.key in series.tags) && t.distinctCount > 1 && t.distinctCount <= MAX_DISTINCT).map((t) => t.key);
  }
  const d = await describeEventName({ ctx, name: series.name });
  return d.properties.filter((p) => p.distinctCount > 1 && p.distinctCount <= MAX_DISTINCT && p.type === "string").map((p) => p.key);
}

/** The top contributors of the change in [from, to) of a series; [] when nothing explains it. */
export async function findContributors(options: { series: SeriesRef; from: number; to: number; bucketSeconds: number; historyMs: number; now: number }): Promise<AnomalyContributor[]> {
  const keys = (await keysOf(options.series)).slice(0, MAX_KEYS);
  const offset = baselineOffset(options.to - options.from, options.historyMs);
  const found: AnomalyContributor[] = [];
  for (const key of keys) {
    const result = await queryWindow({ ...options, groupBy: [key], limit: 10, compare: { offset } });
    const changes = result.series.map((s) => ({ value: s.tags[key] ?? s.key, now: s.total, before: s.previous?.total ?? null }));
    found.push(...sharesOfChange(key, changes).slice(0, TOP_CONTRIBUTORS));
  }
  return found
    .filter((c) => c.share > 0)
    .sort((a, b) => b.share - a.share)
    .slice(0, TOP_CONTRIBUTORS);
}
