// The bucket size of a series read from its first timestamps: the median gap, so one missing
// or doubled row does not change it. Used by the CLI and the bench alike.

export const BUCKET_SAMPLE_ROWS = 50;

export function inferBucketSeconds(timestamps: readonly number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < timestamps.length && gaps.length < BUCKET_SAMPLE_ROWS; i++) {
    const gap = timestamps[i] - timestamps[i - 1];
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) throw new Error("need at least two distinct ascending timestamps to infer the bucket size");
  gaps.sort((a, b) => a - b);
  return Math.max(1, Math.round(gaps[Math.floor(gaps.length / 2)] / 1000));
}

/** "2014-04-01 00:00:00" (UTC, as in NAB), ISO 8601 with or without zone, or epoch seconds / ms. */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  const iso = s.includes("T") ? s : s.replace(" ", "T");
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(t)) throw new Error(`unreadable timestamp "${text}"`);
  return t;
}
