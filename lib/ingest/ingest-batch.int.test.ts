import { afterEach, describe, expect, it, vi } from "vitest";
import { sql } from "@/lib/db/client";
import { FluxError } from "@/lib/errors";
import { createTestProject } from "@/tests/fixtures";
import { onBatchCommitted, type BatchCommitted } from "./after-commit";
import { ingestBatch } from "./ingest-batch";

const unsubscribers: (() => void)[] = [];
afterEach(() => unsubscribers.splice(0).forEach((u) => u()));

describe("ingestBatch", () => {
  it("tells after-commit listeners what a batch touched, and a failing listener does not fail ingest", async () => {
    const p = await createTestProject();
    const seen: BatchCommitted[] = [];
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    unsubscribers.push(onBatchCommitted(() => { throw new Error("listener bug"); }));
    unsubscribers.push(onBatchCommitted(async () => { throw new Error("async listener bug"); }));
    unsubscribers.push(onBatchCommitted((b) => { if (b.projectId === p.projectId) seen.push(b); }));
    const t0 = Date.now() - 120_000;
    const result = await ingestBatch({
      ctx: p.ctx,
      input: {
        events: [{ name: "signup", timestamp: t0 }, { name: "login", timestamp: t0 + 10 }],
        metrics: [{ type: "gauge", name: "queue.depth", value: 3, timestamp: t0 + 5 }, { type: "gauge", name: "bad name", value: 1 }],
      },
    });
    expect(result).toEqual({ accepted: 3, rejected: [expect.objectContaining({ field: "metrics[1].name" })] });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([
      { projectId: p.projectId, metricNames: ["queue.depth"], eventNames: ["signup", "login"], pointCount: 1, eventCount: 2, minTime: new Date(t0), maxTime: new Date(t0 + 10) },
    ]);
    expect(errors).toHaveBeenCalledTimes(2);
    errors.mockRestore();
  });

  it("throws a 422 FluxError listing every rejection when nothing is valid, and notifies nobody", async () => {
    const p = await createTestProject();
    const listener = vi.fn();
    unsubscribers.push(onBatchCommitted((b) => b.projectId === p.projectId && listener(b)));
    const error = await ingestBatch({ ctx: p.ctx, input: { metrics: [{ type: "gauge", name: "g" }] } }).catch((e) => e);
    expect(error).toBeInstanceOf(FluxError);
    expect(error.status).toBe(422);
    expect(error.details).toEqual([expect.objectContaining({ index: 0, kind: "metric", field: "metrics[0].value" })]);
    expect(listener).not.toHaveBeenCalled();
  });

  it("creates each series once under concurrent batches and keeps the event total exact", async () => {
    const p = await createTestProject();
    const batch = () => ({
      metrics: Array.from({ length: 50 }, (_, i) => ({ type: "counter", name: `c${i % 5}`, value: 1, tags: { shard: String(i % 10) } })),
      events: Array.from({ length: 20 }, () => ({ name: "tick" })),
    });
    await Promise.all(Array.from({ length: 8 }, () => ingestBatch({ ctx: p.ctx, input: batch() })));
    const [row] = await sql()<{ series: number; points: number; total: number }[]>`
      SELECT (SELECT count(*)::int FROM series WHERE project_id = ${p.projectId}) AS series,
             (SELECT count(*)::int FROM points p JOIN series s ON s.id = p.series_id WHERE s.project_id = ${p.projectId}) AS points,
             (SELECT total::int FROM event_names WHERE project_id = ${p.projectId} AND name = 'tick') AS total`;
    expect(row).toEqual({ series: 10, points: 400, total: 160 });
  });

  it("requires the ingest permission", async () => {
    const p = await createTestProject();
    const viewer = { ...p.ctx, role: "viewer" as const };
    await expect(ingestBatch({ ctx: viewer, input: { events: [{ name: "x" }] } })).rejects.toMatchObject({ code: "forbidden" });
  });
});
