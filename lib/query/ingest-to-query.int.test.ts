import { describe, expect, it } from "vitest";
import { createTestProject } from "@/tests/fixtures";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import type { QueryResult } from "./model";
import { runQuery } from "./run-query";

// End to end through the real ingest path: what ingestBatch stores, runQuery answers.
const HOUR = 3_600_000;

describe("ingest to query", () => {
  it("answers metrics and events written by ingestBatch", async () => {
    const p = await createTestProject();
    const start = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    const result = await ingestBatch({
      ctx: p.ctx,
      input: {
        metrics: [
          { type: "counter", name: "jobs.done", value: 4, tags: { queue: "mail" }, timestamp: at(5) },
          { type: "counter", name: "jobs.done", value: 6, tags: { queue: "pdf" }, timestamp: at(70) },
          { type: "counter", name: "jobs.done", value: -1, tags: { queue: "mail" }, timestamp: at(75) },
          { type: "distribution", name: "job.ms", value: 10, timestamp: at(1) },
          { type: "distribution", name: "job.ms", value: 30, timestamp: at(2) },
          { type: "distribution", name: "job.ms", value: 20, timestamp: at(3) },
          { type: "set", name: "job.owners", value: "ann", timestamp: at(1) },
          { type: "set", name: "job.owners", value: "bob", timestamp: at(61) },
          { type: "set", name: "job.owners", value: "ann", timestamp: at(62) },
        ],
        events: [
          { name: "signup", user_id: "u1", properties: { plan: "pro" }, timestamp: at(10) },
          { name: "signup", user_id: "u2", properties: { plan: "free" }, timestamp: at(20) },
          { name: "signup", user_id: "u1", properties: { plan: "pro" }, timestamp: at(130) },
        ],
      },
    });
    expect(result).toMatchObject({ accepted: 12, rejected: [] });
    const range = { from: start, to: start + 3 * HOUR };
    const ask = async (input: object) => (await runQuery({ ctx: p.ctx, input: { range, interval: "1h", ...input } })) as QueryResult;

    const jobs = await ask({ source: "metric", name: "jobs.done", aggregation: "sum", groupBy: ["queue"] });
    expect(jobs.series.map((s) => [s.key, s.total, ...s.points.map((pt) => pt[1])])).toEqual([
      ["queue=pdf", 6, 0, 6, 0],
      ["queue=mail", 3, 4, -1, 0],
    ]);
    const p50 = await ask({ source: "metric", name: "job.ms", aggregation: "p50" });
    expect(p50.series[0].total).toBe(20);
    const owners = await ask({ source: "metric", name: "job.owners", aggregation: "unique" });
    expect(owners.series[0].points.map((pt) => pt[1])).toEqual([1, 2, 0]);
    expect(owners.series[0].total).toBe(2);
    const signups = await ask({ source: "event", name: "signup", aggregation: "unique_users", groupBy: ["plan"] });
    expect(signups.series.map((s) => [s.key, s.total])).toEqual([["plan=free", 1], ["plan=pro", 1]]);
  });
});
