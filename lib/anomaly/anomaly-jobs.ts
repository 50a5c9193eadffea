import type { JobDefinition } from "@/lib/scheduler/job-definition";
import { detectAnomalies } from "./detect-anomalies";

/**
 * Anomaly detection each minute: every due watch (busy series each minute, slower ones at their
 * own 5-minute or hourly cadence, from anomaly_watches.next_check_at) of every active project.
 */
export const ANOMALY_JOBS: readonly JobDefinition[] = [{ name: "anomaly-detection", everySeconds: 60, run: (job) => detectAnomalies(job) }];
