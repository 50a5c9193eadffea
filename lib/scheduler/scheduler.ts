import { sql } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isDue } from "./due";
import type { JobContext, JobDefinition } from "./job-definition";
import { JOBS } from "./jobs";
import { repeatWithoutOverlap } from "./repeat";
import { runJob, type JobRunResult } from "./run-job";

/**
 * Runs every due job of `jobs` (default: the registry) one after the other, in registry order.
 * One read of scheduled_jobs decides which are worth trying; runJob then claims each period
 * under the job's lock, so a job another instance ran meanwhile is left alone. Returns the runs
 * attempted (busy ones included); never throws.
 */
export async function runDueJobs(options: { trigger: JobContext["trigger"]; jobs?: readonly JobDefinition[]; signal?: AbortSignal }): Promise<JobRunResult[]> {
  let nextRuns: Map<string, number>;
  try {
    const rows = await sql()<{ job: string; next: number }[]>`SELECT job, (extract(epoch FROM next_run_at) * 1000)::float8 AS next FROM scheduled_jobs`;
    nextRuns = new Map(rows.map((row) => [row.job, row.next]));
  } catch (error) {
    console.error(`[flux] scheduler: reading scheduled_jobs failed: ${(error as Error)?.message ?? error}`);
    return [];
  }
  const results: JobRunResult[] = [];
  for (const job of options.jobs ?? JOBS) {
    if (options.signal?.aborted) break;
    const now = Date.now();
    if (!isDue({ now, everySeconds: job.everySeconds, nextRunAt: nextRuns.get(job.name) ?? null })) continue;
    const result = await runJob(job, { trigger: options.trigger, now, signal: options.signal });
    if (result.outcome !== "not_due") results.push(result);
  }
  return results;
}

// One scheduler per process, on globalThis so that a dev-server reload does not start a second.
const holder = globalThis as unknown as { __fluxScheduler?: () => void };

/**
 * Ticks every FLUX_SCHEDULER_TICK_SECONDS and runs the due jobs, never two ticks at once; off
 * when FLUX_SCHEDULER=off (an outside cron calls /api/cron/due instead). Returns a function that
 * stops it and aborts the job in progress.
 */
export function startScheduler(options: { tickMs?: number; firstTickMs?: number } = {}): () => void {
  const e = env();
  if (e.FLUX_SCHEDULER === "off" || holder.__fluxScheduler) return () => {};
  const tickMs = options.tickMs ?? e.FLUX_SCHEDULER_TICK_SECONDS * 1000;
  const abort = new AbortController();
  const stopTimer = repeatWithoutOverlap({ run: () => runDueJobs({ trigger: "timer", signal: abort.signal }), firstRunMs: options.firstTickMs ?? tickMs, everyMs: tickMs });
  const stop = () => {
    stopTimer();
    abort.abort();
    if (holder.__fluxScheduler === stop) holder.__fluxScheduler = undefined;
  };
  holder.__fluxScheduler = stop;
  return stop;
}

/**
 * Runs the named jobs now, in the given order, whether due or not (recorded like a cron run):
 * for scripts and tests that need, say, the storage jobs done before they look.
 */
export async function runJobsNow(options: { names: readonly string[]; now?: number }): Promise<JobRunResult[]> {
  const results: JobRunResult[] = [];
  for (const name of options.names) {
    const job = JOBS.find((j) => j.name === name);
    if (!job) throw new Error(`No scheduled job is named '${name}'`);
    results.push(await runJob(job, { trigger: "cron", now: options.now, force: true }));
  }
  return results;
}
