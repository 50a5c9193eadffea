// The streaming detector. The forecast blends a robust additive Holt–Winters model (level +
// daily + weekly profile) with the previous value moved by the profile's step, each weighted by
// its recent accuracy. Residuals are judged by a Gaussian tail widened by the series' own tail
// history (surprise-calibration.ts) for dense values, or a negative binomial tail for counts;
// an EW drift of residuals against the slow model catches level shifts; a spike the series keeps
// producing counts only as rare as its frequency; a run of surprises denser than usual scores
// on its own (surprise-likelihood.ts). Learning is clipped, so one outlier barely moves the
// baseline; young series (and any series on its first day) get wider bands; nothing looks ahead.
import type { Assessment, Detector, DetectorOptions, DetectorSnapshot, AnomalyKind, Observation } from "./types";
import { fromSnapshot, initialState, toSnapshot, WARMUP, RECENT, type ModelState } from "./model-state";
import { dailySlot, seasonalLayout, weeklySlot, SECONDS_PER_DAY, SECONDS_PER_WEEK } from "./seasonal-layout";
import { countQuantile, countTails, normalLog10UpperTail, normalQuantileUpper } from "./tail-probability";
import { calibratedSurprise, recordDeviation, seenAtLeast, tailInflation } from "./surprise-calibration";
import { likelihoodSurprise, recordScore, shortMean } from "./surprise-likelihood";
import { PARAMS, ALARM_SCORE, scoreFromSurprise } from "./params";

const GAUSS_MAD = 1.2533; // sigma / mean absolute deviation of a normal distribution

export function createDetector(options: DetectorOptions, snapshot?: DetectorSnapshot): Detector {
  if (!(options.bucketSeconds > 0)) throw new Error("bucketSeconds must be positive");
  const layout = seasonalLayout(options.bucketSeconds);
  const state: ModelState = snapshot ? fromSnapshot(options, snapshot) : initialState(layout);
  const warmPoints = Math.max(6, Math.ceil(PARAMS.warmSeconds / options.bucketSeconds));
  // The band is where a value stays below the alarm: surprise < scoreDecades·A/(1−A).
  const pAlarm = 10 ** (-(PARAMS.scoreDecades * ALARM_SCORE) / (1 - ALARM_SCORE));
  const alarmZ = normalQuantileUpper(pAlarm / 2);
  const sparse = options.kind === "count";
  // A slot may span several buckets (1-minute buckets, 5-minute daily slots): the per-visit
  // rate is shared among them, so a profile learns as fast per day whatever the bucket size.
  const dailyShare = layout.dailySlots ? Math.min(1, options.bucketSeconds / layout.dailySlotSeconds) : 0;
  const weeklyShare = layout.weeklySlots ? Math.min(1, options.bucketSeconds / layout.weeklySlotSeconds) : 0;
  const dailyRate = PARAMS.seasonRate * dailyShare;
  const weeklyRate = PARAMS.seasonRate * weeklyShare;
  const zeroMeansQuiet = options.kind !== "level";

  function seasonal(t: number): { d: number; w: number; ds: number; ws: number } {
    const age = state.firstT === null ? 0 : (t - state.firstT) / 1000;
    let d = 0;
    let w = 0;
    let ds = -1;
    let ws = -1;
    if (layout.dailySlots) {
      ds = dailySlot(layout, t);
      const c = state.dailyCount[ds];
      if (age >= SECONDS_PER_DAY && c > 0) d = state.daily[ds];
    }
    if (layout.weeklySlots) {
      ws = weeklySlot(layout, t);
      const c = state.weeklyCount[ws];
      if (c > 0) w = state.weekly[ws];
    }
    return { d, w, ds, ws };
  }

  function learnWarmup(x: number, t: number): void {
    state.warmup[state.warmupN++] = x;
    const values = Array.from(state.warmup.subarray(0, state.warmupN)).sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)];
    const deviations = values.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
    state.level = median;
    state.scale = deviations[Math.floor(deviations.length / 2)] * 1.4826 / GAUSS_MAD;
    state.magnitude = values.reduce((s, v) => s + Math.abs(v), 0) / values.length;
    if (state.previous !== null) state.step += (Math.abs(x - state.previous) - state.step) / state.warmupN;
    state.previous = x;
    state.variance = (state.scale * GAUSS_MAD) ** 2;
    state.n++;
    state.firstT ??= t;
    state.lastT = t;
  }

  function update(o: Observation): Assessment {
    const raw = o.value;
    const x = raw === null || !Number.isFinite(raw) ? (zeroMeansQuiet ? 0 : null) : raw;
    const unjudged: Assessment = { t: o.t, value: raw, expected: null, lower: null, upper: null, score: 0, anomalous: false, kind: null, warm: state.n >= warmPoints };
    if (x === null) return unjudged;
    if (state.n < WARMUP && state.n < warmPoints) {
      const assessment = { ...unjudged, expected: state.n ? state.level : null };
      if (!o.exclude) learnWarmup(x, o.t);
      return assessment;
    }

    const { d, w, ds, ws } = seasonal(o.t);
    // Two forecasts blended by their recent accuracy: level + profiles (smooth, seasonal series)
    // and the previous value moved by the seasonal step (random-walk-like series).
    const slow = state.level + d + w;
    const fast = state.seen === null ? slow : state.seen + (d + w - state.seenSeason);
    const weightSlow = 1 / (state.errSlow * state.errSlow + 1e-12);
    const weightFast = state.seen === null ? 0 : 1 / (state.errFast * state.errFast + 1e-12);
    const expected = (weightSlow * slow + weightFast * fast) / (weightSlow + weightFast);
    // Young series get wider bands, and more so before a whole day has been seen: until then
    // the daily shape is unknown and a morning climb looks like a level shift.
    const dayShare = Math.min(1, (o.t - (state.firstT ?? o.t)) / 1000 / SECONDS_PER_DAY);
    const young = 1 + PARAMS.youngBoost / Math.sqrt(state.n) + PARAMS.firstDayBoost * (1 - dayShare);
    const floor = Math.max(PARAMS.relativeFloor * state.magnitude, PARAMS.stepFloor * state.step) + 1e-9;
    const sigma = Math.max(state.scale * GAUSS_MAD, floor) * young;
    const r = x - expected;
    const z = r / sigma;

    // Sustained deviation: an EW mean of standardised residuals, scaled to a z-score of its own.
    // Measured against level + profiles, which (unlike the previous value) do not follow a shift.
    const a = PARAMS.driftRate;
    const zSlow = (x - slow) / (Math.max(GAUSS_MAD * state.errSlow, floor) * young);
    const zClipped = Math.max(-PARAMS.driftClip, Math.min(PARAMS.driftClip, zSlow));
    const drift = (1 - a) * state.drift + a * zClipped;
    const zDrift = Math.abs(drift) / Math.sqrt(a / (2 - a)) / PARAMS.driftAutocorrelation;
    const shifted = (zDrift > Math.abs(z) || Math.abs(drift) >= PARAMS.shiftDrift) && Math.sign(drift) === Math.sign(r);
    const zJudged = shifted ? zDrift : Math.abs(z);

    let surprise: number; // −log10 of the probability of a deviation this large
    let lower: number;
    let upper: number;
    if (sparse) {
      const mu = Math.max(expected, PARAMS.minCountMean);
      const variance = Math.max(state.variance, mu) * young * young;
      const size = variance > mu * 1.01 ? (mu * mu) / (variance - mu) : Infinity;
      const k = Math.max(0, Math.round(x));
      const tails = countTails(k, mu, size);
      surprise = shifted ? -normalLog10UpperTail(zDrift) : -Math.log10(Math.max(r >= 0 ? tails.upper : tails.lower, 1e-300));
      lower = countQuantile(pAlarm, mu, size);
      upper = countQuantile(1 - pAlarm, mu, size);
    } else {
      const inflation = tailInflation(state.deviations, PARAMS.calibrationPrior);
      surprise = calibratedSurprise(zJudged, inflation);
      // A spike the series keeps producing (a nightly job, a flush every few hours) is only as
      // rare as its recent frequency: at most a decade beyond it. Not for shifts, whose own
      // buckets fill the histogram while they last.
      const seen = shifted ? null : seenAtLeast(state.deviations, zJudged);
      if (seen && seen.count >= PARAMS.repeatMin) surprise = Math.min(surprise, PARAMS.repeatMargin - Math.log10(seen.count / (seen.total + 1)));
      const zBand = alarmZ * inflation;
      lower = expected - zBand * sigma;
      upper = expected + zBand * sigma;
      if (zeroMeansQuiet) lower = Math.max(0, lower);
    }
    let kind: AnomalyKind = shifted ? "level_shift" : r >= 0 ? "spike" : "drop";
    if (zeroMeansQuiet && x === 0 && expected > 0 && r < 0) kind = "silence";

    const warm = state.n >= warmPoints;
    const judged = warm && !o.learnOnly;
    // A said-normal span still feeds the run statistics with its surprise: it declares that
    // level of surprise ordinary, so the catching up after it is not an unusual run.
    const rawScore = warm ? scoreFromSurprise(surprise) : 0;
    const pointScore = judged ? rawScore : 0;
    const recentMean = shortMean(state, rawScore);
    const unusualRun = judged ? likelihoodSurprise(state, recentMean, PARAMS) * PARAMS.likelihoodWeight : 0;
    const decades = Math.max(surprise, unusualRun);
    const score = decades > surprise ? scoreFromSurprise(decades) : pointScore;
    const anomalous = score >= ALARM_SCORE;

    if (!o.exclude) {
      if (warm) recordScore(state, rawScore, recentMean, PARAMS);
      recordDeviation(state.deviations, zJudged, 1 - 1 / PARAMS.calibrationMemory);
      learn(o, x, r, slow, sigma, ds, ws, d, w, drift, kind === "level_shift" && anomalous);
      const limit = PARAMS.huber * sigma;
      const errRate = Math.max(PARAMS.errorRate, 1 / state.n);
      // Clipped tighter than the forecast: a sustained shift must not widen its own yardstick.
      const errLimit = (e: number) => (state.n > WARMUP * 4 ? Math.min(limit, PARAMS.errorClip * e) : limit);
      // Beyond the clip the slow error is not updated at all: it is the yardstick of shifts.
      if (Math.abs(x - slow) <= errLimit(state.errSlow)) state.errSlow += errRate * (Math.abs(x - slow) - state.errSlow);
      state.errFast += errRate * (Math.min(Math.abs(x - fast), errLimit(state.errFast)) - state.errFast);
      state.seen = o.learnOnly ? x : expected + Math.max(-limit, Math.min(limit, r));
      state.seenSeason = d + w;
    }
    else state.drift = drift;

    return { t: o.t, value: raw, expected, lower, upper, score, anomalous, kind: anomalous ? kind : null, warm };
  }

  function learn(o: Observation, x: number, r: number, slow: number, sigma: number, ds: number, ws: number, d: number, w: number, drift: number, shifting: boolean): void {
    // The profiles learn from their own error, clipped at their own typical error: clipping at
    // the blended forecast's (often far smaller) spread would freeze a wrong profile for good.
    const rSlow = x - slow;
    const limit = PARAMS.huber * Math.max(sigma, GAUSS_MAD * state.errSlow);
    const rc = o.learnOnly ? rSlow : Math.max(-limit, Math.min(limit, rSlow));
    const alpha = Math.max(PARAMS.levelRate, 1 / (state.n + 1));
    state.level += alpha * rc;
    const xc = slow + rc; // the value as the profiles are allowed to see it
    if (ds >= 0) {
      const c = state.dailyCount[ds];
      const gamma = c === 0 ? (sparse ? PARAMS.countFirstVisit : 1) : dailyRate;
      // A slot's first visit defines it unclipped: the clip only protects what was learned.
      state.daily[ds] += gamma * ((c === 0 ? x : xc) - state.level - w - state.daily[ds]);
      state.dailyCount[ds] = Math.min(c + 1, 1e6);
    }
    // The weekly profile learns what the daily one leaves, once a whole week has been seen;
    // its first visits are shrunk towards zero (one Tuesday is not yet a pattern).
    if (ws >= 0 && state.firstT !== null && o.t - state.firstT >= SECONDS_PER_WEEK * 1000) {
      const c = state.weeklyCount[ws];
      const gamma = c === 0 ? 0.5 : weeklyRate;
      const dNow = ds >= 0 ? state.daily[ds] : d;
      state.weekly[ws] += gamma * (xc - state.level - dNow - state.weekly[ws]);
      state.weeklyCount[ws] = Math.min(c + 1, 1e6);
    }
    const beta = Math.max(PARAMS.scaleRate, 1 / (state.n + 1));
    const absR = o.learnOnly ? Math.abs(r) : Math.min(Math.abs(r), PARAMS.scaleClip * sigma);
    state.scale += beta * (absR - state.scale);
    state.variance += beta * (absR * absR - state.variance);
    state.magnitude += beta * (Math.abs(x) - state.magnitude);
    if (state.previous !== null) state.step += beta * (Math.abs(x - state.previous) - state.step);
    state.previous = x;

    state.recent[state.recentAt] = r;
    state.recentAt = (state.recentAt + 1) % RECENT;
    state.drift = o.learnOnly ? 0 : drift;
    state.driftRun = shifting ? state.driftRun + 1 : 0;
    if (state.driftRun >= PARAMS.rebaseAfter) {
      // The new level is here to stay: move the baseline to it instead of alarming on and on.
      const sorted = Array.from(state.recent).sort((p, q) => p - q);
      state.level += (sorted[RECENT / 2 - 1] + sorted[RECENT / 2]) / 2;
      state.drift = 0;
      state.driftRun = 0;
    }
    state.n++;
    state.lastT = o.t;
  }

  return {
    update,
    snapshot: () => toSnapshot(options, state),
  };
}
