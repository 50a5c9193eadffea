import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { env } from "@/lib/env";
import { JOBS } from "./jobs";

export interface JobRunView {
  id: number;
  job: string;
  trigger: string;
  startedAt: string;
  durationMs: number;
  outcome: string;
  /** The summary's counts: top-level numbers and booleans (and a status word), nothing else. */
  counts: Record<string, number | boolean | string>;
}

export interface JobStatusView {
  name: string;
  everySeconds: number;
  /** null: never ran, or off the timer (everySeconds 0). */
  nextRunAt: string | null;
  lastRun: JobRunView | null;
}

export interface SchedulerView {
  /** Whether this instance runs the in-process scheduler (FLUX_SCHEDULER). */
  schedulerOn: boolean;
  jobs: JobStatusView[];
  recentRuns: JobRunView[];
}

const RECENT_RUNS = 50;
// Words a job may report as its state; any other string could name another project's data.
const STATUS_KEYS = new Set(["status", "path"]);
const STATUS_WORD = /^[a-z][a-z0-9_-]{0,30}$/;

/**
 * The instance's scheduled jobs with their last and next runs, and the latest runs of all,
 * for project owners. Jobs are instance-wide, so only counts are shown: summaries keep their
 * top-level numbers and booleans, and errors stay in job_runs and the server log.
 */
export async function listScheduledJobs({ ctx }: { ctx: Caller }): Promise<SchedulerView> {
  requirePermission(ctx, "admin");
  const names = JOBS.map((job) => job.name);
  const [states, lastRuns, recentRuns] = await Promise.all([
    sql()<{ job: string; next: number }[]>`SELECT job, (extract(epoch FROM next_run_at) * 1000)::float8 AS next FROM scheduled_jobs WHERE job = ANY(${names})`,
    sql()<RunRow[]>`
      SELECT DISTINCT ON (job) id, job, trigger, (extract(epoch FROM started_at) * 1000)::float8 AS started, duration_ms, outcome, summary
      FROM job_runs WHERE job = ANY(${names}) ORDER BY job, started_at DESC, id DESC`,
    sql()<RunRow[]>`
      SELECT id, job, trigger, (extract(epoch FROM started_at) * 1000)::float8 AS started, duration_ms, outcome, summary
      FROM job_runs WHERE job = ANY(${names}) ORDER BY started_at DESC, id DESC LIMIT ${RECENT_RUNS}`,
  ]);
  const nextOf = new Map(states.map((s) => [s.job, s.next]));
  const lastOf = new Map(lastRuns.map((r) => [r.job, toView(r)]));
  return {
    schedulerOn: env().FLUX_SCHEDULER === "on",
    jobs: JOBS.map((job) => {
      const next = nextOf.get(job.name);
      return {
        name: job.name,
        everySeconds: job.everySeconds,
        nextRunAt: job.everySeconds > 0 && next !== undefined && Number.isFinite(next) ? new Date(next).toISOString() : null,
        lastRun: lastOf.get(job.name) ?? null,
      };
    }),
    recentRuns: recentRuns.map(toView),
  };
}

interface RunRow {
  id: string | number;
  job: string;
  trigger: string;
  started: number;
  duration_ms: number;
  outcome: string;
  summary: unknown;
}

function toView(row: RunRow): JobRunView {
  return {
    id: Number(row.id),
    job: row.job,
    trigger: row.trigger,
    startedAt: new Date(row.started).toISOString(),
    durationMs: row.duration_ms,
    outcome: row.outcome,
    counts: countsOf(row.summary),
  };
}

/** Top-level numbers and booleans of a summary, and a status word: what every owner may see. */
export function countsOf(summary: unknown): Record<string, number | boolean | string> {
  const counts: Record<string, number | boolean | string> = {};
  if (summary === null || typeof summary !== "object" || Array.isArray(summary)) return counts;
  for (const [key, value] of Object.entries(summary)) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(key)) continue;
    if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") counts[key] = value;
    else if (typeof value === "string" && STATUS_KEYS.has(key) && STATUS_WORD.test(value)) counts[key] = value;
  }
  return counts;
}
