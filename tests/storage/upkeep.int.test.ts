import postgres from "postgres";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { reloadEnv } from "@/lib/env";
import { runStorageUpkeep, startStorageUpkeep } from "@/lib/storage/upkeep";
import { createTestProject, storagePath } from "../fixtures";
import { isolateDatabase } from "../isolated-database";
import { insertPoints } from "../query-data";
import { MINUTE, effectiveWatermarks } from "./rollup-checks";

// The storage upkeep runner on a database of its own (it moves instance-wide watermarks).
isolateDatabase("upkeep");

let projectId: string;
beforeAll(async () => {
  projectId = (await createTestProject()).projectId;
});

/** A point a few minutes back: behind the 1-minute watermark once upkeep has run. */
async function latePoint(): Promise<number> {
  const time = Math.floor((Date.now() - 5 * MINUTE) / MINUTE) * MINUTE + 1_000;
  await insertPoints({ projectId, name: "upkeep.gauge", type: "gauge", points: [{ time, value: 1 }] });
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
  reloadEnv();
});

describe("storage upkeep", () => {
  it("runs rollups, compression and retention in turn and reports each", async () => {
    const steps = await runStorageUpkeep();
    expect(steps.map((s) => s.step)).toEqual(["rollups", "compression", "retention"]);
    expect(steps[0]).toMatchObject({ ok: true, result: { status: "refreshed" } });
    // Each step's time includes its run, not only loading it.
    expect(steps[0].ms).toBeGreaterThanOrEqual((steps[0].result as { ms: number }).ms);
    expect(steps[2]).toMatchObject({ ok: true });
  });

  it("logs a failing step and still runs the ones after it, without throwing", async () => {
    await setDatabaseSetting("default_transaction_read_only", "on");
    const lines: string[] = [];
    try {
      const steps = await runStorageUpkeep({ log: (_level, line) => lines.push(line) });
      expect(steps.map((s) => s.step)).toEqual(["rollups", "compression", "retention"]);
      expect(steps[0]).toMatchObject({ ok: false, error: expect.stringMatching(/read-only/) });
      expect(lines).toContainEqual(expect.stringMatching(/^\[flux\] storage upkeep: rollups failed: .*read-only/));
    } finally {
      await setDatabaseSetting("default_transaction_read_only", null);
    }
  });
});

// With TimescaleDB the refresh policies also roll up in the background, so only the plain path
// shows whether the timer did it.
describe.runIf(storagePath === "postgres")("the upkeep timer", () => {
  it("started, rolls up shortly after start without being called", async () => {
    const time = await latePoint();
    expect((await effectiveWatermarks())["1m"]).toBeLessThanOrEqual(time);
    const stop = startStorageUpkeep({ firstRunMs: 0 });
    try {
      expect(await until(async () => (await effectiveWatermarks())["1m"] > time, 20_000)).toBe(true);
    } finally {
      stop();
    }
  });

  it("starts nothing when FLUX_STORAGE_UPKEEP_SECONDS is 0", async () => {
    await runStorageUpkeep();
    const time = await latePoint();
    process.env.FLUX_STORAGE_UPKEEP_SECONDS = "0";
    reloadEnv();
    const stop = startStorageUpkeep({ firstRunMs: 0 });
    try {
      expect(await until(async () => (await effectiveWatermarks())["1m"] > time, 2_000)).toBe(false);
    } finally {
      stop();
    }
  });
});
