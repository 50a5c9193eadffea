import type { Tier } from "./model";
import type { Window } from "./resolve-range";

/** Rollup tiers and the width of their buckets (UTC-aligned: 1d buckets are UTC days). */
export const TIER_MS = { "1m": 60_000, "1h": 3_600_000, "1d": 86_400_000 } as const;
export type RollupTier = keyof typeof TIER_MS;
const COARSE_FIRST: RollupTier[] = ["1d", "1h", "1m"];

/** Where a rollup tier may be read: [from, to), from its retention to its watermark. */
export interface TierRange {
  tier: RollupTier;
  from: number;
  to: number;
}

/** One stretch of a window answered by one tier, or by raw rows. */
export interface Segment {
  tier: Tier;
  from: number;
  to: number;
}

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;
const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;

/** A tier answers a window's buckets exactly only if every bucket starts on one of its edges. */
function aligned(window: Window, tier: RollupTier): boolean {
  const step = TIER_MS[tier];
  return window.starts.every((s) => ((s % step) + step) % step === 0);
}

/**
 * The one place that decides which storage answers which part of a window: the coarsest
 * tier whose buckets fit the window's buckets, wherever that tier is rolled up and still
 * kept, finer tiers around it, and raw rows for the rest (the recent tail not rolled up
 * yet, and anything no aligned tier keeps). `available` is empty when the query cannot be
 * answered from rollups at all (a histogram, an event query filtered by properties).
 */
export function chooseTier(options: { window: Window; available: TierRange[] }): { tier: Tier; segments: Segment[] } {
  const { window } = options;
  const start = window.from;
  const end = window.end;
  const usable = COARSE_FIRST.flatMap((tier) => {
    const range = options.available.find((r) => r.tier === tier);
    if (!range || !aligned(window, tier)) return [];
    const step = TIER_MS[tier];
    const from = ceilTo(Math.max(range.from, start), step);
    const to = floorTo(Math.min(range.to, end), step);
    return from < to ? [{ tier, step, from, to }] : [];
  });
  const segments: Segment[] = [];
  const push = (tier: Tier, from: number, to: number) => {
    const last = segments[segments.length - 1];
    if (last && last.tier === tier && last.to === from) last.to = to;
    else segments.push({ tier, from, to });
  };
  let t = start;
  while (t < end) {
    const index = usable.findIndex((u) => t % u.step === 0 && t >= u.from && t + u.step <= u.to);
    if (index >= 0) {
      const chosen = usable[index];
      let stop = chosen.to;
      // Hand over to a coarser tier as soon as one can take over.
      for (const coarser of usable.slice(0, index)) {
        const next = Math.max(coarser.from, ceilTo(t + 1, coarser.step));
        if (next + coarser.step <= coarser.to) stop = Math.min(stop, next);
      }
      push(chosen.tier, t, stop);
      t = stop;
    } else {
      let stop = end;
      for (const u of usable) {
        const next = Math.max(u.from, ceilTo(t, u.step));
        if (next > t && next + u.step <= u.to) stop = Math.min(stop, next);
      }
      push("raw", t, stop);
      t = stop;
    }
  }
  const used = COARSE_FIRST.find((tier) => segments.some((s) => s.tier === tier));
  return { tier: used ?? "raw", segments };
}
