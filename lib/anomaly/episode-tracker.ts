import type { AnomalyKind, Assessment } from "./detector";

// One ongoing anomaly is one episode that grows; it closes once the series has been normal for
// RECOVERY_BUCKETS buckets (a silence lasts while nothing arrives). Pure: the job persists it.

export const RECOVERY_BUCKETS = 3;

/** A bucket as the detector assessed it, silence judged on top. */
export type Judged = Omit<Assessment, "warm"> & {
  /** For a silence: the first empty bucket (the episode starts where the quiet began). */
  since?: number;
};

export interface Episode {
  /** Row id once stored. */
  id: string | null;
  kind: AnomalyKind;
  startedAt: number;
  endedAt: number | null;
  lastAnomalousAt: number;
  peakAt: number;
  peakScore: number;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  actual: number | null;
  feedback: "normal" | null;
  /** Changed since loaded (needs writing). */
  dirty: boolean;
}

/** +1 above the expected value, -1 below. */
export function directionOf(kind: AnomalyKind, actual: number | null, expected: number | null): 1 | -1 {
  if (kind === "spike") return 1;
  if (kind === "drop" || kind === "silence") return -1;
  return actual !== null && expected !== null && actual < expected ? -1 : 1;
}

function startEpisode(j: Judged): Episode {
  return {
    id: null,
    kind: j.kind!,
    startedAt: j.kind === "silence" && j.since !== undefined ? Math.min(j.since, j.t) : j.t,
    endedAt: null,
    lastAnomalousAt: j.t,
    peakAt: j.t,
    peakScore: j.score,
    expected: j.expected,
    lower: j.lower,
    upper: j.upper,
    actual: j.value ?? (j.kind === "silence" ? 0 : null),
    feedback: null,
    dirty: true,
  };
}

function grow(e: Episode, j: Judged): void {
  e.lastAnomalousAt = j.t;
  e.dirty = true;
  // A spike or drop that persists is a level shift; a drop to nothing is a silence.
  if ((j.kind === "level_shift" || j.kind === "silence") && (e.kind === "spike" || e.kind === "drop")) e.kind = j.kind;
  if (j.score >= e.peakScore) {
    e.peakScore = j.score;
    e.peakAt = j.t;
    e.expected = j.expected;
    e.lower = j.lower;
    e.upper = j.upper;
    e.actual = j.value ?? (e.kind === "silence" ? 0 : null);
  }
}

export interface Step {
  open: Episode | null;
  /** Episodes closed at this step (their endedAt set). */
  closed: Episode[];
  /** The episode this step started, if any. */
  started: Episode | null;
}

/** Advances a series' episode by one judged bucket. */
export function trackEpisode(open: Episode | null, j: Judged, bucketMs: number): Step {
  const closed: Episode[] = [];
  const close = (e: Episode) => {
    e.endedAt = e.lastAnomalousAt + bucketMs;
    e.dirty = true;
    closed.push(e);
  };
  if (j.anomalous && j.kind) {
    if (open && directionOf(open.kind, open.actual, open.expected) === directionOf(j.kind, j.value, j.expected)) {
      grow(open, j);
      return { open, closed, started: null };
    }
    if (open) close(open);
    const started = startEpisode(j);
    return { open: started, closed, started };
  }
  if (!open) return { open, closed, started: null };
  if (open.kind === "silence" && (j.value === null || j.value === 0)) {
    grow(open, { ...j, score: 0 });
    return { open, closed, started: null };
  }
  if (j.t - open.lastAnomalousAt >= RECOVERY_BUCKETS * bucketMs) {
    close(open);
    return { open: null, closed, started: null };
  }
  return { open, closed, started: null };
}

/** Signed relative deviation of an episode's peak from its expected value. */
export function deviationOf(e: Pick<Episode, "actual" | "expected">): number | null {
  if (e.actual === null || e.expected === null) return null;
  return (e.actual - e.expected) / Math.max(Math.abs(e.expected), 1e-9);
}

/**
 * Whether an episode repeats one a person said is normal: same kind (the series is the same by
 * construction) and a deviation of the same sign within a factor of two.
 */
export function matchesNormal(e: Pick<Episode, "kind" | "actual" | "expected">, normals: Pick<Episode, "kind" | "actual" | "expected">[]): boolean {
  return normals.some((n) => {
    if (n.kind !== e.kind) return false;
    if (e.kind === "silence") return true;
    const [a, b] = [deviationOf(e), deviationOf(n)];
    if (a === null || b === null || Math.sign(a) !== Math.sign(b) || b === 0) return false;
    const ratio = Math.abs(a) / Math.abs(b);
    return ratio >= 0.5 && ratio <= 2;
  });
}
