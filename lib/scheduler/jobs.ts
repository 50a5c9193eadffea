import type { JobDefinition } from "./job-definition";
import { PURGE_JOBS } from "./purge-jobs";
import { STORAGE_JOBS } from "./storage-jobs";
import { ALERT_JOBS } from "@/lib/alerts/alert-jobs";
import { ANOMALY_JOBS } from "@/lib/anomaly/anomaly-jobs";

export type { JobContext, JobDefinition } from "./job-definition";

/**
 * Every scheduled job, in the order a scheduler tick runs the due ones. The in-process scheduler
 * (lib/scheduler/scheduler.ts) and the cron routes (/api/cron/<name>, /api/cron/due) run these
 * and nothing else; each name needs its lock `job:<name>` in lib/db/advisory-locks.ts.
 */
export const JOBS: readonly JobDefinition[] = [...STORAGE_JOBS, ...PURGE_JOBS, ...ANOMALY_JOBS, ...ALERT_JOBS];

export function findJob(name: string): JobDefinition | undefined {
  return JOBS.find((job) => job.name === name);
}
