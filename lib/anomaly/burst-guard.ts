import type { AnomalyKind } from "./detector";

/** How many buckets of a spike or drop are kept out of the baseline. */
export const BURST_BUCKETS = 6;

/**
 * Whether a bucket judged anomalous must be learned as if it were absent: the first buckets of a
 * spike or drop. One burst must not raise the baseline (and widen the band) after it, while a
 * change that lasts longer is adopted at the detector's own pace. The detection job and the
 * charts' band replay both ask this, so a chart shows the band the job judged by.
 */
export function isBurst(options: { anomalous: boolean; kind: AnomalyKind | null; startedAt: number | null; t: number; bucketMs: number }): boolean {
  const { anomalous, kind, startedAt, t, bucketMs } = options;
  return anomalous && (kind === "spike" || kind === "drop") && startedAt !== null && t - startedAt < BURST_BUCKETS * bucketMs;
}
