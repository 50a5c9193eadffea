import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { periodOf } from "@/lib/scheduler/due";
import { JOBS } from "@/lib/scheduler/jobs";
import type { RunningApp } from "@/scripts/lib/app-server";
import { runJob } from "../cron";
import { startExtraApp } from "../extra-app";
import { createTestProject } from "../fixtures";
import { isolateDatabase } from "../isolated-database";

// Instances of Flux on one database share the schedule: each job runs once per period however
// many instances tick. A database of its own, because the scheduler runs every job (storage
// included), and scheduled_jobs is instance-wide.
isolateDatabase("scheduler");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STORAGE_PERIOD_SECONDS = 2;
const STORAGE_JOBS = new Set(["rollups", "compression", "retention"]);
/** A job's period in an app started with FLUX_STORAGE_UPKEEP_SECONDS=`storageSeconds` (this process's env says nothing of it). */
const periodIn = (storageSeconds: number, name: string) => (STORAGE_JOBS.has(name) ? storageSeconds : JOBS.find((j) => j.name === name)!.everySeconds);

interface Run {
  job: string;
  trigger: string;
  instance: string;
  started: number;
  outcome: string;
  error: string | null;
}
const runs = async () =>
  sql()<Run[]>`SELECT job, trigger, instance, (extract(epoch FROM started_at) * 1000)::float8 AS started, outcome, error FROM job_runs ORDER BY started_at, id`;

const apps: RunningApp[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
});

beforeAll(async () => {
  // Something to roll up, compress and keep: a project with a point and an event.
  const p = await createTestProject("Scheduler project");
  await sql()`INSERT INTO event_ids (project_id, event_id, created_at) VALUES (${p.projectId}, 'old', now() - interval '40 days')`;
});

describe("/api/cron/due", () => {
  it("runs every job once, and a second call only the jobs whose next period has begun since", async () => {
    const app = await startExtraApp({ FLUX_SCHEDULER: "off", FLUX_STORAGE_UPKEEP_SECONDS: "3600" });
    apps.push(app);
    try {
      const first = Date.now();
      const res = await runJob("due", { baseUrl: app.url });
      expect(res.status).toBe(200);
      expect(res.body.jobs.map((r: { job: string }) => r.job)).toEqual(JOBS.map((job) => job.name));
      for (const run of res.body.jobs) expect(run, run.job).toMatchObject({ outcome: "ok", error: null });
      // The purge found the 40-day-old event id.
      expect(res.body.jobs.find((r: { job: string }) => r.job === "purge-event-ids").summary).toMatchObject({ deleted: 1 });

      const second = Date.now();
      const again = await runJob("due", { baseUrl: app.url });
      const after = Date.now();
      for (const run of again.body.jobs) {
        const period = periodIn(3_600, run.job);
        expect(periodOf(after, period), `${run.job} ran twice in one period`).toBeGreaterThan(periodOf(first, period));
      }
      expect(again.body.jobs.length).toBeLessThan(JOBS.length);
      expect((await runs()).filter((r) => r.started >= second && !again.body.jobs.some((j: { job: string }) => j.job === r.job))).toEqual([]);
    } finally {
      await app.stop();
    }
  }, 180_000);
});

describe("two instances running the scheduler", () => {
  it("run each job once per period, and the survivor carries on when one stops", async () => {
    await sql()`DELETE FROM job_runs`;
    await sql()`DELETE FROM scheduled_jobs`;
    const env = { FLUX_SCHEDULER: "on", FLUX_SCHEDULER_TICK_SECONDS: "1", FLUX_STORAGE_UPKEEP_SECONDS: String(STORAGE_PERIOD_SECONDS) };
    const [a, b] = await Promise.all([startExtraApp(env), startExtraApp(env)]);
    apps.push(a, b);
    const bothUp = Date.now();
    await sleep(10_000);

    // Stop the instance that ran last (the one that wins the race to each period), so the
    // other must take over.
    const before = await runs();
    const last = before.at(-1)!;
    const stopped = [a, b].find((app) => last.instance.includes(`:${app.process.pid}:`));
    expect(stopped, `instance ${last.instance} is one of ${a.process.pid}, ${b.process.pid}`).toBeDefined();
    const survivor = stopped === a ? b : a;
    await stopped!.stop();
    const stoppedAt = Date.now();
    await sleep(8_000);
    await survivor.stop();

    const all = await runs();
    const perInstance = new Map<string, number>();
    for (const run of all) perInstance.set(run.instance, (perInstance.get(run.instance) ?? 0) + 1);
    console.log(`two instances: ${all.length} runs in ${Math.round((Date.now() - bothUp) / 1000)} s (${[...perInstance].map(([instance, n]) => `${instance}: ${n}`).join(", ")})`);
    expect(new Set(all.map((r) => r.trigger))).toEqual(new Set(["timer"]));
    for (const run of all) expect(run, `${run.job} at ${new Date(run.started).toISOString()}`).toMatchObject({ outcome: "ok", error: null });
    for (const job of JOBS) {
      const mine = all.filter((r) => r.job === job.name);
      expect(mine.length, `${job.name} ran`).toBeGreaterThanOrEqual(1);
      const periods = mine.map((r) => periodOf(r.started, periodIn(STORAGE_PERIOD_SECONDS, job.name)));
      expect(periods.length, `${job.name} ran more than once in a period: ${mine.map((r) => `${new Date(r.started).toISOString()} ${r.instance}`).join(", ")}`).toBe(new Set(periods).size);
    }
    // The storage jobs came round every 2 s while both instances ticked each second, then on
    // the survivor alone.
    for (const name of STORAGE_JOBS) {
      const mine = all.filter((r) => r.job === name);
      expect(mine.filter((r) => r.started >= bothUp && r.started < stoppedAt).length, name).toBeGreaterThanOrEqual(3);
      const afterStop = mine.filter((r) => r.started > stoppedAt + 1_000);
      expect(afterStop.length, `${name} after one instance stopped`).toBeGreaterThanOrEqual(2);
      for (const run of afterStop) expect(run.instance, name).toContain(`:${survivor.process.pid}:`);
    }
  }, 240_000);
});
