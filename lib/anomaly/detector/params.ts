// The one parameter set every series is judged with (tuned on the NAB corpus as a whole,
// never per series).

export const PARAMS = {
  warmSeconds: 2 * 3600, // judge after two hours of history (and at least six buckets)
  levelRate: 0.02,
  seasonRate: 0.25,
  errorRate: 0.028,
  errorClip: 4,
  scaleRate: 0.014,
  huber: 3,
  scaleClip: 4,
  youngBoost: 1.75,
  firstDayBoost: 0.7,
  relativeFloor: 1e-3,
  stepFloor: 0.5,
  minCountMean: 0.05,
  driftRate: 0.15,
  driftClip: 4,
  shiftDrift: 2, // a deviation that has averaged 2σ for a while is a shift, not a spike
  driftAutocorrelation: 1.5,
  rebaseAfter: 5,
  scoreDecades: 5,
  calibrationPrior: 800,
  calibrationMemory: 2500,
  likelihoodMemory: 8000,
  likelihoodWarm: 300,
  likelihoodFloor: 0.05,
  likelihoodWeight: 0.7,
  repeatMin: 6, // deviations this large seen (decayed count) before a spike counts as recurring
  repeatMargin: 1, // decades of surprise a recurring spike keeps beyond its frequency
  countFirstVisit: 0.3, // one bucket of a count is a noisy sample of its slot
};

/** Scores at or above this are anomalies: a tail probability of 10^-scoreDecades. */
export const ALARM_SCORE = 0.5;

/**
 * Maps the surprise of a value (−log10 of its tail probability) to 0..1: 0 for the expected,
 * ALARM_SCORE at scoreDecades, approaching 1 without ever reaching it, so that ever rarer
 * values keep ranking higher (a saturated score would tie them).
 */
export function scoreFromSurprise(decades: number): number {
  const d = Math.max(0, decades);
  return d / (d + PARAMS.scoreDecades);
}
