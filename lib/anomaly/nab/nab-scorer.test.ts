import { describe, expect, it } from "vitest";
import { detectionStats, optimiseThreshold, profileScore, sweepCorpus } from "./corpus-score";
import { probationaryLength, scaledSigmoid, scoreAtThreshold, scoresByThreshold, sweepSeries, type CostMatrix, type LabelledSeries } from "./sweep";

const STANDARD: CostMatrix = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const LOW_FN: CostMatrix = { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 };
const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const at = (i: number) => T0 + i * MIN;

/** 100 one-minute rows, one window over rows 50..59, alarms (score 1) at the given rows. */
function series(alarms: number[], windows: [number, number][] = [[50, 59]], rows = 100, name = "s"): LabelledSeries {
  const scores = Array.from({ length: rows }, (_, i) => (alarms.includes(i) ? 1 : 0));
  return { name, timestamps: scores.map((_, i) => at(i)), scores, windows: windows.map(([a, b]) => [at(a), at(b)] as const) };
}

function normalised(corpus: LabelledSeries[], cost = STANDARD): number | null {
  const sweeps = sweepCorpus(corpus, cost);
  return profileScore(corpus, sweeps, cost, optimiseThreshold(sweeps, cost).threshold).normalised;
}

function rawAt(s: LabelledSeries, threshold: number, cost = STANDARD): number {
  return scoreAtThreshold(scoresByThreshold(sweepSeries(s, cost), cost), threshold).score;
}

describe("NAB's scaled sigmoid", () => {
  it("is 0.987 at a window's left edge, 0 at its right edge and -0.987 a window-length past it", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 4);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 4);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 4);
    expect(scaledSigmoid(3.5)).toBe(-1);
  });

  it("leaves the first 15% of a file, at most 750 rows, to probation", () => {
    expect(probationaryLength(100)).toBe(15);
    expect(probationaryLength(100_000)).toBe(750);
  });
});

describe("NAB corpus score", () => {
  it("is 100 for a detector that alarms once at the start of every window", () => {
    expect(normalised([series([50]), series([20], [[20, 29]], 100, "b")])).toBeCloseTo(100, 6);
  });

  it("is 0 for a detector that never alarms", () => {
    expect(normalised([series([]), series([], [[20, 29]], 100, "b")])).toBe(0);
  });

  it("rewards an early detection over a late one in the same window", () => {
    expect(rawAt(series([52]), 0.5)).toBeGreaterThan(rawAt(series([58]), 0.5));
    expect(rawAt(series([58]), 0.5)).toBeGreaterThan(rawAt(series([]), 0.5));
  });

  it("counts only the first detection of a window", () => {
    expect(rawAt(series([51, 52, 53, 58]), 0.5)).toBeCloseTo(rawAt(series([51]), 0.5), 12);
  });

  it("charges a false positive its weight before any window, less just after one", () => {
    const base = rawAt(series([50]), 0.5);
    expect(base - rawAt(series([30, 50]), 0.5)).toBeCloseTo(0.11, 12);
    const justAfter = base - rawAt(series([50, 61]), 0.5);
    const farAfter = base - rawAt(series([50, 95]), 0.5);
    expect(justAfter).toBeGreaterThan(0);
    expect(justAfter).toBeLessThan(farAfter);
    expect(farAfter).toBeLessThanOrEqual(0.11);
  });

  it("ignores alarms in the probationary rows", () => {
    expect(rawAt(series([3, 50]), 0.5)).toBeCloseTo(rawAt(series([50]), 0.5), 12);
  });

  it("charges a missed window fnWeight: twice as much in the low-FN profile", () => {
    expect(rawAt(series([]), 0.5)).toBe(-1);
    expect(rawAt(series([]), 0.5, LOW_FN)).toBe(-2);
  });

  it("picks the threshold that maximises the corpus score", () => {
    // Window hits score 0.9, a false alarm scores 0.95 and noise 0.3: the best threshold is 0.9.
    const s = series([]);
    const scores = s.scores.map((_, i) => (i === 50 ? 0.9 : i === 30 ? 0.95 : 0.3));
    const sweeps = sweepCorpus([{ ...s, scores }], STANDARD);
    expect(optimiseThreshold(sweeps, STANDARD).threshold).toBe(0.9);
  });

  it("scores a detection at the threshold itself (score >= threshold)", () => {
    const s = { ...series([]), scores: series([]).scores.map((_, i) => (i === 50 ? 0.7 : 0)) };
    expect(rawAt(s, 0.7)).toBeGreaterThan(0);
    expect(rawAt(s, 0.70001)).toBe(-1);
  });

  it("refuses windows that do not start and end on rows", () => {
    const s = series([50]);
    expect(() => sweepSeries({ ...s, windows: [[at(50) + 1, at(59)]] }, STANDARD)).toThrow(/rows/);
  });
});

describe("detection statistics", () => {
  it("count windows found and missed, false alarm rows and episodes, and the delay from the window start", () => {
    const s = series([40, 41, 70, 53], [[50, 59], [80, 89]]);
    const stats = detectionStats(sweepSeries(s, STANDARD), 0.5);
    expect(stats).toMatchObject({ windows: 2, found: 1, missed: 1, falseAlarmRows: 3, falseAlarmEpisodes: 2 });
    expect(stats.delaysMs).toEqual([3 * MIN]);
  });
});
