// The detectors the bench compares: Flux's (the product's, unchanged) and NAB's windowed
// Gaussian baseline, reimplemented from its description (window 6,400 rows, refit every 100).
import { createDetector } from "../../lib/anomaly/detector";
import { inferBucketSeconds } from "../../lib/anomaly/detector/infer-bucket";
import { normalUpperTail } from "../../lib/anomaly/detector/tail-probability";
import type { NabSeries } from "./nab-corpus";

export function fluxScores(series: NabSeries): number[] {
  // NAB's series carry no metric type; all are judged as gauge-like "level" series.
  const detector = createDetector({ bucketSeconds: inferBucketSeconds(series.timestamps), kind: "level" });
  return series.values.map((value, i) => detector.update({ t: series.timestamps[i], value }).score);
}

export function windowedGaussianScores(series: NabSeries, windowSize = 6400, step = 100): number[] {
  const window: number[] = [];
  let pending: number[] = [];
  let mean = 0;
  let std = 1;
  const refit = () => {
    mean = window.reduce((s, v) => s + v, 0) / window.length;
    std = Math.sqrt(window.reduce((s, v) => s + (v - mean) ** 2, 0) / window.length) || 1e-6;
  };
  return series.values.map((value) => {
    const score = window.length > 0 ? 1 - normalUpperTail(Math.abs(value - mean) / std) : 0;
    if (window.length < windowSize) {
      window.push(value);
      refit();
    } else {
      pending.push(value);
      if (pending.length === step) {
        window.splice(0, step, ...[]);
        window.push(...pending);
        pending = [];
        refit();
      }
    }
    return score;
  });
}
