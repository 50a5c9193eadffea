// Calibrates a standardised deviation against the series' own history of deviations, the way
// Numenta's "anomaly likelihood" does for HTM: a series whose residuals are heavy-tailed (load
// balancer spikes, bursty keys) has seen many 8σ moments, so one more is not news, while a
// calm series' first 8σ is. A decaying histogram of |z| over log-spaced bins gives the
// empirical tail probability; a Gaussian prior of a few pseudo-observations covers the young
// series and values beyond anything seen.
import { normalLog10UpperTail } from "./tail-probability";

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

/**
 * −log10 of the calibrated probability of a deviation at least as large as |z|: the share of
 * past deviations that reached it (the current bin counted in proportion of its width above
 * |z|), smoothed by `prior` pseudo-observations drawn from the one-sided Gaussian tail.
 */
export function calibratedSurprise(histogram: Float64Array, z: number, prior: number): number {
  const az = Math.abs(z);
  const bin = binOf(az);
  let total = 0;
  let above = 0;
  for (let i = 0; i < histogram.length; i++) {
    total += histogram[i];
    if (i > bin) above += histogram[i];
  }
  if (az > LOWEST) {
    const lo = edgeOf(bin);
    const hi = edgeOf(bin + 1);
    above += histogram[bin] * Math.max(0, Math.min(1, (hi - az) / (hi - lo)));
  } else {
    above += histogram[0];
  }
  const logGauss = normalLog10UpperTail(az) + Math.LOG10E * Math.LN2; // two-sided
  const gauss = 10 ** logGauss;
  if (above <= 0) {
    // Beyond everything seen: the prior alone, in logs so that extremes keep ranking.
    return -(logGauss + Math.log10(prior / (total + prior)));
  }
  return -Math.log10((above + prior * gauss) / (total + prior));
}

export function recordDeviation(histogram: Float64Array, z: number, decay: number): void {
  for (let i = 0; i < histogram.length; i++) histogram[i] *= decay;
  histogram[binOf(Math.abs(z))] += 1;
}
