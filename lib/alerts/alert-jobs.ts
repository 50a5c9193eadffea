import type { JobDefinition } from "@/lib/scheduler/job-definition";
import { deliverAlerts } from "./deliver-alerts";
import { evaluateAlerts } from "./evaluate-alerts";

/**
 * Alert evaluation each minute (every enabled rule of every project; ingest also triggers it
 * for the rules reading a batch's names), and the outbox every ten seconds: the first attempt
 * of a message usually happens right after evaluation, so this run mostly sends retries.
 */
export const ALERT_JOBS: readonly JobDefinition[] = [
  { name: "alert-evaluation", everySeconds: 60, run: evaluateAlerts },
  { name: "alert-delivery", everySeconds: 10, run: deliverAlerts },
];
