// NAB's scoring rules (github.com/numenta/NAB, nab/sweeper.py), reimplemented from its
// documentation and source: every row gets the weight it would earn as a detection, then a
// threshold sweep from the highest anomaly score down totals the score of every threshold.

export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export interface LabelledSeries {
  name: string;
  timestamps: readonly number[]; // epoch ms, ascending
  scores: readonly number[]; // the detector's anomaly score per row, 0..1
  windows: readonly (readonly [number, number])[]; // [start, end] epoch ms, both rows of the series
}

export interface SweepPoint {
  t: number;
  score: number;
  /** what this row earns if it is a detection: a weighted TP inside a window, a (negative) FP outside */
  sweepScore: number;
  /** "series|windowStart" inside a window, null outside */
  window: string | null;
  probationary: boolean;
}

export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** -1 at a window's left edge → 0.987, 0 at its right edge → 0, beyond it negative down to -1. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

/** NAB ignores the first 15% of each file (at most 750 rows) while detectors learn. */
export function probationaryLength(rows: number, percent = 0.15): number {
  return Math.min(Math.floor(percent * rows), percent * 5000);
}

export function sweepSeries(series: LabelledSeries, cost: CostMatrix): SweepPoint[] {
  const { timestamps, scores, name } = series;
  if (timestamps.length !== scores.length) throw new Error(`${name}: ${timestamps.length} timestamps but ${scores.length} scores`);
  const indexOf = new Map<number, number>();
  timestamps.forEach((t, i) => indexOf.set(t, i));
  const windows = series.windows.map(([start, end]) => {
    const left = indexOf.get(start);
    const right = indexOf.get(end);
    if (left === undefined || right === undefined) throw new Error(`${name}: window ${new Date(start).toISOString()} does not start and end on rows`);
    return { start, left, right, width: right - left + 1 };
  });
  const maxTP = scaledSigmoid(-1);
  const probation = probationaryLength(timestamps.length);
  const points: SweepPoint[] = [];
  let next = 0;
  let current: (typeof windows)[number] | null = null;
  let previous: (typeof windows)[number] | null = null;
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i];
    if (!current && next < windows.length && windows[next].start === t) current = windows[next++];
    let sweepScore: number;
    if (current) {
      sweepScore = (scaledSigmoid(-(current.right - i + 1) / current.width) * cost.tpWeight) / maxTP;
    } else if (!previous) {
      sweepScore = -1 * cost.fpWeight;
    } else {
      sweepScore = scaledSigmoid(Math.abs(previous.right - i) / (previous.width - 1)) * cost.fpWeight;
    }
    const probationary = i < probation;
    const window = current && !probationary ? `${name}|${current.start}` : null;
    points.push({ t, score: scores[i], sweepScore, window, probationary });
    if (current && i === current.right) {
      previous = current;
      current = null;
    }
  }
  return points;
}

/**
 * The score at every distinct threshold, highest first: a row is a detection when its anomaly
 * score is >= the threshold; the first entry has threshold 1.1 (nothing detected). Only the best
 * (earliest) detection of a window counts; every detection outside a window costs its weight;
 * a window without detection costs fnWeight. Points may come from many series (a corpus).
 */
export function scoresByThreshold(points: readonly SweepPoint[], cost: CostMatrix): ThresholdScore[] {
  const scorable = points.filter((p) => !p.probationary).sort((a, b) => b.score - a.score);
  const windowParts = new Map<string, number>();
  for (const p of scorable) if (p.window !== null) windowParts.set(p.window, -cost.fnWeight);
  let windowSum = -cost.fnWeight * windowParts.size;
  let fpSum = 0;
  let tn = scorable.filter((p) => p.window === null).length;
  let fn = scorable.length - tn;
  let tp = 0;
  let fp = 0;
  let threshold = 1.1;
  const out: ThresholdScore[] = [];
  for (const p of scorable) {
    if (p.score !== threshold) {
      out.push({ threshold, score: windowSum + fpSum, tp, fp, fn, tn });
      threshold = p.score;
    }
    if (p.window === null) {
      fp++;
      tn--;
      fpSum += p.sweepScore;
    } else {
      tp++;
      fn--;
      const before = windowParts.get(p.window) as number;
      if (p.sweepScore > before) {
        windowSum += p.sweepScore - before;
        windowParts.set(p.window, p.sweepScore);
      }
    }
  }
  out.push({ threshold, score: windowSum + fpSum, tp, fp, fn, tn });
  return out;
}

/** The score of the given threshold: the entry for the lowest swept threshold still >= it. */
export function scoreAtThreshold(sweep: readonly ThresholdScore[], threshold: number): ThresholdScore {
  let match = sweep[0];
  for (const row of sweep) {
    if (row.threshold < threshold) break;
    match = row;
  }
  return match;
}
