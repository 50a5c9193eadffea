import type postgres from "postgres";
import { sql } from "@/lib/db/client";
import { jobLockName, withTryAdvisoryLock } from "@/lib/db/advisory-locks";
import { nextRunAfter } from "./due";
import { instanceId } from "./instance-id";
import type { JobContext, JobDefinition } from "./job-definition";

export type JobOutcome = "ok" | "failed" | "busy" | "not_due";

export interface JobRunResult {
  job: string;
  /** busy: another run of the job holds its lock; not_due: it already ran in this period. */
  outcome: JobOutcome;
  durationMs: number;
  summary: unknown;
  error: string | null;
}

const MAX_ERROR_LENGTH = 2_000;

// Cron runs are not aborted: the work is bounded per run and the next period picks up the rest.
const NEVER = new AbortController().signal;

/**
 * Runs one job under its advisory lock, if it is due (or `force`), and records the run in
 * job_runs. The period is claimed in scheduled_jobs before the work starts, in one statement
 * that only succeeds while the job is due, so each period has one run across every instance and
 * cron caller. Never throws: a failing job, a missing lock or an unreachable database is an
 * outcome, and logged.
 */
export async function runJob(
  definition: JobDefinition,
  options: { trigger: JobContext["trigger"]; now?: number; force?: boolean; signal?: AbortSignal },
): Promise<JobRunResult> {
  const now = options.now ?? Date.now();
  const result = (outcome: JobOutcome, rest: Partial<JobRunResult> = {}): JobRunResult => ({ job: definition.name, outcome, durationMs: 0, summary: null, error: null, ...rest });
  const lock = jobLockName(definition.name);
  if (!lock) {
    console.error(`[flux] job ${definition.name}: no advisory lock is registered for it (lib/db/advisory-locks.ts)`);
    return result("failed", { error: "no advisory lock is registered for this job" });
  }
  try {
    const ran = await withTryAdvisoryLock(sql(), lock, async (conn) => {
      if (!(await claimPeriod(conn, definition, now, options.force ?? false))) return result("not_due");
      const began = performance.now();
      let outcome: "ok" | "failed" = "ok";
      let summary: unknown = null;
      let error: string | null = null;
      try {
        summary = (await definition.run({ now, trigger: options.trigger, signal: options.signal ?? NEVER })) ?? null;
      } catch (thrown) {
        outcome = "failed";
        error = messageOf(thrown).slice(0, MAX_ERROR_LENGTH);
        console.error(`[flux] job ${definition.name} failed: ${error}`);
      }
      const durationMs = Math.round(performance.now() - began);
      const summaryJson = jsonOrNote(summary);
      await conn`
        INSERT INTO job_runs (job, trigger, instance, started_at, duration_ms, outcome, summary, error)
        VALUES (${definition.name}, ${options.trigger}, ${instanceId()}, ${new Date(now).toISOString()}::timestamptz, ${durationMs}, ${outcome}, ${summaryJson}::jsonb, ${error})`;
      await conn`UPDATE scheduled_jobs SET last_finished_at = now(), last_outcome = ${outcome} WHERE job = ${definition.name}`;
      return result(outcome, { durationMs, summary: JSON.parse(summaryJson), error });
    });
    return ran ?? result("busy");
  } catch (thrown) {
    console.error(`[flux] job ${definition.name} could not run: ${messageOf(thrown)}`);
    return result("failed", { error: messageOf(thrown).slice(0, MAX_ERROR_LENGTH) });
  }
}

/**
 * Moves the job's next run to the start of the next period, if it is due now (or `force`); false
 * when another run has this period already. A job off the timer (period 0) waits forever.
 */
async function claimPeriod(conn: postgres.Sql, definition: JobDefinition, now: number, force: boolean): Promise<boolean> {
  const next = nextRunAfter(now, definition.everySeconds);
  if (next === null && !force) return false;
  const nextAt = next === null ? "infinity" : new Date(next).toISOString();
  const nowAt = new Date(now).toISOString();
  const rows = await conn`
    INSERT INTO scheduled_jobs (job, next_run_at, last_started_at)
    VALUES (${definition.name}, ${nextAt}::timestamptz, ${nowAt}::timestamptz)
    ON CONFLICT (job) DO UPDATE SET next_run_at = EXCLUDED.next_run_at, last_started_at = EXCLUDED.last_started_at
    WHERE ${force}::boolean OR scheduled_jobs.next_run_at <= ${nowAt}::timestamptz OR scheduled_jobs.next_run_at > EXCLUDED.next_run_at
    RETURNING job`;
  return rows.length === 1;
}

/** The summary as JSON text; what cannot be serialized is recorded as such rather than lost silently. */
function jsonOrNote(summary: unknown): string {
  try {
    return JSON.stringify(summary ?? null) ?? "null";
  } catch (thrown) {
    return JSON.stringify({ unserializable: messageOf(thrown) });
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
