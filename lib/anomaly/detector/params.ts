// The one parameter set every series is judged with (tuned on the NAB corpus as a whole,
// never per series).

export const PARAMS = {
  warmSeconds: 2 * 3600, // judge after two hours of history (and at least six buckets)
  levelRate: 0.1,
  seasonRate: 0.25,
  seasonShrink: 0.5,
  scaleRate: 0.02,
  huber: 3,
  scaleClip: 4,
  youngBoost: 2.5,
  relativeFloor: 1e-3,
  minCountMean: 0.05,
  driftRate: 0.15,
  driftClip: 4,
  driftAutocorrelation: 2,
  rebaseAfter: 6,
  scoreDecades: 10,
};

/** Scores at or above this are anomalies (tail probability 1e-5 with scoreDecades 10). */
export const ALARM_SCORE = 0.5;

/** Maps a tail probability to 0..1 on a log scale: 1e-10 and rarer → 1. */
export function scoreFromTail(p: number): number {
  const decades = -Math.log10(Math.max(p, 1e-300));
  return Math.max(0, Math.min(1, decades / PARAMS.scoreDecades));
}
