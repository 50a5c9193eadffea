import postgres from "postgres";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, sql } from "@/lib/db/client";
import { reloadEnv } from "@/lib/env";
import { runJobsNow, startScheduler } from "@/lib/scheduler/scheduler";
import { createTestProject, storagePath } from "../fixtures";
import { isolateDatabase } from "../isolated-database";
import { insertPoints } from "../query-data";
import { MINUTE, effectiveWatermarks } from "./rollup-checks";

// The storage jobs (rollups, compression, retention) on a database of their own: they move
// instance-wide watermarks.
isolateDatabase("storage_jobs");

const STORAGE_JOBS = ["rollups", "compression", "retention"];

let projectId: string;
beforeAll(async () => {
  projectId = (await createTestProject()).projectId;
});

/** A point a few minutes back: behind the 1-minute watermark once the rollups job has run. */
async function latePoint(): Promise<number> {
  const time = Math.floor((Date.now() - 5 * MINUTE) / MINUTE) * MINUTE + 1_000;
  await insertPoints({ projectId, name: "storage-jobs.gauge", type: "gauge", points: [{ time, value: 1 }] });
  return time;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

/** Sets a server setting for new sessions of this test's database, and reconnects. */
async function setDatabaseSetting(name: string, value: string | null): Promise<void> {
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await admin`SET default_transaction_read_only = off`;
    const [{ db }] = await admin<{ db: string }[]>`SELECT current_database() AS db`;
    await admin.unsafe(value === null ? `ALTER DATABASE "${db}" RESET ${name}` : `ALTER DATABASE "${db}" SET ${name} = ${value}`);
  } finally {
    await admin.end();
  }
  await closeDb();
}

afterEach(() => {
  delete process.env.FLUX_STORAGE_UPKEEP_SECONDS;
  delete process.env.FLUX_SCHEDULER;
  reloadEnv();
});

describe("the storage jobs", () => {
  it("run rollups, compression and retention in turn, each recorded with a summary of counts", async () => {
    const results = await runJobsNow({ names: STORAGE_JOBS });
    expect(results.map((r) => [r.job, r.outcome])).toEqual(STORAGE_JOBS.map((job) => [job, "ok"]));
    expect(results[0].summary).toMatchObject({ status: "refreshed", path: storagePath });
    expect(results[1].summary).toMatchObject({ status: "compressed", path: storagePath });
    expect(results[2].summary).toMatchObject({ status: "applied", dropped: expect.any(Number), rowsDeleted: expect.any(Number) });
    const runs = await sql()<{ job: string; outcome: string; summary: unknown }[]>`SELECT job, outcome, summary FROM job_runs ORDER BY id DESC LIMIT 3`;
    expect(runs.reverse()).toEqual(results.map((r) => ({ job: r.job, outcome: "ok", summary: r.summary })));
  });

  it("fail without throwing, one after the other, when the database refuses writes", async () => {
    await setDatabaseSetting("default_transaction_read_only", "on");
    try {
      const results = await runJobsNow({ names: STORAGE_JOBS });
      expect(results.map((r) => r.job)).toEqual(STORAGE_JOBS);
      for (const r of results) expect(r).toMatchObject({ outcome: "failed", error: expect.stringMatching(/read-only/) });
    } finally {
      await setDatabaseSetting("default_transaction_read_only", null);
    }
  });
});

// With TimescaleDB the refresh policies also roll up in the background, so only the plain path
// shows whether the timer did it.
describe.runIf(storagePath === "postgres")("the scheduler's timer", () => {
  beforeEach(async () => {
    // Earlier runs claimed the current minute; the timer must find the storage jobs due.
    await sql()`DELETE FROM scheduled_jobs`;
  });

  it("started, rolls up shortly after start without being called", async () => {
    const time = await latePoint();
    expect((await effectiveWatermarks())["1m"]).toBeLessThanOrEqual(time);
    const stop = startScheduler({ firstTickMs: 0, tickMs: 500 });
    try {
      expect(await until(async () => (await effectiveWatermarks())["1m"] > time, 20_000)).toBe(true);
    } finally {
      stop();
    }
    const [run] = await sql()<{ trigger: string; outcome: string }[]>`SELECT trigger, outcome FROM job_runs WHERE job = 'rollups' ORDER BY id DESC LIMIT 1`;
    expect(run).toEqual({ trigger: "timer", outcome: "ok" });
  });

  it("leaves the storage jobs alone when FLUX_STORAGE_UPKEEP_SECONDS is 0", async () => {
    await runJobsNow({ names: ["rollups"] });
    await sql()`DELETE FROM scheduled_jobs`;
    const time = await latePoint();
    process.env.FLUX_STORAGE_UPKEEP_SECONDS = "0";
    reloadEnv();
    const stop = startScheduler({ firstTickMs: 0, tickMs: 200 });
    try {
      expect(await until(async () => (await effectiveWatermarks())["1m"] > time, 2_000)).toBe(false);
    } finally {
      stop();
    }
  });

  it("starts nothing when FLUX_SCHEDULER is off", async () => {
    const time = await latePoint();
    process.env.FLUX_SCHEDULER = "off";
    reloadEnv();
    const stop = startScheduler({ firstTickMs: 0, tickMs: 200 });
    try {
      expect(await until(async () => (await effectiveWatermarks())["1m"] > time, 2_000)).toBe(false);
    } finally {
      stop();
    }
  });
});
