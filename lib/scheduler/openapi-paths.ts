import { CRON_DUE } from "./cron";
import { JOBS } from "./jobs";
import { errors, ok, type Json } from "@/lib/openapi/spec-parts";

/** The security scheme of the cron routes: the instance's CRON_SECRET, not a project key. */
export const cronSecretScheme: Json = { type: "http", scheme: "bearer", description: "The server's CRON_SECRET (instance-wide; not a project API key)." };

const CronRun: Json = {
  type: "object",
  required: ["job", "outcome", "durationMs", "summary", "error"],
  properties: {
    job: { type: "string" },
    outcome: { type: "string", enum: ["ok", "failed", "busy"], description: "busy: another run of the job holds its lock; nothing ran" },
    durationMs: { type: "integer", minimum: 0 },
    summary: { description: "The job's own counts (JSON); null when it did not run" },
    error: { type: ["string", "null"] },
  },
};

/** /api/cron/{job}: the instance's scheduled jobs, for an outside cron (not project API). */
export function cronPaths(): Record<string, Json> {
  const operation = (method: string): Json => ({
    summary: `Run a scheduled job now (${method}), or every due job with 'due'`,
    description:
      "For an outside cron service when the in-process scheduler is off (FLUX_SCHEDULER=off): call `due` every minute. A job's name runs it whatever its period and starts the next period from now. Each job runs under its own advisory lock, so concurrent calls answer `busy`.",
    tags: ["Scheduler"],
    security: [{ cronSecret: [] }],
    parameters: [{ name: "job", in: "path", required: true, schema: { type: "string", enum: [CRON_DUE, ...JOBS.map((job) => job.name)] } }],
    responses: {
      ...ok("The run, or for `due` { jobs: [runs] }", { oneOf: [CronRun, { type: "object", required: ["jobs"], properties: { jobs: { type: "array", items: CronRun } } }] }),
      ...errors(401, 404),
      "503": { description: "CRON_SECRET is not set: the cron routes are off" },
    },
  });
  return { "/api/cron/{job}": { get: operation("GET"), post: operation("POST") } };
}
