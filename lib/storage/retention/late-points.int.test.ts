import { describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { FluxError } from "@/lib/errors";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import { refreshRollups } from "@/lib/storage/rollups/refresh-rollups";
import { updateStorageSettings } from "@/lib/storage/storage-settings";
import { createTestProject, rejection, storagePath } from "@/tests/fixtures";
import { isolateDatabase } from "@/tests/isolated-database";
import { applyRetention } from "./apply-retention";

// Ingest and retention together: points older than the project's raw retention are refused
// with a reason, and a late point for a day whose partition retention dropped (while this
// process still remembers creating it) lands in a recreated one. Retention runs on the real
// clock here, so the file has a database of its own.
isolateDatabase("late_points");

const DAY = 86_400_000;
const gauge = (ageMs: number, value = 1) => ({ type: "gauge", name: "late.gauge", value, timestamp: new Date(Date.now() - ageMs).toISOString() });

async function storedValues(projectId: string): Promise<number[]> {
  const rows = await sql()<{ value: number }[]>`
    SELECT p.value FROM points p JOIN series s ON s.id = p.series_id WHERE s.project_id = ${projectId} ORDER BY p.time, p.value`;
  return rows.map((r) => r.value);
}

/** The chunk or partition of `points` that holds the UTC day of `at`, if any. */
async function dayStorage(at: number): Promise<string[]> {
  const from = new Date(Math.floor(at / DAY) * DAY).toISOString();
  const rows =
    storagePath === "timescaledb"
      ? await sql()<{ name: string }[]>`SELECT chunk_name AS name FROM timescaledb_information.chunks WHERE hypertable_name = 'points' AND range_start = ${from}::timestamptz`
      : await sql()<{ name: string }[]>`
          SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'points'::regclass AND (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz = ${from}::timestamptz`;
  return rows.map((r) => r.name);
}

async function rolledUp() {
  for (let done = 0, i = 0; done < 2; i++) {
    if (i > 60) throw new Error("rollups stayed locked");
    if ((await refreshRollups()).status === "refreshed") done++;
    else await new Promise((r) => setTimeout(r, 500));
  }
}

describe("ingest beside retention", () => {
  it("refuses points and events older than the project's raw retention, each with its field and reason, and stores the rest", async () => {
    const p = await createTestProject();
    const result = await ingestBatch({
      ctx: p.ctx,
      input: {
        metrics: [gauge(29 * DAY, 1), gauge(32 * DAY, 2), gauge(60_000, 3)],
        events: [{ name: "late.event", timestamp: new Date(Date.now() - 40 * DAY).toISOString() }, { name: "late.event" }],
      },
    });
    expect(result.accepted).toBe(3);
    expect(result.rejected).toEqual([
      { index: 0, kind: "event", field: "events[0].timestamp", message: expect.stringContaining("older than this project keeps raw data (30 days") },
      { index: 1, kind: "metric", field: "metrics[1].timestamp", message: expect.stringContaining("(30 days") },
    ]);
    expect(await storedValues(p.projectId)).toEqual([1, 3]);

    // The project's own setting is what counts, right after it changes.
    await updateStorageSettings({ ctx: p.ctx, input: { rawDays: 60, rollup1mDays: 7 } });
    expect((await ingestBatch({ ctx: p.ctx, input: { metrics: [gauge(45 * DAY, 4)] } })).accepted).toBe(1);
    await updateStorageSettings({ ctx: p.ctx, input: { rawDays: 10 } });
    const refused = await rejection(ingestBatch({ ctx: p.ctx, input: { metrics: [gauge(12 * DAY, 5)] } }));
    expect(refused).toBeInstanceOf(FluxError);
    expect(refused.status).toBe(422);
    expect(refused.details).toEqual([expect.objectContaining({ field: "metrics[0].timestamp", message: expect.stringContaining("(10 days") })]);
  });

  it("stores a late point in a day whose partition retention dropped while this process still remembered it", async () => {
    const p = await createTestProject();
    const age = 50 * DAY;
    await updateStorageSettings({ ctx: p.ctx, input: { rawDays: 100, rollup1hDays: 100 } });
    expect((await ingestBatch({ ctx: p.ctx, input: { metrics: [gauge(age, 1)] } })).accepted).toBe(1);
    const day = Date.now() - age;
    expect(await dayStorage(day)).toHaveLength(1);
    await rolledUp();

    // The project now keeps raw data 40 days, the longest of the instance: the day's storage goes.
    await updateStorageSettings({ ctx: p.ctx, input: { rawDays: 40 } });
    const summary = await applyRetention();
    expect(summary.failed).toEqual([]);
    expect(await dayStorage(day)).toEqual([]);
    expect(await storedValues(p.projectId)).toEqual([]);

    // Back to 100 days: the same day is accepted again, and the point lands in a new partition.
    await updateStorageSettings({ ctx: p.ctx, input: { rawDays: 100 } });
    expect((await ingestBatch({ ctx: p.ctx, input: { metrics: [gauge(age, 2)] } })).accepted).toBe(1);
    expect(await dayStorage(day)).toHaveLength(1);
    expect(await storedValues(p.projectId)).toEqual([2]);
  });
});
