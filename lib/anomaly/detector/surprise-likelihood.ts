// How unusual the recent run of surprises is for this series (the idea of Numenta's "anomaly
// likelihood" for HTM, reimplemented): the mean pointwise score over the last few buckets is
// compared with the long-run distribution of that mean (an EW mean and variance). A series that
// is often a little surprising (bursty load, jittery sensors) learns that this is its normal,
// while a change in how often surprises come (spikes growing denser, a sensor starting to
// wander) stands out even when no single value does.
import { normalLog10UpperTail } from "./tail-probability";

export const SHORT_WINDOW = 10;

export interface LikelihoodState {
  recentScores: Float64Array; // ring buffer of the last SHORT_WINDOW pointwise scores
  recentScoresAt: number;
  likelihoodN: number; // short means recorded in the long-run distribution
  likelihoodMean: number;
  likelihoodVar: number;
}

export interface LikelihoodParams {
  likelihoodMemory: number; // rows the long-run distribution remembers
  likelihoodWarm: number; // short means needed before it judges
  likelihoodFloor: number; // least standard deviation of the short mean
}

/** The mean of the short window if `score` were added now (the state is not touched). */
export function shortMean(state: LikelihoodState, score: number): number {
  let sum = score - state.recentScores[state.recentScoresAt];
  for (let i = 0; i < SHORT_WINDOW; i++) sum += state.recentScores[i];
  return sum / SHORT_WINDOW;
}

/** −log10 of the chance that the short mean runs this far above its long-run mean. */
export function likelihoodSurprise(state: LikelihoodState, mean: number, p: LikelihoodParams): number {
  if (state.likelihoodN < p.likelihoodWarm) return 0;
  const sd = Math.max(Math.sqrt(state.likelihoodVar), p.likelihoodFloor);
  const z = (mean - state.likelihoodMean) / sd;
  return z <= 0 ? 0 : -normalLog10UpperTail(z);
}

export function recordScore(state: LikelihoodState, score: number, mean: number, p: LikelihoodParams): void {
  state.recentScores[state.recentScoresAt] = score;
  state.recentScoresAt = (state.recentScoresAt + 1) % SHORT_WINDOW;
  state.likelihoodN++;
  const rate = Math.max(1 / p.likelihoodMemory, 1 / state.likelihoodN);
  const delta = mean - state.likelihoodMean;
  state.likelihoodMean += rate * delta;
  state.likelihoodVar = (1 - rate) * (state.likelihoodVar + rate * delta * delta);
}
