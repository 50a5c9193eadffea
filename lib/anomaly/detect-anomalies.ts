import type { JobContext } from "@/lib/scheduler/job-definition";
import { isBurst } from "./burst-guard";
import { createDetector, type Assessment, type Detector } from "./detector";
import { readBuckets } from "./read-buckets";
import { HISTORY_SECONDS } from "./series-spec";
import { matchesNormal, trackEpisode, type Episode, type Judged } from "./episode-tracker";
import { activeProjects, dueWatches, saveWatch, seriesRefOf, syncWatches, type Watch, type WatchState } from "./watch-list";
import { annotationsBetween, higherIsBetterOf, inSpan, loadNormals, loadOpenEpisode, loadRow, saveEpisode } from "./episode-store";

// The anomaly-detection job: every due watch reads its new complete buckets through the query
// engine, feeds them to its detector (resumed from the stored snapshot) and grows, opens or
// closes its episode. Work per run is bounded by watch count, buckets per watch and time.

/** A bucket is read once it ended this long ago (late points of its last seconds are in). */
export const LAG_MS = 30_000;
/** Buckets one check reads at most; a longer backlog (a new series' history) continues next run. */
export const MAX_BUCKETS_PER_CHECK = 8000;
/** Watches checked per run at most, and the time a run may take before it leaves the rest. */
export const MAX_WATCHES_PER_RUN = 500;
export const RUN_BUDGET_MS = 45_000;
/** A level series (gauge) that reported in this share of buckets and stops for SILENT_MS is silent. */
const FILLED_FOR_SILENCE = 0.9;
const SILENT_MS = 15 * 60_000;
const FILLED_RATE = 1 / 24;
const SILENT_EXPECTED = 12;
/** Buckets of a spike or drop kept out of the baseline; longer is a change to adopt. */

export interface DetectSummary {
  projects: number;
  watchesAdded: number;
  watchesRemoved: number;
  watchesChecked: number;
  watchesLeft: number;
  bucketsRead: number;
  episodesOpened: number;
  episodesClosed: number;
  failures: number;
}

export async function detectAnomalies(job: JobContext, options: { projectIds?: string[] } = {}): Promise<DetectSummary> {
  const started = Date.now();
  const projects = options.projectIds ?? (await activeProjects(job.now));
  const summary: DetectSummary = { projects: projects.length, watchesAdded: 0, watchesRemoved: 0, watchesChecked: 0, watchesLeft: 0, bucketsRead: 0, episodesOpened: 0, episodesClosed: 0, failures: 0 };
  for (const projectId of projects) {
    if (job.signal.aborted) break;
    try {
      const { added, removed } = await syncWatches(projectId, job.now);
      summary.watchesAdded += added;
      summary.watchesRemoved += removed;
    } catch (error) {
      summary.failures++;
      console.error("anomaly-detection: watch list of a project failed", error);
    }
  }
  const due = await dueWatches(projects, job.now, MAX_WATCHES_PER_RUN);
  for (const watch of due) {
    if (job.signal.aborted || Date.now() - started > RUN_BUDGET_MS) {
      summary.watchesLeft++;
      continue;
    }
    try {
      await checkWatch(watch, job.now, summary);
      summary.watchesChecked++;
    } catch (error) {
      summary.failures++;
      console.error(`anomaly-detection: checking a watch failed`, error);
      // Try again a cadence later rather than every run.
      await saveWatch(watch, { nextCheckAt: job.now + watch.state.bucketSeconds * 1000, lastCheckedAt: job.now, lastScore: null }).catch(() => {});
    }
  }
  return summary;
}

function snapshotReadable(state: WatchState): boolean {
  if (state.detector === null) return true;
  try {
    createDetector({ bucketSeconds: state.bucketSeconds, kind: state.kind }, state.detector);
    return true;
  } catch {
    return false;
  }
}

/** Start of the last bucket that is complete at `now`. */
export const lastCompleteBucket = (now: number, bucketMs: number) => Math.floor((now - LAG_MS) / bucketMs) * bucketMs - bucketMs;

async function checkWatch(watch: Watch, now: number, summary: DetectSummary): Promise<void> {
  const state = watch.state;
  const b = state.bucketSeconds * 1000;
  if (!snapshotReadable(state)) {
    // A snapshot an earlier release of the detector wrote: learn the series' history again.
    Object.assign(state, { lastBucket: null, firstBucket: null, detector: null, recordFrom: undefined });
  }
  const lastComplete = lastCompleteBucket(now, b);
  const from = state.lastBucket === null ? Math.floor((now - HISTORY_SECONDS[state.bucketSeconds] * 1000) / b) * b : state.lastBucket + b;
  // A new series learns its history; only what happened lately becomes an episode.
  state.recordFrom ??= Math.min(lastComplete, Math.floor((now - Math.max(6 * b, 3600_000)) / b) * b);
  if (from > lastComplete) {
    await saveWatch(watch, { nextCheckAt: lastComplete + 2 * b + LAG_MS, lastCheckedAt: now, lastScore: null });
    return;
  }
  const to = Math.min(lastComplete + b, from + MAX_BUCKETS_PER_CHECK * b);
  const buckets = await readBuckets({ series: seriesRefOf(watch), from, to, bucketSeconds: state.bucketSeconds, now });
  summary.bucketsRead += buckets.length;
  const [spans, normals, higherIsBetter] = await Promise.all([annotationsBetween(watch.projectId, from - 86_400_000, to), loadNormals(watch), higherIsBetterOf(watch)]);
  let open = await loadOpenEpisode(watch);
  const openRow = open?.id ? await loadRow(open.id) : null;
  const options = { bucketSeconds: state.bucketSeconds, kind: state.kind };
  let detector: Detector = createDetector(options, state.detector ?? undefined);
  const touched = new Set<Episode>();
  let lastScore = 0;
  // A new series starts where its data starts: empty buckets before it are not history.
  const firstData = state.firstBucket === null ? buckets.findIndex((x) => x.value !== null && x.value !== 0) : 0;
  for (const bucket of firstData < 0 ? [] : buckets.slice(firstData)) {
    const exclude = inSpan(spans, bucket.t, b);
    const recordable = bucket.t >= state.recordFrom;
    // Recent buckets are judged first; what is found anomalous is then learned as the episode
    // requires: a said-normal pattern as normal, the first buckets of a spike or drop not at all
    // (one burst must not raise the baseline after it), anything longer as it is (so a lasting
    // change is adopted at the detector's pace).
    const before = recordable ? detector.snapshot() : null;
    const assessment = detector.update({ t: bucket.t, value: bucket.value, exclude });
    const judged = withSilence(state, assessment, b);
    lastScore = Math.max(lastScore, judged.score);
    state.firstBucket ??= bucket.t;
    state.lastBucket = bucket.t;
    if (!recordable) continue;
    const step = trackEpisode(open, judged, b);
    if (step.started && matchesNormal(step.started, normals)) step.started.feedback = "normal";
    const burst = isBurst({ anomalous: judged.anomalous, kind: judged.kind, startedAt: step.open?.startedAt ?? null, t: bucket.t, bucketMs: b });
    if (judged.anomalous && before && (step.open?.feedback === "normal" || burst)) {
      detector = createDetector(options, before);
      const saidNormal = step.open?.feedback === "normal";
      detector.update({ t: bucket.t, value: bucket.value, exclude: exclude || !saidNormal, learnOnly: saidNormal });
    }
    for (const e of step.closed) touched.add(e);
    if (step.started) summary.episodesOpened++;
    summary.episodesClosed += step.closed.length;
    open = step.open;
    if (open) touched.add(open);
  }
  if (buckets.length > 0) state.lastBucket = Math.max(state.lastBucket ?? 0, buckets[buckets.length - 1].t);
  state.detector = detector.snapshot();
  // Closed first: a series has at most one open episode.
  const ordered = [...touched].sort((x, y) => (x.endedAt === null ? 1 : 0) - (y.endedAt === null ? 1 : 0));
  for (const episode of ordered) {
    if (!episode.dirty) continue;
    await saveEpisode({ watch, episode, spans, higherIsBetter, now, previous: episode.id && episode.id === openRow?.id ? openRow : null });
  }
  const caughtUp = to >= lastComplete + b;
  await saveWatch(watch, { nextCheckAt: caughtUp ? lastComplete + 2 * b + LAG_MS : now, lastCheckedAt: now, lastScore });
}

/**
 * Silence as a run, which one bucket cannot show: a count or rate whose zero run should have
 * held SILENT_EXPECTED events (a Poisson chance of e^-12), or a gauge that reported in nearly
 * every bucket and stops for SILENT_MS. A sparse stream needs hours of nothing to be silent.
 */
function withSilence(state: WatchState, a: Assessment, bucketMs: number): Judged {
  const empty = a.value === null || (state.kind !== "level" && a.value === 0);
  if (!empty) {
    state.filled += FILLED_RATE * (1 - state.filled);
    state.nullRun = 0;
    state.silentExpected = 0;
    if (a.expected !== null) state.lastExpected = a.expected;
    return a;
  }
  // The share of filled buckets when the gap began: a gauge that often skips is never silent.
  if (state.nullRun === 0) {
    state.filledBefore = state.filled;
    state.silentSince = a.t;
  }
  state.nullRun++;
  state.filled += FILLED_RATE * (0 - state.filled);
  const expected = state.lastExpected ?? null;
  const since = state.silentSince;
  if (a.anomalous && a.kind === "silence") return { ...a, since };
  if (state.kind === "level") {
    const silent = a.warm && (state.filledBefore ?? 0) >= FILLED_FOR_SILENCE && state.nullRun * bucketMs >= Math.max(3 * bucketMs, SILENT_MS);
    return silent ? { ...a, anomalous: true, kind: "silence", score: 0.9, expected, since } : a;
  }
  // The baseline sinks while nothing arrives; the level before the gap is what was missed.
  state.silentExpected = (state.silentExpected ?? 0) + Math.max(0, expected ?? 0);
  if (!a.warm || state.nullRun < 3 || state.silentExpected < SILENT_EXPECTED) return a;
  const score = Math.min(1, state.silentExpected / Math.LN10 / 10);
  return { ...a, anomalous: true, kind: "silence", score: Math.max(score, 0.5), expected, since };
}
