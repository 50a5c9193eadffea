import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { isolateDatabase } from "@/tests/isolated-database";
import { insertEvents, insertPoints } from "@/tests/query-data";
import { refreshRollups } from "@/lib/storage/rollups/refresh-rollups";
import type { QueryResult } from "./model";
import { runQuery } from "./run-query";

// A window that ends before the rollups' watermark has no raw part at all: the statement is
// built from rollup tiers only, and must still bind every parameter it was given.
isolateDatabase("rollup_only_window");

const HOUR = 3_600_000;
const NOW = Date.parse("2026-06-20T12:00:00Z");
let p: TestProject;

beforeAll(async () => {
  p = await createTestProject();
  const start = NOW - 72 * HOUR;
  await insertEvents({ projectId: p.projectId, events: Array.from({ length: 48 }, (_, i) => ({ time: start + i * HOUR + 60_000, name: "order.completed", userId: `u${i % 5}`, value: i, properties: {} })) });
  await insertPoints({ projectId: p.projectId, name: "api.calls", type: "counter", points: Array.from({ length: 48 }, (_, i) => ({ time: start + i * HOUR + 60_000, value: 2, tags: {} })) });
  await refreshRollups({ now: NOW });
});

describe("a window wholly behind the rollup watermark", () => {
  const range = { from: new Date(NOW - 72 * HOUR).toISOString(), to: new Date(NOW - 48 * HOUR).toISOString() };

  it.each([
    ["count", 24],
    ["sum", (23 * 24) / 2],
    ["unique_users", 5],
  ])("answers an event %s from rollups alone", async (aggregation, expected) => {
    const result = (await runQuery({ ctx: p.ctx, now: NOW, input: { source: "event", name: "order.completed", aggregation, range, interval: "1h" } })) as QueryResult;
    expect(result.tier).not.toBe("raw");
    expect(result.series[0]?.total).toBe(expected);
    expect(result.series[0]?.points.filter(([, v]) => v !== null && v > 0)).toHaveLength(aggregation === "unique_users" ? 24 : aggregation === "count" ? 24 : 23);
  });

  it("answers a metric sum from rollups alone", async () => {
    const result = (await runQuery({ ctx: p.ctx, now: NOW, input: { source: "metric", name: "api.calls", aggregation: "sum", range, interval: "1h" } })) as QueryResult;
    expect(result.tier).not.toBe("raw");
    expect(result.series[0]?.total).toBe(48);
  });
});
