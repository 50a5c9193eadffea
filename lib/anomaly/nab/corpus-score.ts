// Corpus-level NAB scoring: one threshold for all files, chosen to maximise the summed score,
// then normalised so that a detector that never alarms scores 0 and a perfect one 100.
import { scoreAtThreshold, scoresByThreshold, sweepSeries, type CostMatrix, type LabelledSeries, type SweepPoint } from "./sweep";

export interface ProfileScore {
  threshold: number;
  raw: number;
  nullRaw: number;
  perfect: number;
  /** 100 × (raw − null) / (perfect − null); null when there is nothing to find */
  normalised: number | null;
}

export interface DetectionStats {
  windows: number;
  found: number;
  missed: number;
  falseAlarmRows: number;
  falseAlarmEpisodes: number; // runs of consecutive alarmed rows outside windows
  delaysMs: number[]; // first alarm in a window − window start, per found window
  weeks: number; // scored span (after the probationary rows)
}

export function sweepCorpus(corpus: readonly LabelledSeries[], cost: CostMatrix): SweepPoint[][] {
  return corpus.map((series) => sweepSeries(series, cost));
}

/** NAB's optimiser: the threshold with the highest corpus score (ties: the highest threshold). */
export function optimiseThreshold(sweeps: readonly SweepPoint[][], cost: CostMatrix): { threshold: number; score: number } {
  const sweep = scoresByThreshold(sweeps.flat(), cost);
  let best = sweep[0];
  for (const row of sweep) if (row.score > best.score) best = row;
  return { threshold: best.threshold, score: best.score };
}

/** The score of series at a fixed threshold, normalised against the never-alarming detector. */
export function profileScore(corpus: readonly LabelledSeries[], sweeps: readonly SweepPoint[][], cost: CostMatrix, threshold: number): ProfileScore {
  let raw = 0;
  let nullRaw = 0;
  for (const points of sweeps) {
    const sweep = scoresByThreshold(points, cost);
    raw += scoreAtThreshold(sweep, threshold).score;
    nullRaw += sweep[0].score;
  }
  const labels = corpus.reduce((n, s) => n + s.windows.length, 0);
  const perfect = labels * cost.tpWeight;
  const normalised = perfect - nullRaw > 0 ? (100 * (raw - nullRaw)) / (perfect - nullRaw) : null;
  return { threshold, raw, nullRaw, perfect, normalised };
}

export function detectionStats(points: readonly SweepPoint[], threshold: number): DetectionStats {
  const firstAlarm = new Map<string, number>();
  const scored = new Set<string>();
  let falseAlarmRows = 0;
  let falseAlarmEpisodes = 0;
  let inEpisode = false;
  let first: number | null = null;
  let last = 0;
  for (const p of points) {
    if (p.probationary) continue;
    first ??= p.t;
    last = p.t;
    const alarm = p.score >= threshold;
    if (p.window !== null) {
      scored.add(p.window);
      if (alarm && !firstAlarm.has(p.window)) firstAlarm.set(p.window, p.t);
      inEpisode = false;
    } else if (alarm) {
      falseAlarmRows++;
      if (!inEpisode) falseAlarmEpisodes++;
      inEpisode = true;
    } else {
      inEpisode = false;
    }
  }
  const delaysMs: number[] = [];
  for (const [key, t] of firstAlarm) delaysMs.push(t - Number(key.slice(key.lastIndexOf("|") + 1)));
  return {
    windows: scored.size,
    found: firstAlarm.size,
    missed: scored.size - firstAlarm.size,
    falseAlarmRows,
    falseAlarmEpisodes,
    delaysMs,
    weeks: first === null ? 0 : (last - first) / (7 * 86_400_000),
  };
}
