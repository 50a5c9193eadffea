import { describe, expect, it } from "vitest";
import type { Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { retainedRelations } from "./retention/relations";
import { rolledUpBefore } from "./retention/rolled-up";
import { refreshRollups } from "@/lib/storage/rollups/refresh-rollups";
import { createTestProject, rejection, storagePath } from "@/tests/fixtures";
import { isolateDatabase } from "@/tests/isolated-database";
import { insertEvents, insertPoints, insertSetMembers } from "@/tests/query-data";
import { updateStorageSettings } from "./storage-settings";
import { STATS_DAYS, storageStats } from "./storage-stats";

// How far the rollups reach is instance-wide (other files' late rows hold it back), and the
// per-day counts must come from them here: this file has a database of its own.
isolateDatabase("storage_stats");

const DAY = 86_400_000;
const RAW = ["points", "set_points", "events"];
const ROLLUPS = ["1m", "1h", "1d"].flatMap((t) => ["points", "sketch", "sets", "events", "event_users"].map((k) => `rollup_${k}_${t}`));

describe("storageStats", () => {
  it("counts this project's points and events per UTC day over the last 30 days, the same before and after the rollups catch up", async () => {
    const p = await createTestProject();
    const other = await createTestProject();
    const now = Date.now();
    const today = Math.floor(now / DAY) * DAY;
    const earlier = (days: number, minutes = 0) => Math.min(now - 60_000, today - days * DAY + 12 * 3_600_000 + minutes * 60_000);
    await insertPoints({ projectId: p.projectId, name: "stats.gauge", type: "gauge", points: [0, 1, 2].map((m) => ({ time: earlier(0, m), value: m })) });
    await insertPoints({ projectId: p.projectId, name: "stats.gauge", type: "gauge", points: [earlier(2), earlier(2, 90)].map((time) => ({ time, value: 1 })) });
    await insertPoints({ projectId: p.projectId, name: "stats.gauge", type: "gauge", points: [{ time: today - 29 * DAY + 1000, value: 1 }, { time: today - 30 * DAY - 1000, value: 1 }] });
    await insertPoints({ projectId: p.projectId, name: "stats.latency", type: "distribution", points: [{ time: earlier(2, 30), value: 12 }] });
    await insertSetMembers({ projectId: p.projectId, name: "stats.users", members: [{ time: earlier(0, 5), member: "a" }, { time: earlier(0, 6), member: "b" }, { time: earlier(2, 45), member: "a" }] });
    await insertEvents({ projectId: p.projectId, events: [{ time: earlier(0, 3), name: "stats.e" }, { time: earlier(5), name: "stats.e" }, { time: earlier(5, 1), name: "stats.f", userId: "u" }] });
    await insertPoints({ projectId: other.projectId, name: "stats.gauge", type: "gauge", points: [{ time: earlier(0), value: 9 }] });
    await insertEvents({ projectId: other.projectId, events: [{ time: earlier(0), name: "stats.e" }] });

    const expected = Array.from({ length: STATS_DAYS }, (_, i) => {
      const day = today - (STATS_DAYS - 1 - i) * DAY;
      const ago = (today - day) / DAY;
      return { day: new Date(day).toISOString().slice(0, 10), points: { 0: 5, 2: 4, 29: 1 }[ago] ?? 0, events: { 0: 1, 5: 2 }[ago] ?? 0 };
    });
    const viewer: Caller = { ...p.ctx, role: "viewer" };
    expect((await storageStats({ ctx: viewer, now })).perDay).toEqual(expected);

    // Twice: one TimescaleDB refresh can leave stretches between late rows in its invalidation log.
    for (let done = 0, i = 0; done < 2; i++) {
      if ((await refreshRollups()).status === "refreshed") done++;
      else if (i > 60) throw new Error("rollups stayed locked");
      else await new Promise((r) => setTimeout(r, 500));
    }
    // The daily and hourly rollups now answer most of the window.
    const relations = await retainedRelations(sql(), storagePath);
    const rolledUp = await rolledUpBefore(sql(), storagePath, relations);
    for (const r of ["points", "rollup_points_1m", "rollup_points_1h", "events", "rollup_events_1m", "rollup_events_1h"]) expect(rolledUp.get(r)).toBeGreaterThan(today - DAY);
    expect((await storageStats({ ctx: viewer, now })).perDay).toEqual(expected);
  });

  it("lists the storage of every raw and rollup table of the instance, and the retention in force", async () => {
    const p = await createTestProject();
    await insertPoints({ projectId: p.projectId, name: "stats.size", type: "gauge", points: [{ time: Date.now() - 60_000, value: 1 }] });
    await updateStorageSettings({ ctx: p.ctx, input: { rawDays: 20 } });
    const stats = await storageStats({ ctx: p.ctx });
    expect(stats.path).toBe(storagePath);
    const names = stats.tables.map((t) => t.name);
    expect(names.filter((n) => !n.endsWith("_packed"))).toEqual([...RAW, ...ROLLUPS]);
    const points = stats.tables.find((t) => t.name === "points")!;
    expect(points).toMatchObject({ kind: "raw", tier: "raw" });
    expect(points.bytes).toBeGreaterThan(8192);
    expect(points.segments).toBeGreaterThan(0);
    expect(Date.parse(points.oldest!)).toBeLessThan(Date.now());
    for (const t of stats.tables) expect(t.bytes).toBeGreaterThanOrEqual(0);
    expect(stats.tables.find((t) => t.name === "rollup_points_1h")).toMatchObject({ kind: "rollup", tier: "1h" });
    expect(stats.tables.find((t) => t.name === "rollup_points_1d")!.segments).toBe(storagePath === "postgres" ? 0 : stats.tables.find((t) => t.name === "rollup_points_1d")!.segments);
    expect(stats.totalBytes).toBe(stats.tables.reduce((s, t) => s + t.bytes, 0));
    expect(stats.retention.settings).toMatchObject({ rawDays: 20, rollup1mDays: 7 });
    expect(stats.retention.isDefault).toMatchObject({ rawDays: false, rollup1mDays: true });
  });

  it("needs the read permission", async () => {
    const p = await createTestProject();
    const ingestOnly: Caller = { kind: "key", projectId: p.projectId, keyId: "k", scopes: ["ingest"] };
    expect((await rejection(storageStats({ ctx: ingestOnly }))).code).toBe("forbidden");
  });
});
