// The detector's whole memory: a handful of scalars plus the seasonal profiles. Everything
// that influences a future score lives here, so a snapshot taken between two updates and
// restored resumes bit for bit.
import type { DetectorOptions, DetectorSnapshot } from "./types";
import { decodeFloats, encodeFloats } from "./float-codec";
import { seasonalLayout, type SeasonalLayout } from "./seasonal-layout";
import { HISTOGRAM_BINS } from "./surprise-calibration";
import { SHORT_WINDOW, type LikelihoodState } from "./surprise-likelihood";

export const SNAPSHOT_VERSION = 2;
export const RECENT = 8; // residuals remembered for re-basing after a level shift

export interface ModelState extends LikelihoodState {
  n: number; // observations learned from
  firstT: number | null;
  lastT: number | null;
  level: number;
  scale: number; // EW mean absolute residual (robust spread)
  magnitude: number; // EW mean |value|, floors the spread of flat series
  step: number; // EW mean |value − previous value|, floors the spread of noiseless series
  previous: number | null;
  seen: number | null; // previous value as learned (clipped), the base of the fast forecast
  seenSeason: number; // seasonal offset at that previous bucket
  errSlow: number; // EW mean |error| of level + profiles
  errFast: number; // EW mean |error| of previous value + seasonal step
  variance: number; // EW mean squared residual, for count dispersion
  drift: number; // EW mean of standardised residuals: sustained deviation
  driftRun: number; // consecutive buckets the drift has alarmed
  daily: Float64Array;
  dailyCount: Float64Array;
  weekly: Float64Array;
  weeklyCount: Float64Array;
  recent: Float64Array; // last RECENT raw residuals, ring buffer
  recentAt: number;
  deviations: Float64Array; // decaying histogram of |z| (surprise-calibration.ts)
  warmup: Float64Array; // first values, for a robust start (median / MAD)
  warmupN: number;
}

export const WARMUP = 12;

export function initialState(layout: SeasonalLayout): ModelState {
  return {
    n: 0,
    firstT: null,
    lastT: null,
    level: 0,
    scale: 0,
    magnitude: 0,
    step: 0,
    previous: null,
    seen: null,
    seenSeason: 0,
    errSlow: 0,
    errFast: 0,
    variance: 0,
    drift: 0,
    driftRun: 0,
    daily: new Float64Array(layout.dailySlots),
    dailyCount: new Float64Array(layout.dailySlots),
    weekly: new Float64Array(layout.weeklySlots),
    weeklyCount: new Float64Array(layout.weeklySlots),
    recent: new Float64Array(RECENT),
    recentAt: 0,
    deviations: new Float64Array(HISTOGRAM_BINS),
    warmup: new Float64Array(WARMUP),
    warmupN: 0,
    recentScores: new Float64Array(SHORT_WINDOW),
    recentScoresAt: 0,
    likelihoodN: 0,
    likelihoodMean: 0,
    likelihoodVar: 0,
  };
}

const SCALARS = ["n", "firstT", "lastT", "level", "scale", "magnitude", "step", "previous", "seen", "seenSeason", "errSlow", "errFast", "variance", "drift", "driftRun", "recentAt", "warmupN", "recentScoresAt", "likelihoodN", "likelihoodMean", "likelihoodVar"] as const;
const ARRAYS = ["daily", "dailyCount", "weekly", "weeklyCount", "recent", "deviations", "warmup", "recentScores"] as const;

const LIKELIHOOD_FIELDS = new Set<string>(["recentScores", "recentScoresAt", "likelihoodN", "likelihoodMean", "likelihoodVar"]);

export function toSnapshot(options: DetectorOptions, state: ModelState): DetectorSnapshot {
  const snap: DetectorSnapshot = { v: SNAPSHOT_VERSION, bucketSeconds: options.bucketSeconds, kind: options.kind };
  for (const key of SCALARS) snap[key] = state[key];
  for (const key of ARRAYS) snap[key] = encodeFloats(state[key]);
  return snap;
}

export function fromSnapshot(options: DetectorOptions, snap: DetectorSnapshot): ModelState {
  // Version 1 had no likelihood state: it starts afresh, everything else resumes.
  const legacy = snap.v === 1;
  if (snap.v !== SNAPSHOT_VERSION && !legacy) throw new Error(`unsupported detector snapshot version ${String(snap.v)}`);
  if (snap.bucketSeconds !== options.bucketSeconds || snap.kind !== options.kind) {
    throw new Error("detector snapshot was taken with other options");
  }
  const layout = seasonalLayout(options.bucketSeconds);
  const state = initialState(layout);
  for (const key of SCALARS) {
    const value = snap[key];
    if (legacy && value === undefined && LIKELIHOOD_FIELDS.has(key)) continue;
    if (value !== null && typeof value !== "number") throw new Error(`detector snapshot field ${key} is not a number`);
    (state as unknown as Record<string, number | null>)[key] = value as number | null;
  }
  for (const key of ARRAYS) {
    const text = snap[key];
    if (legacy && text === undefined && LIKELIHOOD_FIELDS.has(key)) continue;
    if (typeof text !== "string") throw new Error(`detector snapshot field ${key} is missing`);
    state[key] = decodeFloats(text, state[key].length);
  }
  return state;
}
