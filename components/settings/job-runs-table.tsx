import { formatDateTime } from "@/lib/format/dates";
import type { JobRunView, JobStatusView } from "@/lib/scheduler/job-status";

/** "every minute", "every 2 h", "every 5 s"; "on cron calls only" when off the timer. */
export function formatPeriod(seconds: number): string {
  if (!(seconds > 0)) return "on cron calls only";
  const units: [number, string, string][] = [[86_400, "day", "d"], [3_600, "hour", "h"], [60, "minute", "min"], [1, "second", "s"]];
  for (const [size, one, short] of units) if (seconds % size === 0) return seconds === size ? `every ${one}` : `every ${seconds / size} ${short}`;
  return `every ${seconds} s`;
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** "deleted 12 · batches 1 · more no" from a run's counts. */
export function formatCounts(counts: JobRunView["counts"]): string {
  const parts = Object.entries(counts).map(([key, value]) => `${key} ${typeof value === "boolean" ? (value ? "yes" : "no") : String(value)}`);
  return parts.length > 0 ? parts.join(" · ") : "–";
}

function Outcome({ outcome }: { outcome: string }) {
  return <span className={outcome === "ok" ? "badge" : "badge bad"} data-outcome={outcome}>{outcome}</span>;
}

/** One row per scheduled job: its period, last run and when it is next due. */
export function ScheduledJobsTable({ jobs }: { jobs: JobStatusView[] }) {
  return (
    <table className="list" aria-label="Scheduled jobs">
      <thead>
        <tr><th>Job</th><th>Period</th><th>Last run</th><th>Outcome</th><th className="num">Duration</th><th>Next due</th></tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.name} data-testid="scheduled-job" data-job={job.name}>
            <td><code>{job.name}</code></td>
            <td className="small">{formatPeriod(job.everySeconds)}</td>
            <td className="small">{job.lastRun ? formatDateTime(job.lastRun.startedAt) : "never"}</td>
            <td>{job.lastRun ? <Outcome outcome={job.lastRun.outcome} /> : "–"}</td>
            <td className="num">{job.lastRun ? formatDuration(job.lastRun.durationMs) : "–"}</td>
            <td className="small">{job.everySeconds > 0 ? (job.nextRunAt ? formatDateTime(job.nextRunAt) : "due now") : "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The latest runs of every job, newest first, with their counts. */
export function JobRunsTable({ runs }: { runs: JobRunView[] }) {
  if (runs.length === 0) return <p className="muted" data-testid="job-runs-empty">No job has run yet.</p>;
  return (
    <table className="list" aria-label="Recent job runs">
      <thead>
        <tr><th>Started</th><th>Job</th><th>Trigger</th><th>Outcome</th><th className="num">Duration</th><th>Counts</th></tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-testid="job-run" data-job={run.job} data-outcome={run.outcome}>
            <td className="small">{formatDateTime(run.startedAt)}</td>
            <td><code>{run.job}</code></td>
            <td className="small">{run.trigger === "cron" ? "cron call" : "scheduler"}</td>
            <td><Outcome outcome={run.outcome} /></td>
            <td className="num">{formatDuration(run.durationMs)}</td>
            <td className="small">{formatCounts(run.counts)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
