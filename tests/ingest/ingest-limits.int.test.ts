import { describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { INGEST_LIMITS as L } from "@/lib/ingest/limits";
import { createTestProject } from "../fixtures";
import { counts, gzipJson, isoAgo, post, storedEvents, storedPoints } from "./helpers";

const gauge = (extra: Record<string, unknown> = {}) => ({ type: "gauge", name: "ok.metric", value: 1, ...extra });

describe("ingest limits and malformed input", () => {
  it("stores the valid items of a batch and names each rejected field", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const res = await post("/api/v1/flux/batch", key, {
      events: [{ name: "good.event" }, { name: "" }, { name: "bad", properties: [1, 2] }, { name: "ok", user_id: { nested: true } }],
      metrics: [
        gauge(),
        gauge({ value: "NaN" }),
        gauge({ value: 1e300 }),
        gauge({ type: "histogram" }),
        gauge({ name: "has space" }),
        gauge({ timestamp: Date.now() + 2 * 60 * 60 * 1000 }),
        gauge({ timestamp: isoAgo(401 * 86_400_000) }),
        gauge({ timestamp: "yesterday" }),
        gauge({ tags: { nested: { a: 1 } } }),
        gauge({ tags: { ["k".repeat(L.maxTagKeyLength + 1)]: "v" } }),
        gauge({ tags: { k: "v".repeat(L.maxTagValueLength + 1) } }),
        gauge({ name: "x".repeat(L.maxNameLength + 1) }),
        "not an object",
        { type: "set", name: "members", value: "" },
        gauge({ value: 2 }),
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(3);
    const fields = res.body.rejected!.map((r) => [r.kind, r.index, r.field]);
    expect(fields).toEqual([
      ["event", 1, "events[1].name"],
      ["event", 2, "events[2].properties"],
      ["event", 3, "events[3].user_id"],
      ["metric", 1, "metrics[1].value"],
      ["metric", 2, "metrics[2].value"],
      ["metric", 3, "metrics[3].type"],
      ["metric", 4, "metrics[4].name"],
      ["metric", 5, "metrics[5].timestamp"],
      ["metric", 6, "metrics[6].timestamp"],
      ["metric", 7, "metrics[7].timestamp"],
      ["metric", 8, "metrics[8].tags.nested"],
      ["metric", 9, `metrics[9].tags.${"k".repeat(L.maxTagKeyLength + 1)}`],
      ["metric", 10, "metrics[10].tags.k"],
      ["metric", 11, "metrics[11].name"],
      ["metric", 12, "metrics[12]"],
      ["metric", 13, "metrics[13].value"],
    ]);
    for (const r of res.body.rejected!) expect(r.message.length).toBeGreaterThan(5);
    expect((await storedPoints(p.projectId)).map((r) => r.value)).toEqual([1, 2]);
    expect((await storedEvents(p.projectId)).map((e) => e.name)).toEqual(["good.event"]);
  });

  it("answers 422 with every rejection when no item is valid, and writes nothing", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const res = await post("/api/v1/metrics/batch", key, { metrics: [gauge({ value: "one" }), gauge({ value: null })] });
    expect(res.status).toBe(422);
    expect(res.body.error!.code).toBe("invalid");
    expect(res.body.error!.details).toEqual([
      expect.objectContaining({ index: 0, kind: "metric", field: "metrics[0].value" }),
      expect.objectContaining({ index: 1, kind: "metric", field: "metrics[1].value" }),
    ]);
    expect(await counts(p.projectId)).toEqual({ points: 0, events: 0 });
  });

  it("rejects malformed bodies with 400, wrong shapes with 422 and oversize ones with 413", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    expect((await post("/api/v1/metrics/batch", key, "{not json")).status).toBe(400);
    expect((await post("/api/v1/metrics/batch", key, "")).status).toBe(400);
    expect((await post("/api/v1/metrics/batch", key, { metrics: "nope" })).status).toBe(422);
    expect((await post("/api/v1/flux/batch", key, [1, 2])).status).toBe(422);
    expect((await post("/api/v1/flux/batch", key, { events: 5 })).status).toBe(422);
    const tooMany = await post("/api/v1/metrics/batch", key, { metrics: Array.from({ length: L.maxItemsPerBatch + 1 }, () => gauge()) });
    expect(tooMany.status).toBe(413);
    const huge = await post("/api/v1/events", key, { name: "big", properties: { blob: "x".repeat(L.maxBodyBytes) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error!.code).toBe("payload_too_large");
    expect(await counts(p.projectId)).toEqual({ points: 0, events: 0 });
  });

  it("rejects NaN and Infinity however they arrive, including gzip'ed raw text", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const raw = '{"metrics":[{"type":"gauge","name":"a","value":NaN}]}';
    expect((await post("/api/v1/metrics/batch", key, gzipJson(raw), { "content-encoding": "gzip" })).status).toBe(400);
    const inf = await post("/api/v1/metrics/batch", key, '{"metrics":[{"type":"gauge","name":"a","value":1e999},{"type":"gauge","name":"a","value":"Infinity"},{"type":"gauge","name":"a","value":-1e400}]}');
    expect(inf.status).toBe(422);
    expect((inf.body.error!.details as unknown[]).length).toBe(3);
    const single = await post("/api/v1/events", key, { name: "e", value: "NaN" });
    expect(single.status).toBe(422);
    expect(await counts(p.projectId)).toEqual({ points: 0, events: 0 });
  });

  it("accepts gzip bodies", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const res = await post("/api/v1/flux/batch", key, gzipJson({ events: [{ name: "zipped" }], metrics: [gauge()] }), { "content-encoding": "gzip" });
    expect(res.body).toEqual({ accepted: 2, rejected: [] });
    expect((await post("/api/v1/flux/batch", key, new Uint8Array([1, 2, 3]), { "content-encoding": "gzip" })).status).toBe(400);
  });

  it("limits tag count, property size and nesting", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const manyTags = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`t${i}`, "v"]));
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 500; i++) deep = { d: deep };
    let okDeep: Record<string, unknown> = { leaf: 1 };
    for (let i = 1; i < L.maxPropertiesDepth; i++) okDeep = { d: okDeep };
    const res = await post("/api/v1/flux/batch", key, {
      metrics: [gauge({ tags: manyTags }), gauge({ tags: Object.fromEntries(Array.from({ length: L.maxTagsPerItem }, (_, i) => [`t${i}`, i])) })],
      events: [
        { name: "deep", properties: deep },
        { name: "ok.deep", properties: okDeep },
        { name: "big", properties: { blob: "é".repeat(L.maxPropertiesBytes / 2) } },
        { name: "nul", properties: { s: "a\u0000b" } },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected!.map((r) => r.field)).toEqual(["events[0].properties", "events[2].properties", "events[3].properties", "metrics[0].tags"]);
    const [event] = await storedEvents(p.projectId);
    expect(event.properties).toEqual(okDeep);
    expect(Object.keys((await storedPoints(p.projectId))[0].tags)).toHaveLength(L.maxTagsPerItem);
  });

  it("stores unicode names and SQL-looking tag keys verbatim, harmlessly", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const evil = "'; DROP TABLE points; --";
    const res = await post("/api/v1/flux/batch", key, {
      metrics: [{ type: "counter", name: "заказы.всего", value: 1, tags: { [evil]: evil, "emoji 🎉": "✓" } }],
      events: [{ name: "注文.完了", properties: { [evil]: "x" }, tags: { [evil]: "y" } }],
    });
    expect(res.body).toEqual({ accepted: 2, rejected: [] });
    const [point] = await storedPoints(p.projectId);
    expect(point).toMatchObject({ name: "заказы.всего", tags: { [evil]: evil, "emoji 🎉": "✓" } });
    const [event] = await storedEvents(p.projectId);
    expect(event).toMatchObject({ name: "注文.完了", properties: { [evil]: "x" }, tags: { [evil]: "y" } });
    const [{ exists }] = await sql()`SELECT to_regclass('points') IS NOT NULL AS exists`;
    expect(exists).toBe(true);
  });

  it("rejects a point whose type differs from the metric's registered type", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    await post("/api/v1/metrics", key, { type: "counter", name: "orders", value: 1 });
    const res = await post("/api/v1/metrics/batch", key, { metrics: [{ type: "gauge", name: "orders", value: 5 }, { type: "counter", name: "orders", value: 2 }] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: 1,
      rejected: [{ index: 0, kind: "metric", field: "metrics[0].type", message: expect.stringContaining("is a counter") }],
    });
    expect((await storedPoints(p.projectId)).map((r) => r.value)).toEqual([1, 2]);
  });
});
