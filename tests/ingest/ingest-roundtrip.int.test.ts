import { describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { createTestProject } from "../fixtures";
import { counts, isoAgo, post, storedEvents, storedPoints } from "./helpers";

describe("ingest round trip", () => {
  it("stores every metric type with its tags, value and timestamp", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const t = Date.now() - 60_000;
    const res = await post("/api/v1/metrics/batch", key, {
      metrics: [
        { type: "gauge", name: "cpu.usage", value: 75.5, tags: { host: "web-01" }, timestamp: new Date(t).toISOString() },
        { type: "counter", name: "requests.total", value: -3, tags: { endpoint: "/api/users", status: 200, cached: false }, timestamp: t + 1 },
        { type: "distribution", name: "response.time", value: 125.25, tags: { unit: "ms" }, timestamp: new Date(t + 2).toISOString() },
        { type: "set", name: "unique.users", value: "user-123", tags: {}, timestamp: t + 3 },
        { type: "set", name: "unique.users", value: 12345, timestamp: t + 4 },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 5, rejected: [] });
    const rows = await storedPoints(p.projectId);
    expect(rows.map((r) => [r.name, r.type, r.tags, r.time, r.value, r.member])).toEqual([
      ["cpu.usage", "gauge", { host: "web-01" }, t, 75.5, null],
      ["requests.total", "counter", { endpoint: "/api/users", status: "200", cached: "false" }, t + 1, -3, null],
      ["response.time", "distribution", { unit: "ms" }, t + 2, 125.25, null],
      ["unique.users", "set", {}, t + 3, null, "user-123"],
      ["unique.users", "set", {}, t + 4, null, "12345"],
    ]);
    const catalog = await sql()`SELECT name, type::text, unit FROM metrics WHERE project_id = ${p.projectId} ORDER BY name`;
    expect(catalog.map((r) => ({ ...r }))).toEqual([
      { name: "cpu.usage", type: "gauge", unit: null },
      { name: "requests.total", type: "counter", unit: null },
      { name: "response.time", type: "distribution", unit: "ms" },
      { name: "unique.users", type: "set", unit: null },
    ]);
  });

  it("stores every event field and keeps the event-name catalog total", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const ts = isoAgo(5_000);
    const res = await post("/api/v1/events/batch", key, {
      events: [
        {
          id: "evt-1",
          name: "order.completed",
          timestamp: ts,
          properties: { plan: "pro", items: [{ sku: "a", qty: 2 }], nested: { deep: { ok: true } } },
          user_id: "user-1",
          session_id: "sess-1",
          value: 99.99,
          tags: { source: "web", mobile: true },
          environment: "production",
          service: "shop",
        },
        { name: "order.completed", user_id: null, session_id: null, value: null, environment: null, service: null, properties: null },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 2, rejected: [] });
    const [first, second] = await storedEvents(p.projectId);
    expect(first).toMatchObject({
      name: "order.completed",
      event_id: "evt-1",
      user_id: "user-1",
      session_id: "sess-1",
      value: 99.99,
      properties: { plan: "pro", items: [{ sku: "a", qty: 2 }], nested: { deep: { ok: true } } },
      tags: { source: "web", mobile: "true" },
      environment: "production",
      service: "shop",
    });
    expect(first.time).toBe(Date.parse(ts));
    expect(second).toMatchObject({ event_id: null, user_id: null, session_id: null, value: null, properties: {}, tags: {}, environment: null, service: null });
    expect(Math.abs(second.time - Date.now())).toBeLessThan(10_000);
    const [name] = await sql()`SELECT total FROM event_names WHERE project_id = ${p.projectId} AND name = 'order.completed'`;
    expect(Number(name.total)).toBe(2);
  });

  it("accepts single items on /events and /metrics and mixed batches on /flux/batch", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    expect((await post("/api/v1/events", key, { name: "signup" })).body).toEqual({ accepted: 1, rejected: [] });
    expect((await post("/api/v1/metrics", key, { type: "gauge", name: "queue.depth", value: 4 })).status).toBe(202);
    const mixed = await post("/api/v1/flux/batch", key, { events: [{ name: "login" }], metrics: [{ type: "counter", name: "logins", value: 1 }] });
    expect(mixed.body).toEqual({ accepted: 2, rejected: [] });
    expect(await counts(p.projectId)).toEqual({ points: 2, events: 2 });
  });
});
