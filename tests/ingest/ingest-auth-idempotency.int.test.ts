import { describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { api, createTestProject } from "../fixtures";
import { counts, post, storedEvents } from "./helpers";

const batch = { events: [{ name: "signup" }], metrics: [{ type: "counter", name: "signups", value: 1 }] };
const PATHS = ["/api/v1/events", "/api/v1/events/batch", "/api/v1/metrics", "/api/v1/metrics/batch", "/api/v1/flux/batch"];

describe("ingest authentication", () => {
  it("answers 401 without a key, with a wrong key and with a revoked key", async () => {
    const p = await createTestProject();
    const { key, apiKey } = await createApiKey({ ctx: p.ctx, input: { name: "to revoke", scopes: ["ingest"] } });
    await revokeApiKey({ ctx: p.ctx, keyId: apiKey.id });
    for (const path of PATHS) {
      expect((await api(path, { method: "POST", body: batch })).status).toBe(401);
      expect((await post(path, "flux_wrong_key_0123456789abcdefghijklmnopqrstuv", batch)).status).toBe(401);
      expect((await post(path, key, batch)).status).toBe(401);
    }
    expect(await counts(p.projectId)).toEqual({ points: 0, events: 0 });
  });

  it("answers 403 to a read-only key", async () => {
    const p = await createTestProject();
    const readKey = await p.key(["read"]);
    for (const path of PATHS) {
      const res = await post(path, readKey, batch);
      expect(res.status).toBe(403);
      expect(res.body.error!.code).toBe("forbidden");
    }
    expect(await counts(p.projectId)).toEqual({ points: 0, events: 0 });
  });

  it("writes only into the key's own project, whatever project the request names", async () => {
    const a = await createTestProject("A");
    const b = await createTestProject("B");
    const keyA = await a.key(["ingest"]);
    const res = await post(`/api/v1/flux/batch?project=${b.projectId}`, keyA, batch, { "x-flux-project": b.projectId });
    expect(res.status).toBe(202);
    expect(await counts(a.projectId)).toEqual({ points: 1, events: 1 });
    expect(await counts(b.projectId)).toEqual({ points: 0, events: 0 });
  });

  it("lets browsers post from any origin (CORS preflight and headers)", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const preflight = await api("/api/v1/flux/batch", { method: "OPTIONS", headers: { origin: "https://shop.example", "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Idempotency-Key/);
    const res = await post("/api/v1/flux/batch", key, batch, { origin: "https://shop.example" });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("ingest idempotency", () => {
  it("answers a retried Idempotency-Key with the first response and stores nothing twice", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const body = { ...batch, metrics: [...batch.metrics, { type: "gauge", name: "bad name", value: 1 }] };
    const first = await post("/api/v1/flux/batch", key, body, { "idempotency-key": "batch-1" });
    const retry = await post("/api/v1/flux/batch", key, body, { "idempotency-key": "batch-1" });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await counts(p.projectId)).toEqual({ points: 1, events: 1 });
    const other = await post("/api/v1/flux/batch", key, body, { "idempotency-key": "batch-2" });
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(await counts(p.projectId)).toEqual({ points: 2, events: 2 });
  });

  it("counts concurrent retries of one key once", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const results = await Promise.all(Array.from({ length: 6 }, () => post("/api/v1/flux/batch", key, batch, { "idempotency-key": "same" })));
    for (const r of results) expect(r.body).toEqual({ accepted: 2, rejected: [] });
    expect(await counts(p.projectId)).toEqual({ points: 1, events: 1 });
  });

  it("keeps idempotency keys per project", async () => {
    const a = await createTestProject();
    const b = await createTestProject();
    await post("/api/v1/flux/batch", await a.key(["ingest"]), batch, { "idempotency-key": "shared" });
    const res = await post("/api/v1/flux/batch", await b.key(["ingest"]), batch, { "idempotency-key": "shared" });
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    expect(await counts(b.projectId)).toEqual({ points: 1, events: 1 });
  });

  it("stores an event with a client id once, across batches and within one", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const event = { id: "evt-42", name: "order.completed", value: 10 };
    expect((await post("/api/v1/events/batch", key, { events: [event, event] })).body).toEqual({ accepted: 2, rejected: [] });
    expect((await post("/api/v1/events", key, event)).body).toEqual({ accepted: 1, rejected: [] });
    expect((await post("/api/v1/events", key, { ...event, id: "evt-43" })).status).toBe(202);
    expect((await storedEvents(p.projectId)).map((e) => e.event_id)).toEqual(["evt-42", "evt-43"]);
  });
});
