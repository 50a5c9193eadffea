import { BAND_INTERVALS } from "@/lib/anomaly/anomaly-schemas";

// The window the detail page draws around an episode: enough history before it to see what
// "usual" looks like, a little after it once it has closed, in buckets no finer than the ones
// the episode was judged at and never so many that the chart turns into a smear.

export type EpisodeInterval = (typeof BAND_INTERVALS)[number];

const SECONDS: Record<EpisodeInterval, number> = { "1m": 60, "5m": 300, "15m": 900, "1h": 3600 };
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The most buckets the chart draws; a longer window gets coarser buckets, then less history. */
export const MAX_BUCKETS = 720;

export interface EpisodeWindow {
  from: number;
  to: number;
  interval: EpisodeInterval;
  intervalSeconds: number;
  /** The episode's own span as drawn: its end is `to` while it is ongoing. */
  episode: { start: number; end: number };
}

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;
const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;

export function episodeWindow(options: { startedAt: string; endedAt: string | null; bucketSeconds: number; now: number }): EpisodeWindow {
  const start = Date.parse(options.startedAt);
  const now = Math.max(options.now, start);
  const end = options.endedAt === null ? now : Math.min(Math.max(Date.parse(options.endedAt), start), now);
  const bucketMs = Math.max(60, options.bucketSeconds || 60) * 1000;
  const duration = Math.max(end - start, bucketMs);
  const before = Math.max(3 * duration, 60 * bucketMs, 2 * HOUR);
  const after = options.endedAt === null ? 0 : Math.max(duration, 20 * bucketMs, 30 * MINUTE);
  const wantFrom = start - before;
  const wantTo = Math.min(end + after, now);
  // The finest interval at least as coarse as the episode's buckets that keeps the window within MAX_BUCKETS.
  const fitting = BAND_INTERVALS.filter((i) => SECONDS[i] * 1000 >= Math.min(bucketMs, HOUR));
  const interval = fitting.find((i) => (wantTo - wantFrom) / (SECONDS[i] * 1000) <= MAX_BUCKETS) ?? "1h";
  const step = SECONDS[interval] * 1000;
  const to = Math.max(ceilTo(wantTo, step), floorTo(start, step) + step);
  // Past what the coarsest interval can show, history before the episode is what gives way.
  const from = Math.max(floorTo(wantFrom, step), to - MAX_BUCKETS * step);
  return { from, to, interval, intervalSeconds: SECONDS[interval], episode: { start, end } };
}
