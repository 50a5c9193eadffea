import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/caller";
import { projectPageContext } from "@/lib/projects/page-context";
import { listScheduledJobs } from "@/lib/scheduler/job-status";
import { JobRunsTable, ScheduledJobsTable } from "@/components/settings/job-runs-table";

export const metadata: Metadata = { title: "Scheduled jobs" };

export default async function ScheduledJobsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { ctx, project } = await projectPageContext(projectId);
  const view = can(ctx, "admin") ? await listScheduledJobs({ ctx }) : null;

  return (
    <div className="stack" style={{ maxWidth: 1000 }}>
      <div className="page-head">
        <div>
          <p className="small" style={{ margin: 0 }}><Link href={`/projects/${projectId}/settings`}>← Settings</Link></p>
          <h1>Scheduled jobs</h1>
          <p className="muted">{project.name}</p>
        </div>
      </div>
      {view === null ? (
        <p className="muted" data-testid="jobs-not-allowed">Only project owners can see the scheduled jobs.</p>
      ) : (
        <>
          <section className="card" aria-labelledby="jobs-heading">
            <h2 id="jobs-heading">Jobs</h2>
            <p className="muted small">
              Background work of this Flux, shared by all its projects: rollups, compression and retention, purges of expired
              idempotency keys, event ids and job runs, anomaly detection and alerts. Each runs once per period, whichever instance
              gets to it first.{" "}
              {view.schedulerOn ? "This instance runs the scheduler." : "This instance runs no scheduler (FLUX_SCHEDULER=off): an outside cron calls /api/cron/due."}
            </p>
            <div style={{ overflowX: "auto" }}>
              <ScheduledJobsTable jobs={view.jobs} />
            </div>
          </section>
          <section className="card" aria-labelledby="runs-heading">
            <h2 id="runs-heading">Recent runs</h2>
            <p className="muted small">The latest 50 runs of all jobs (two weeks are kept). Counts only; a failed run&apos;s error is in the server log.</p>
            <div style={{ overflowX: "auto" }}>
              <JobRunsTable runs={view.recentRuns} />
            </div>
          </section>
        </>
      )}
    </div>
  );
}
