// Calibrates a standardised deviation against the series' own history of deviations (in the
// spirit of Numenta's "anomaly likelihood" for HTM): a series whose residuals are heavy-tailed
// (load balancer spikes, bursty keys) has seen many 8σ moments, so one more is not news, while
// a calm series' first 8σ is. A decaying histogram of |z| over log-spaced bins says how much
// wider than Gaussian the series' tails run; deviations are deflated by that before the
// Gaussian tail turns them into a probability, so a Gaussian series keeps exact p-values.
import { normalLog10UpperTail, normalQuantileUpper } from "./tail-probability";

const BINS_PER_OCTAVE = 3;
const LOWEST = 0.25; // |z| below this falls in bin 0
export const HISTOGRAM_BINS = 14 * BINS_PER_OCTAVE; // up to 0.25·2^14 = 4096σ

export function binOf(z: number): number {
  if (!(z > LOWEST)) return 0;
  return Math.min(HISTOGRAM_BINS - 1, Math.floor(Math.log2(z / LOWEST) * BINS_PER_OCTAVE));
}

/** Lower edge of a bin in |z|. */
function edgeOf(bin: number): number {
  return LOWEST * 2 ** (bin / BINS_PER_OCTAVE);
}

/** The |z| exceeded by a share `tail` of the recorded deviations (log-interpolated in its bin). */
export function deviationQuantile(histogram: Float64Array, tail: number): number {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i];
  let above = 0;
  for (let i = histogram.length - 1; i >= 0; i--) {
    const next = above + histogram[i];
    if (next >= tail * total && histogram[i] > 0) {
      const inside = (tail * total - above) / histogram[i]; // share of the bin above the quantile
      return edgeOf(i + 1 - inside);
    }
    above = next;
  }
  return LOWEST;
}

/**
 * How much wider than a Gaussian's the series' own deviations run: the recorded 99th and
 * 99.9th percentiles of |z| against the Gaussian's, never below 1. A percentile needs a few
 * deviations beyond it to mean anything (one past spike must not widen every band), so on
 * short histories the shares move inwards, and the result is eased in over `prior` deviations.
 */
export function tailInflation(histogram: Float64Array, prior: number): number {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i];
  if (total <= 0) return 1;
  let widest = 0;
  for (const share of [0.01, 0.001]) {
    const tail = Math.max(share, MIN_BEYOND / total);
    if (tail >= 0.5) continue;
    const ratio = deviationQuantile(histogram, tail) / gaussianQuantile(tail);
    widest = Math.max(widest, (ratio - 1) * (total / (total + prior)));
  }
  return 1 + widest;
}

const MIN_BEYOND = 5;
const quantiles = new Map<number, number>();
/** |z| exceeded with probability `tail` by a standard normal (two-sided), memoised. */
function gaussianQuantile(tail: number): number {
  const key = Math.round(Math.log(tail) * 200) / 200;
  let q = quantiles.get(key);
  if (q === undefined) {
    q = normalQuantileUpper(Math.exp(key) / 2);
    if (quantiles.size < 10_000) quantiles.set(key, q);
  }
  return q;
}

/** −log10 of the two-sided Gaussian tail of |z| deflated by the series' tail inflation. */
export function calibratedSurprise(z: number, inflation: number): number {
  const az = Math.abs(z) / inflation;
  return -(normalLog10UpperTail(az) + Math.LOG10E * Math.LN2);
}

export function recordDeviation(histogram: Float64Array, z: number, decay: number): void {
  for (let i = 0; i < histogram.length; i++) histogram[i] *= decay;
  histogram[binOf(Math.abs(z))] += 1;
}

/**
 * How often deviations at least as large as |z| have been recorded lately (decayed count in
 * its bin and above, and the decayed total). A deviation the series keeps producing (a spike
 * every few hours) is only as surprising as its recent frequency says.
 */
export function seenAtLeast(histogram: Float64Array, z: number): { count: number; total: number } {
  let total = 0;
  let count = 0;
  const from = binOf(Math.abs(z));
  for (let i = 0; i < histogram.length; i++) {
    total += histogram[i];
    if (i >= from) count += histogram[i];
  }
  return { count, total };
}
