import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADVISORY_LOCKS } from "@/lib/db/advisory-locks";
import { sql } from "@/lib/db/client";
import { findJob } from "@/lib/scheduler/jobs";
import { PURGE_BATCH_ROWS } from "@/lib/scheduler/purge-jobs";
import { runJob as runJobInProcess } from "@/lib/scheduler/run-job";
import { TEST_CRON_SECRET } from "@/scripts/lib/test-stack";
import type { RunningApp } from "@/scripts/lib/app-server";
import { runJob } from "../cron";
import { startExtraApp } from "../extra-app";
import { baseUrl, createTestProject, type TestProject } from "../fixtures";

// The cron routes over real HTTP against the test app (CRON_SECRET set, no scheduler of its own),
// and the purge jobs that replaced the purges on the ingest path. Only jobs that touch rows this
// file made run here: the storage jobs would move the shared database under other tests.

const HOUR = 3_600_000;

let p: TestProject;
beforeAll(async () => {
  p = await createTestProject("Cron project");
});

/** The envelope of a refusal: `{ error: { code, message } }`. */
function expectEnvelope(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe("the cron routes' guard", () => {
  it("answers 401 in the envelope without a secret, with a wrong one, or with another scheme", async () => {
    for (const method of ["GET", "POST"] as const) {
      for (const secret of [null, "wrong-secret-0123456789abcdef", `${TEST_CRON_SECRET}x`, TEST_CRON_SECRET.slice(0, -1), ""]) {
        const res = await runJob("purge-job-runs", { method, secret });
        expect(res.status, `${method} with ${JSON.stringify(secret)}`).toBe(401);
        expectEnvelope(res.body, "unauthorized");
      }
    }
    const basic = await fetch(`${baseUrl()}/api/cron/purge-job-runs`, { method: "POST", headers: { authorization: `Basic ${Buffer.from(`x:${TEST_CRON_SECRET}`).toString("base64")}` } });
    expect(basic.status).toBe(401);
  });

  it("does not take a project API key for the secret", async () => {
    const res = await runJob("purge-job-runs", { secret: await p.key() });
    expect(res.status).toBe(401);
    expectEnvelope(res.body, "unauthorized");
  });

  it("answers 404 in the envelope for a job that does not exist, and 401 before saying so", async () => {
    for (const name of ["no-such-job", "Rollups", "constructor", "due.", "x".repeat(300)]) {
      const res = await runJob(name);
      expect(res.status, name).toBe(404);
      expectEnvelope(res.body, "not_found");
    }
    expect((await runJob("no-such-job", { secret: null })).status).toBe(401);
  });

  describe("on a fresh instance without CRON_SECRET", () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startExtraApp({ CRON_SECRET: undefined });
    }, 120_000);
    afterAll(async () => {
      await app?.stop();
    });

    it("leaves expired idempotency keys and event ids to the purge jobs: ingest on a fresh instance deletes none", async () => {
      // Before the purges were jobs, the first batch a process ingested deleted them.
      await sql()`INSERT INTO ingest_requests (project_id, key, response, created_at) VALUES (${p.projectId}, 'expired-at-ingest', '{}'::jsonb, now() - interval '2 days')`;
      await sql()`INSERT INTO event_ids (project_id, event_id, created_at) VALUES (${p.projectId}, 'expired-at-ingest', now() - interval '40 days')`;
      const res = await fetch(`${app.url}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${await p.key(["ingest"])}`, "content-type": "application/json" }, body: JSON.stringify({ name: "cron.ingest" }) });
      expect(res.status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await sql()`SELECT 1 FROM ingest_requests WHERE project_id = ${p.projectId} AND key = 'expired-at-ingest'`).toHaveLength(1);
      expect(await sql()`SELECT 1 FROM event_ids WHERE project_id = ${p.projectId} AND event_id = 'expired-at-ingest'`).toHaveLength(1);
      await sql()`DELETE FROM ingest_requests WHERE key = 'expired-at-ingest'`;
      await sql()`DELETE FROM event_ids WHERE event_id = 'expired-at-ingest'`;
    });

    it("answers 503 in the envelope: the cron routes are off, whatever is sent", async () => {
      for (const method of ["GET", "POST"] as const) {
        for (const secret of [null, TEST_CRON_SECRET]) {
          const res = await runJob("purge-job-runs", { baseUrl: app.url, method, secret });
          expect(res.status).toBe(503);
          expectEnvelope(res.body, "unavailable");
          expect(res.body.error.message).toMatch(/CRON_SECRET/);
        }
      }
    });
  });
});

describe("a job run through the cron route", () => {
  it("runs by POST and by GET, answers the run and records it in job_runs and scheduled_jobs", async () => {
    for (const method of ["POST", "GET"] as const) {
      const before = Date.now();
      const res = await runJob("purge-job-runs", { method });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ job: "purge-job-runs", outcome: "ok", durationMs: expect.any(Number), summary: { deleted: expect.any(Number), batches: expect.any(Number), more: false }, error: null });
      const [run] = await sql()<{ trigger: string; instance: string; started: number; duration_ms: number; outcome: string; summary: unknown; error: string | null }[]>`
        SELECT trigger, instance, (extract(epoch FROM started_at) * 1000)::float8 AS started, duration_ms, outcome, summary, error
        FROM job_runs WHERE job = 'purge-job-runs' ORDER BY id DESC LIMIT 1`;
      expect(run).toMatchObject({ trigger: "cron", outcome: "ok", duration_ms: res.body.durationMs, summary: res.body.summary, error: null });
      expect(run.instance).toMatch(/^.+:\d+:[0-9a-f]{6}$/);
      expect(run.started).toBeGreaterThanOrEqual(before - 1_000);
      expect(run.started).toBeLessThanOrEqual(Date.now());
      const [state] = await sql()<{ next: number; last_outcome: string }[]>`
        SELECT (extract(epoch FROM next_run_at) * 1000)::float8 AS next, last_outcome FROM scheduled_jobs WHERE job = 'purge-job-runs'`;
      // A forced run starts the next period: the next whole hour after it.
      expect(state).toEqual({ next: Math.floor(run.started / HOUR) * HOUR + HOUR, last_outcome: "ok" });
    }
  });

  it("answers busy and records nothing while another run holds the job's lock", async () => {
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const count = async () => Number((await sql()<{ n: string }[]>`SELECT count(*) AS n FROM job_runs WHERE job = 'purge-event-ids'`)[0].n);
      const before = await count();
      await other`SELECT pg_advisory_lock(${ADVISORY_LOCKS["job:purge-event-ids"]})`;
      const res = await runJob("purge-event-ids");
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ job: "purge-event-ids", outcome: "busy", durationMs: 0, summary: null, error: null });
      expect(await count()).toBe(before);
      await other`SELECT pg_advisory_unlock(${ADVISORY_LOCKS["job:purge-event-ids"]})`;
      expect((await runJob("purge-event-ids")).body.outcome).toBe("ok");
      expect(await count()).toBe(before + 1);
    } finally {
      await other.end();
    }
  });
});

describe("runJob", () => {
  const purgeJobRuns = findJob("purge-job-runs")!;

  it("records a failing job as failed with its error, and does not throw", async () => {
    const failing = { ...purgeJobRuns, run: async () => Promise.reject(new Error("the disk is on fire")) };
    const result = await runJobInProcess(failing, { trigger: "cron", force: true });
    expect(result).toMatchObject({ job: "purge-job-runs", outcome: "failed", error: "the disk is on fire", summary: null });
    const [run] = await sql()<{ outcome: string; error: string; summary: unknown }[]>`SELECT outcome, error, summary FROM job_runs WHERE job = 'purge-job-runs' ORDER BY id DESC LIMIT 1`;
    expect(run).toEqual({ outcome: "failed", error: "the disk is on fire", summary: null });
    const [state] = await sql()<{ last_outcome: string }[]>`SELECT last_outcome FROM scheduled_jobs WHERE job = 'purge-job-runs'`;
    expect(state.last_outcome).toBe("failed");
  });

  it("does not run a job again in the period it already ran in, unless forced", async () => {
    let calls = 0;
    const counting = { ...purgeJobRuns, run: async () => ({ calls: ++calls }) };
    const now = Date.now();
    expect((await runJobInProcess(counting, { trigger: "cron", force: true, now })).outcome).toBe("ok");
    expect(await runJobInProcess(counting, { trigger: "timer", now: now + 1 })).toMatchObject({ outcome: "not_due" });
    expect(calls).toBe(1);
    // The next period is due.
    const nextHour = Math.floor(now / HOUR) * HOUR + HOUR;
    expect((await runJobInProcess(counting, { trigger: "timer", now: nextHour })).outcome).toBe("ok");
    expect(await runJobInProcess(counting, { trigger: "timer", now: nextHour + 1_000 })).toMatchObject({ outcome: "not_due" });
    expect(calls).toBe(2);
    // The database is shared with other tests and the e2e stage: leave no run dated in the future.
    await sql()`DELETE FROM job_runs WHERE job = 'purge-job-runs' AND started_at > now()`;
    await runJobInProcess(purgeJobRuns, { trigger: "cron", force: true });
  });

  it("refuses a job with no advisory lock registered, without throwing", async () => {
    const result = await runJobInProcess({ name: "unregistered-job", everySeconds: 60, run: async () => "ran" }, { trigger: "cron", force: true });
    expect(result).toMatchObject({ outcome: "failed", error: expect.stringMatching(/no advisory lock/) });
  });
});

describe("the purge jobs", () => {
  it("purge-idempotency-keys deletes stored responses older than a day and keeps younger ones", async () => {
    await sql()`
      INSERT INTO ingest_requests (project_id, key, response, created_at)
      VALUES (${p.projectId}, 'old-1', '{}'::jsonb, now() - interval '25 hours'),
             (${p.projectId}, 'old-2', '{}'::jsonb, now() - interval '30 days'),
             (${p.projectId}, 'young', '{}'::jsonb, now() - interval '23 hours')`;
    const res = await runJob("purge-idempotency-keys");
    expect(res.body).toMatchObject({ outcome: "ok", summary: { deleted: expect.any(Number), more: false } });
    expect(res.body.summary.deleted).toBeGreaterThanOrEqual(2);
    const left = await sql()<{ key: string }[]>`SELECT key FROM ingest_requests WHERE project_id = ${p.projectId} ORDER BY key`;
    expect(left.map((r) => r.key)).toEqual(["young"]);
  });

  it("purge-event-ids deletes event ids older than 30 days in bounded batches and keeps younger ones", async () => {
    const old = 2 * PURGE_BATCH_ROWS + 123;
    await sql()`
      INSERT INTO event_ids (project_id, event_id, created_at)
      SELECT ${p.projectId}, 'old-' || i, now() - interval '31 days' FROM generate_series(1, ${old}) AS i`;
    await sql()`INSERT INTO event_ids (project_id, event_id, created_at) VALUES (${p.projectId}, 'young', now() - interval '29 days')`;
    const res = await runJob("purge-event-ids");
    expect(res.body).toMatchObject({ outcome: "ok", summary: { more: false } });
    expect(res.body.summary.deleted).toBeGreaterThanOrEqual(old);
    expect(res.body.summary.batches).toBeGreaterThanOrEqual(3);
    const left = await sql()<{ event_id: string }[]>`SELECT event_id FROM event_ids WHERE project_id = ${p.projectId}`;
    expect(left.map((r) => r.event_id)).toEqual(["young"]);
  });

  it("purge-job-runs keeps two weeks of job runs", async () => {
    const [{ id: oldId }] = await sql()<{ id: number }[]>`
      INSERT INTO job_runs (job, trigger, instance, started_at, duration_ms, outcome) VALUES ('purge-test', 'cron', 'test', now() - interval '15 days', 1, 'ok') RETURNING id`;
    const [{ id: youngId }] = await sql()<{ id: number }[]>`
      INSERT INTO job_runs (job, trigger, instance, started_at, duration_ms, outcome) VALUES ('purge-test', 'cron', 'test', now() - interval '13 days', 1, 'ok') RETURNING id`;
    const res = await runJob("purge-job-runs");
    expect(res.body.outcome).toBe("ok");
    expect(res.body.summary.deleted).toBeGreaterThanOrEqual(1);
    const left = await sql()<{ id: number }[]>`SELECT id FROM job_runs WHERE id IN (${oldId}, ${youngId})`;
    expect(left.map((r) => Number(r.id))).toEqual([Number(youngId)]);
    await sql()`DELETE FROM job_runs WHERE job = 'purge-test'`;
  });
});
