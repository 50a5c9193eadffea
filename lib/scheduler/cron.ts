import { notFound } from "@/lib/errors";
import { findJob, JOBS } from "./jobs";
import { runJob, type JobRunResult } from "./run-job";
import { runDueJobs } from "./scheduler";

/** What /api/cron/<job> answers for one run; busy: another run of the job holds its lock. */
export interface CronRun {
  job: string;
  outcome: "ok" | "failed" | "busy";
  durationMs: number;
  summary: unknown;
  error: string | null;
}

/** The name that runs every due job instead of one (no job may take it: jobs.test.ts). */
export const CRON_DUE = "due";

/**
 * A cron call: `due` runs every job whose period has come (what an outside cron should call
 * every minute when the in-process scheduler is off); a job's name runs that job now, whether
 * due or not, and starts its next period from now. An unknown name is 404.
 */
export async function runCronRequest({ name }: { name: string }): Promise<CronRun | { jobs: CronRun[] }> {
  if (name === CRON_DUE) return { jobs: (await runDueJobs({ trigger: "cron" })).map(toCronRun) };
  const job = findJob(name);
  if (!job) throw notFound(`No scheduled job is named '${name}'; the jobs are ${JOBS.map((j) => j.name).join(", ")} (or 'due' for every due job)`);
  return toCronRun(await runJob(job, { trigger: "cron", force: true }));
}

function toCronRun(result: JobRunResult): CronRun {
  // A forced run is never "not due"; runDueJobs leaves those out.
  const outcome = result.outcome === "not_due" ? "busy" : result.outcome;
  return { job: result.job, outcome, durationMs: result.durationMs, summary: result.summary, error: result.error };
}
