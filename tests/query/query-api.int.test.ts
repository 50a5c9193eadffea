import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { sessionCookie } from "@/tests/session-cookie";
import { insertEvents, insertPoints } from "@/tests/query-data";

const RANGE = { from: "2026-01-01T00:00:00Z", to: "2026-01-01T02:00:00Z" };
const QUERY = { source: "metric", name: "api_calls", aggregation: "sum", groupBy: ["endpoint"], range: RANGE, interval: "1h" };

let p: TestProject;
let readKey: string;

beforeAll(async () => {
  p = await createTestProject();
  readKey = await p.key(["read"]);
  await insertPoints({
    projectId: p.projectId, name: "api_calls", type: "counter",
    points: [
      { time: "2026-01-01T00:10:00Z", value: 3, tags: { endpoint: "/users" } },
      { time: "2026-01-01T01:10:00Z", value: 4, tags: { endpoint: "/orders" } },
    ],
  });
});

describe("POST /api/v1/query", () => {
  it("answers a query with a read key", async () => {
    const res = await api("/api/v1/query", { key: readKey, body: QUERY });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      from: "2026-01-01T00:00:00.000Z", to: "2026-01-01T02:00:00.000Z", interval: "1h", intervalSeconds: 3600, timezone: "UTC", tier: "raw", unit: null,
      series: [
        { key: "endpoint=/orders", tags: { endpoint: "/orders" }, points: [[Date.parse(RANGE.from), 0], [Date.parse(RANGE.from) + 3_600_000, 4]], total: 4 },
        { key: "endpoint=/users", tags: { endpoint: "/users" }, points: [[Date.parse(RANGE.from), 3], [Date.parse(RANGE.from) + 3_600_000, 0]], total: 3 },
      ],
    });
  });

  it("answers several named queries together", async () => {
    const res = await api("/api/v1/query", { key: readKey, body: { queries: { a: QUERY, b: { ...QUERY, groupBy: undefined } } } });
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.results.b.series[0].total).toBe(7);
  });

  it("answers 422 naming each bad field", async () => {
    const res = await api("/api/v1/query", { key: readKey, body: { ...QUERY, filters: [{ key: "endpoint", op: "like", value: "x" }], interval: "2h" } });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("invalid");
    expect(error.details.map((d: { field: string }) => d.field).sort()).toEqual(["filters.0.op", "interval"]);
    const wrongAgg = await api("/api/v1/query", { key: readKey, body: { ...QUERY, aggregation: "p99" } });
    expect(wrongAgg.status).toBe(422);
    expect((await wrongAgg.json()).error.details[0].field).toBe("aggregation");
    const formula = await api("/api/v1/query", { key: readKey, body: { queries: { a: QUERY }, formula: "a / " } });
    expect((await formula.json()).error.details[0].field).toBe("formula");
  });

  it("answers 400 for a body that is not JSON and 404 for an unknown metric", async () => {
    expect((await api("/api/v1/query", { key: readKey, body: "{nope" })).status).toBe(400);
    const missing = await api("/api/v1/query", { key: readKey, body: { ...QUERY, name: "nope" } });
    expect(missing.status).toBe(404);
  });

  it("needs a key with the read scope", async () => {
    expect((await api("/api/v1/query", { body: QUERY })).status).toBe(401);
    const ingest = await p.key(["ingest"]);
    expect((await api("/api/v1/query", { key: ingest, body: QUERY })).status).toBe(403);
  });

  it("answers only from the key's own project", async () => {
    const other = await createTestProject();
    const res = await api("/api/v1/query", { key: await other.key(["read"]), body: QUERY });
    expect(res.status).toBe(404);
  });

  it("accepts a signed-in member with ?project= and hides projects they are not in", async () => {
    const cookie = await sessionCookie(p.email, p.password);
    const res = await api(`/api/v1/query?project=${p.projectId}`, { body: QUERY, headers: { cookie, origin: baseUrl() } });
    expect(res.status).toBe(200);
    expect((await res.json()).series).toHaveLength(2);
    const stranger = await createTestProject();
    expect((await api(`/api/v1/query?project=${stranger.projectId}`, { body: QUERY, headers: { cookie, origin: baseUrl() } })).status).toBe(404);
    expect((await api("/api/v1/query", { body: QUERY, headers: { cookie, origin: baseUrl() } })).status).toBe(400);
  });
});

describe("catalog and events", () => {
  it("lists metrics with their series counts and describes one with its tags", async () => {
    const list = await api("/api/v1/metrics", { key: readKey });
    expect(list.status).toBe(200);
    expect((await list.json()).metrics).toEqual([
      { name: "api_calls", type: "counter", unit: null, displayName: null, description: null, higherIsBetter: null, lastSeenAt: expect.any(String), seriesCount: 2 },
    ]);
    const one = await api("/api/v1/metrics/api_calls", { key: readKey });
    expect(await one.json()).toMatchObject({ name: "api_calls", tags: [{ key: "endpoint", values: [{ value: "/orders", count: 1 }, { value: "/users", count: 1 }] }] });
    expect((await api("/api/v1/metrics/nope", { key: readKey })).status).toBe(404);
  });

  it("finds a metric whose name has slashes and colons when the path segment is encoded", async () => {
    const q = await createTestProject();
    await insertPoints({ projectId: q.projectId, name: "http/requests:total", type: "counter", points: [{ time: "2026-01-01T00:10:00Z", value: 1, tags: { code: "200" } }] });
    const res = await api(`/api/v1/metrics/${encodeURIComponent("http/requests:total")}`, { key: await q.key(["read"]) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "http/requests:total", tags: [{ key: "code", values: [{ value: "200", count: 1 }] }] });
  });

  it("lets an admin key edit metric metadata, and refuses a read key", async () => {
    const body = { displayName: "API calls", unit: "requests", description: "Calls to the public API" };
    expect((await api("/api/v1/metrics/api_calls", { key: readKey, method: "PATCH", body })).status).toBe(403);
    const admin = await p.key(["admin"]);
    const res = await api("/api/v1/metrics/api_calls", { key: admin, method: "PATCH", body });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject(body);
    const bad = await api("/api/v1/metrics/api_calls", { key: admin, method: "PATCH", body: { unit: 5 } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details[0].field).toBe("unit");
    const result = await (await api("/api/v1/query", { key: readKey, body: { ...QUERY, groupBy: undefined } })).json();
    expect(result.unit).toBe("requests");
  });

  it("lists event names and describes an event's properties", async () => {
    const q = await createTestProject();
    await insertEvents({
      projectId: q.projectId,
      events: [
        { time: "2026-01-01T00:10:00Z", name: "signup", properties: { plan: "pro", seats: 3 } },
        { time: "2026-01-01T00:20:00Z", name: "signup", properties: { plan: "free", seats: 1 } },
      ],
    });
    const key = await q.key(["read"]);
    expect((await (await api("/api/v1/event-names", { key })).json()).events).toEqual([{ name: "signup", displayName: null, unit: null, count: 2, lastSeenAt: expect.any(String) }]);
    const described = await (await api("/api/v1/event-names/signup", { key })).json();
    expect(described.name).toBe("signup");
    expect(described.properties).toEqual([
      { key: "plan", type: "string", distinctCount: 2, samples: expect.arrayContaining(["pro", "free"]) },
      { key: "seats", type: "number", distinctCount: 2, samples: expect.arrayContaining([1, 3]) },
    ]);
    expect((await api("/api/v1/event-names/nope", { key })).status).toBe(404);
  });

  it("pages through recent raw events newest first, with filters", async () => {
    const q = await createTestProject();
    await insertEvents({
      projectId: q.projectId,
      events: Array.from({ length: 5 }, (_, i) => ({ time: `2026-01-01T00:0${i}:00Z`, name: "click", userId: `u${i}`, properties: { even: i % 2 === 0 } })),
    });
    const key = await q.key(["read"]);
    const first = await (await api("/api/v1/events?name=click&limit=2", { key })).json();
    expect(first.events.map((e: { userId: string }) => e.userId)).toEqual(["u4", "u3"]);
    expect(first.events[0]).toMatchObject({ name: "click", time: "2026-01-01T00:04:00.000Z", properties: { even: true } });
    const second = await (await api(`/api/v1/events?name=click&limit=2&cursor=${first.nextCursor}`, { key })).json();
    expect(second.events.map((e: { userId: string }) => e.userId)).toEqual(["u2", "u1"]);
    const last = await (await api(`/api/v1/events?name=click&limit=2&cursor=${second.nextCursor}`, { key })).json();
    expect(last).toMatchObject({ events: [{ userId: "u0" }], nextCursor: null });
    const filters = encodeURIComponent(JSON.stringify([{ key: "user_id", op: "in", value: ["u1", "u3"] }]));
    const filtered = await (await api(`/api/v1/events?filters=${filters}`, { key })).json();
    expect(filtered.events.map((e: { userId: string }) => e.userId)).toEqual(["u3", "u1"]);
    const blank = await (await api("/api/v1/events?name=&cursor=&filters=", { key })).json();
    expect(blank.events).toHaveLength(5);
    const bad = await api(`/api/v1/events?filters=${encodeURIComponent('[{"key":"x","op":"near"}]')}`, { key });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details[0].field).toBe("filters.0.op");
    expect((await api("/api/v1/events", { key: await q.key(["ingest"]) })).status).toBe(403);
  });
});
