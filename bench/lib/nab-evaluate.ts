// Scores one detector's output on the corpus with NAB's rules: per profile the corpus-optimal
// threshold, then per category the normalised score, windows found / missed, false alarms per
// series per week and the mean detection delay at the standard profile's threshold.
import { detectionStats, optimiseThreshold, profileScore, sweepCorpus, type DetectionStats } from "../../lib/anomaly/nab/corpus-score";
import type { LabelledSeries } from "../../lib/anomaly/nab/sweep";
import type { NabCorpus } from "./nab-corpus";

export interface GroupResult {
  group: string;
  series: number;
  scores: Record<string, number | null>; // profile → normalised NAB score
  stats: DetectionStats;
}

export interface Evaluation {
  thresholds: Record<string, number>;
  groups: GroupResult[]; // per category, then "overall"
}

export function evaluate(corpus: NabCorpus, scores: number[][], fixedThreshold?: number): Evaluation {
  const labelled: LabelledSeries[] = corpus.series.map((s, i) => ({ name: s.file, timestamps: s.timestamps, scores: scores[i], windows: s.windows }));
  const thresholds: Record<string, number> = {};
  const sweepsByProfile: Record<string, ReturnType<typeof sweepCorpus>> = {};
  for (const [profile, cost] of Object.entries(corpus.profiles)) {
    sweepsByProfile[profile] = sweepCorpus(labelled, cost);
    thresholds[profile] = fixedThreshold ?? optimiseThreshold(sweepsByProfile[profile], cost).threshold;
  }
  const categories = [...new Set(corpus.series.map((s) => s.category)), "overall"];
  const groups = categories.map((group): GroupResult => {
    const members = labelled.map((_, i) => i).filter((i) => group === "overall" || corpus.series[i].category === group);
    const scoresOf: Record<string, number | null> = {};
    for (const [profile, cost] of Object.entries(corpus.profiles)) {
      const sweeps = members.map((i) => sweepsByProfile[profile][i]);
      scoresOf[profile] = profileScore(members.map((i) => labelled[i]), sweeps, cost, thresholds[profile]).normalised;
    }
    const standard = sweepsByProfile.standard ?? Object.values(sweepsByProfile)[0];
    const threshold = thresholds.standard ?? Object.values(thresholds)[0];
    const parts = members.map((i) => detectionStats(standard[i], threshold));
    const stats: DetectionStats = {
      windows: sum(parts.map((p) => p.windows)),
      found: sum(parts.map((p) => p.found)),
      missed: sum(parts.map((p) => p.missed)),
      falseAlarmRows: sum(parts.map((p) => p.falseAlarmRows)),
      falseAlarmEpisodes: sum(parts.map((p) => p.falseAlarmEpisodes)),
      delaysMs: parts.flatMap((p) => p.delaysMs),
      weeks: sum(parts.map((p) => p.weeks)),
    };
    return { group, series: members.length, scores: scoresOf, stats };
  });
  return { thresholds, groups };
}

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
