import type { AnomalyKind } from "./detector";
import type { Severity } from "./anomaly-schemas";

// Severity and the plain-language explanation of an episode: pure, from the data of its peak.

export interface EpisodeFacts {
  kind: AnomalyKind;
  /** The series' display label, e.g. "signups" or "orders{country=DE}". */
  label: string;
  aggregation: string;
  source: "metric" | "event";
  bucketSeconds: number;
  /** Start of the peak bucket (epoch ms). */
  peakAt: number;
  startedAt: number;
  expected: number | null;
  actual: number | null;
  lower: number | null;
  upper: number | null;
  score: number;
  higherIsBetter: boolean | null;
  /** How much history the detector had (ms): seasonal wording needs days of it. */
  historyMs: number;
  /** For silence: how long nothing arrived (ms). */
  silentMs?: number;
  annotations: { title: string; startsAt: number; endsAt: number | null }[];
  contributors: { key: string; value: string; share: number }[];
}

const DAY = 86_400_000;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Whether the episode went the metric's bad way (null: nobody said which way is good). */
export function badDirection(kind: AnomalyKind, actual: number | null, expected: number | null, higherIsBetter: boolean | null): boolean | null {
  if (higherIsBetter === null) return null;
  const down = kind === "drop" || kind === "silence" || (kind === "level_shift" && actual !== null && expected !== null && actual < expected);
  return higherIsBetter ? down : !down;
}

/** Relative size of the deviation from the expected value (1 = 100 %). */
export function relativeDeviation(actual: number | null, expected: number | null): number {
  if (actual === null || expected === null) return 0;
  const base = Math.max(Math.abs(expected), 1e-9);
  return Math.abs(actual - expected) / base;
}

const LEVELS: Severity[] = ["low", "medium", "high", "critical"];

/**
 * From score and magnitude, one step up when the metric went its bad way (a revenue drop) and
 * one down when it went its good way (a cost drop); silence is never below medium.
 */
export function severityOf(f: Pick<EpisodeFacts, "kind" | "actual" | "expected" | "lower" | "upper" | "score" | "higherIsBetter">): Severity {
  const rel = relativeDeviation(f.actual, f.expected);
  const halfBand = f.expected !== null && f.upper !== null && f.lower !== null ? Math.max((f.upper - f.lower) / 2, 1e-9) : null;
  const bands = halfBand !== null && f.actual !== null && f.expected !== null ? Math.abs(f.actual - f.expected) / halfBand : 0;
  let level = 0;
  if (rel >= 0.25 || bands >= 2 || f.score >= 0.8) level = 1;
  if (rel >= 1 || (f.kind === "drop" && rel >= 0.6) || (bands >= 3 && f.score >= 0.9)) level = 2;
  if (rel >= 4 || (f.kind !== "spike" && rel >= 0.9 && f.score >= 0.9)) level = 3;
  const bad = badDirection(f.kind, f.actual, f.expected, f.higherIsBetter);
  if (bad === true) level += 1;
  if (bad === false) level -= 1;
  if (f.kind === "silence") level = Math.max(level, 1);
  return LEVELS[Math.max(0, Math.min(3, level))];
}

/** A number as people read it: 3 significant figures, thousands grouped. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString("en-US");
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 1) return String(Number(v.toPrecision(3)));
  if (abs === 0) return "0";
  return String(Number(v.toPrecision(2)));
}

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

const per = (bucketSeconds: number) => (bucketSeconds === 60 ? "minute" : bucketSeconds === 3600 ? "hour" : `${bucketSeconds / 60} minutes`);
const unitWord = (f: EpisodeFacts) => (f.aggregation === "rate" ? "/s" : f.source === "event" ? ` per ${per(f.bucketSeconds)}` : "");

/** "Tuesday 10:00 UTC" with weekly seasonality in play, "10:00 UTC" with daily, nothing before a day of history. */
export function seasonalContext(peakAt: number, historyMs: number, bucketSeconds: number): string {
  if (bucketSeconds >= 86_400 || historyMs < 2 * DAY) return "";
  const d = new Date(peakAt);
  const hhmm = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return historyMs >= 14 * DAY ? `${WEEKDAYS[d.getUTCDay()]} ${hhmm} UTC` : `${hhmm} UTC`;
}

/** Annotations that explain the start: a span covering it, or an instant in the two hours before. */
export function annotationsAtStart<A extends { startsAt: number; endsAt: number | null }>(annotations: A[], startedAt: number, bucketMs: number): A[] {
  const before = 2 * 3600_000;
  return annotations.filter((a) =>
    a.endsAt !== null ? a.startsAt <= startedAt + bucketMs && a.endsAt >= startedAt : a.startsAt <= startedAt + bucketMs && a.startsAt >= startedAt - before,
  );
}

const KIND_WORD: Record<AnomalyKind, string> = { spike: "spike", drop: "drop", level_shift: "shift", silence: "silence" };

export function explain(f: EpisodeFacts): string {
  const context = seasonalContext(f.peakAt, f.historyMs, f.bucketSeconds);
  const usual = context ? `the usual ${context} level` : "the usual level";
  const unit = unitWord(f);
  const parts: string[] = [];
  const { actual, expected } = f;
  if (f.kind === "silence") {
    const usualText = expected !== null && expected > 0 ? ` (usually about ${formatNumber(expected)}${unit})` : "";
    parts.push(`${f.label} went silent: nothing arrived for ${formatDuration(f.silentMs ?? f.bucketSeconds * 1000)}${usualText}`);
  } else if (actual === null || expected === null) {
    parts.push(`${f.label} is unusual`);
  } else if (f.kind === "level_shift") {
    parts.push(`${f.label} shifted ${actual >= expected ? "up" : "down"} to ${formatNumber(actual)}${unit} from ${usual} of about ${formatNumber(expected)}${unit}`);
  } else if (f.kind === "spike" && expected > 0 && actual / expected >= 1.5) {
    parts.push(`${f.label} ${formatNumber(actual / expected)}x ${usual} (${formatNumber(actual)}${unit}, expected about ${formatNumber(expected)}${unit})`);
  } else if (f.kind === "drop" && expected > 0 && actual >= 0) {
    parts.push(`${f.label} ${Math.round((1 - actual / expected) * 100)}% below ${usual} (${formatNumber(actual)}${unit}, expected about ${formatNumber(expected)}${unit})`);
  } else {
    const diff = actual - expected;
    parts.push(`${f.label} ${formatNumber(Math.abs(diff))}${unit} ${diff >= 0 ? "above" : "below"} ${usual} (${formatNumber(actual)}${unit}, expected about ${formatNumber(expected)}${unit})`);
  }
  const top = f.contributors[0];
  if (top && top.share >= 0.3) parts.push(`${Math.round(top.share * 100)}% of the ${KIND_WORD[f.kind] === "silence" ? "change" : KIND_WORD[f.kind]} is ${top.key}=${top.value}`);
  const bucketMs = f.bucketSeconds * 1000;
  const named = annotationsAtStart(f.annotations, f.startedAt, bucketMs)[0];
  if (named) parts.push(`the ${KIND_WORD[f.kind]} started ${named.endsAt !== null && named.startsAt <= f.startedAt ? "during" : "after"} '${named.title}'`);
  return parts.join("; ");
}
