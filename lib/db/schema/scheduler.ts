import { pgTable, text, timestamp, integer, jsonb, bigint, index } from "drizzle-orm/pg-core";

// One row per scheduled job: when it is next due, shared by every instance, so a job runs once
// per period however many instances (or cron callers) try it.
export const scheduledJobs = pgTable("scheduled_jobs", {
  job: text("job").primaryKey(),
  nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull().defaultNow(),
  lastStartedAt: timestamp("last_started_at", { withTimezone: true }),
  lastFinishedAt: timestamp("last_finished_at", { withTimezone: true }),
  lastOutcome: text("last_outcome"),
});

// Every run of a job that got its lock: what ran, where, how long, and how it ended.
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    job: text("job").notNull(),
    // timer: the in-process scheduler; cron: /api/cron/<job>.
    trigger: text("trigger").notNull(),
    instance: text("instance").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    outcome: text("outcome").notNull(),
    summary: jsonb("summary").$type<unknown>(),
    error: text("error"),
  },
  (t) => [index("job_runs_job_started_idx").on(t.job, t.startedAt), index("job_runs_started_idx").on(t.startedAt)],
);
