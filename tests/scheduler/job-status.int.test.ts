import { beforeAll, describe, expect, it } from "vitest";
import { systemCaller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { FluxError } from "@/lib/errors";
import { JOBS } from "@/lib/scheduler/jobs";
import { listScheduledJobs } from "@/lib/scheduler/job-status";
import { runJob } from "../cron";
import { createTestProject, type TestProject } from "../fixtures";

// The job-runs page's data: every job with its last and next run, the latest runs, for owners
// only, and counts only (jobs are instance-wide; their summaries are seen by every owner).

let p: TestProject;
beforeAll(async () => {
  p = await createTestProject("Job status project");
});

describe("listScheduledJobs", () => {
  it("lists every registered job with its period, last run and next due", async () => {
    const ran = await runJob("purge-job-runs");
    expect(ran.body.outcome).toBe("ok");
    const view = await listScheduledJobs({ ctx: p.ctx });
    expect(view.jobs.map((j) => j.name)).toEqual(JOBS.map((j) => j.name));
    const purge = view.jobs.find((j) => j.name === "purge-job-runs")!;
    // Jobs are instance-wide: other tests may run this job meanwhile, so ours is found, not assumed last.
    expect(purge).toMatchObject({ everySeconds: 3_600, lastRun: { job: "purge-job-runs", outcome: "ok" } });
    expect(Date.parse(purge.nextRunAt!) % 3_600_000).toBe(0);
    expect(Date.parse(purge.nextRunAt!)).toBeGreaterThan(Date.now());
    const ours = view.recentRuns.filter((r) => r.job === "purge-job-runs" && r.trigger === "cron" && r.durationMs === ran.body.durationMs);
    expect(ours.length).toBeGreaterThan(0);
    expect(ours[0]).toMatchObject({ outcome: "ok", counts: { deleted: ran.body.summary.deleted, more: false } });
  });

  it("shows only the counts of a summary, never its text", async () => {
    await sql()`
      INSERT INTO job_runs (job, trigger, instance, started_at, duration_ms, outcome, summary)
      VALUES ('purge-event-ids', 'timer', 'elsewhere', now() + interval '1 second', 7, 'ok',
              ${JSON.stringify({ deleted: 4, metric: "other-project.revenue", names: ["a"], status: "done" })}::jsonb)`;
    const view = await listScheduledJobs({ ctx: p.ctx });
    const run = view.recentRuns.find((r) => r.job === "purge-event-ids" && r.durationMs === 7)!;
    expect(run.counts).toEqual({ deleted: 4, status: "done" });
    expect(JSON.stringify(view)).not.toContain("other-project.revenue");
    await sql()`DELETE FROM job_runs WHERE instance = 'elsewhere'`;
  });

  it("is for owners only: editors, viewers, keys short of admin and jobs are refused", async () => {
    const refused = [
      { ...p.ctx, role: "editor" as const },
      { ...p.ctx, role: "viewer" as const },
      { kind: "key" as const, projectId: p.projectId, keyId: "k", scopes: ["read" as const, "ingest" as const] },
      systemCaller(p.projectId, "anomaly-detection"),
    ];
    for (const ctx of refused) {
      await expect(listScheduledJobs({ ctx }), JSON.stringify(ctx)).rejects.toSatisfy((e: unknown) => e instanceof FluxError && e.code === "forbidden");
    }
  });
});
