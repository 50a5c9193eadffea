import { describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { createTestProject } from "../fixtures";
import { counts, post, storedEvents, storedPoints, isoAgo, rubySdkHeaders } from "./helpers";

// The shape of what the BrainzLab Ruby SDK (lib/brainzlab/flux.rb) sends: written here from
// its documented behaviour, so that its users can point flux_url at Flux unchanged.
const headers = rubySdkHeaders("0.1.0");

describe("BrainzLab Ruby SDK wire format", () => {
  it("accepts a flux/batch as Buffer#flush! sends it", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const res = await post(
      "/api/v1/flux/batch",
      key,
      {
        events: [
          // track('purchase.completed', user_id: 'user-123', value: 99.99, tags: { source: 'web' }, session_id: 'sess-456', item: 'widget')
          { name: "purchase.completed", timestamp: isoAgo(), properties: { item: "widget" }, user_id: "user-123", session_id: "sess-456", value: 99.99, tags: { source: "web" }, environment: "production", service: "api" },
          // track('test.event') with no service configured
          { name: "test.event", timestamp: isoAgo(), properties: {}, user_id: null, session_id: null, value: null, tags: {}, environment: "development", service: null },
          // track('report.ready', meta: { pages: 3, format: { kind: 'pdf' } }, tags: { retry: true, attempt: 2 })
          { name: "report.ready", timestamp: isoAgo(), properties: { meta: { pages: 3, format: { kind: "pdf" } } }, user_id: "42", session_id: null, value: null, tags: { retry: true, attempt: 2 }, environment: null, service: null },
        ],
        metrics: [
          { type: "gauge", name: "cpu.usage", value: 75.5, tags: { host: "web-01" }, timestamp: isoAgo() },
          { type: "counter", name: "requests.total", value: 5, tags: { endpoint: "/api/users" }, timestamp: isoAgo() },
          { type: "counter", name: "connections.active", value: -3, tags: {}, timestamp: isoAgo() },
          { type: "distribution", name: "response.time", value: 125.5, tags: { route: "users#index" }, timestamp: isoAgo() },
          // timing('db.query', 12.3, tags: { status: 200 }) → tags.merge(unit: 'ms')
          { type: "distribution", name: "db.query", value: 12.3, tags: { status: 200, unit: "ms" }, timestamp: isoAgo() },
          { type: "set", name: "unique.users", value: "user-123", tags: { page: "home" }, timestamp: isoAgo() },
          { type: "set", name: "active.sessions", value: "12345", tags: {}, timestamp: isoAgo() },
        ],
      },
      headers,
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 10, rejected: [] });

    const events = await storedEvents(p.projectId);
    const purchase = events.find((e) => e.name === "purchase.completed")!;
    expect(purchase).toMatchObject({ user_id: "user-123", session_id: "sess-456", value: 99.99, tags: { source: "web" }, properties: { item: "widget" }, environment: "production", service: "api" });
    expect(events.find((e) => e.name === "report.ready")).toMatchObject({ tags: { retry: "true", attempt: "2" }, properties: { meta: { pages: 3, format: { kind: "pdf" } } } });
    const points = await storedPoints(p.projectId);
    expect(points.find((x) => x.name === "connections.active")!.value).toBe(-3);
    expect(points.find((x) => x.name === "db.query")!.tags).toEqual({ status: "200", unit: "ms" });
    expect(points.find((x) => x.name === "active.sessions")!.member).toBe("12345");
    const [unit] = await sql()`SELECT unit FROM metrics WHERE project_id = ${p.projectId} AND name = 'db.query'`;
    expect(unit.unit).toBe("ms");
  });

  it("accepts the single-item and per-kind batch paths of Flux::Client", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const event = { name: "user.signup", timestamp: isoAgo(), properties: { plan: "premium" }, user_id: null, session_id: null, value: null, tags: {}, environment: "test", service: "test-service" };
    const metric = { type: "gauge", name: "queue.size", value: 7, tags: {}, timestamp: isoAgo() };
    expect((await post("/api/v1/events", key, event, headers)).status).toBe(202);
    expect((await post("/api/v1/events/batch", key, { events: [event] }, headers)).status).toBe(202);
    expect((await post("/api/v1/metrics", key, metric, headers)).status).toBe(202);
    expect((await post("/api/v1/metrics/batch", key, { metrics: [metric] }, headers)).status).toBe(202);
    expect((await post("/api/v1/flux/batch", key, { events: [], metrics: [metric] }, headers)).status).toBe(202);
    expect(await counts(p.projectId)).toEqual({ points: 3, events: 2 });
  });
});
