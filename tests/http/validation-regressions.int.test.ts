import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { signUp } from "@/lib/auth/users";
import { createProject } from "@/lib/projects/projects";
import { api, createTestProject, type TestProject } from "@/tests/fixtures";
import { isoAgo, post, storedEvents, storedPoints } from "@/tests/ingest/helpers";
import { browserHeaders, sessionCookie } from "@/tests/session-cookie";

// Each input of issue 13 part 4 that answered 500 or stored the wrong thing, over HTTP
// against the running app: now a 4xx in the envelope that names the field.

let p: TestProject;
let key: string;
let dashboardId: string;

const fieldsOf = async (res: Response) => {
  const body = await res.json();
  expect(body.error, JSON.stringify(body)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  return ((body.error.details ?? []) as { field: string }[]).map((d) => d.field);
};

beforeAll(async () => {
  p = await createTestProject("Validation regressions");
  key = await p.key(["ingest", "read", "admin"]);
  const created = await api("/api/v1/dashboards", { key, body: { name: "Target" } });
  dashboardId = (await created.json()).id;
  const seeded = await post("/api/v1/flux/batch", key, { metrics: [{ type: "gauge", name: "cpu", value: 1 }], events: [{ name: "click" }] });
  expect(seeded.status).toBe(202);
});

describe("time zones", () => {
  const query = { source: "metric", name: "cpu", aggregation: "avg", range: "24h" };

  it("answer 422 for a zone Intl accepts but PostgreSQL does not (US/Pacific-New), wherever a zone is taken", async () => {
    const asQuery = await api("/api/v1/query", { key, body: { ...query, timezone: "US/Pacific-New" } });
    expect(asQuery.status).toBe(422);
    expect(await fieldsOf(asQuery)).toEqual(["timezone"]);
    const inFormula = await api("/api/v1/query", { key, body: { queries: { a: query }, formula: "a", timezone: "US/Pacific-New" } });
    expect(await fieldsOf(inFormula)).toEqual(["timezone"]);
    const created = await api("/api/v1/dashboards", { key, body: { name: "Pacific", timezone: "US/Pacific-New" } });
    expect(created.status).toBe(422);
    expect(await fieldsOf(created)).toEqual(["timezone"]);
    const patched = await api(`/api/v1/dashboards/${dashboardId}`, { key, method: "PATCH", body: { timezone: "US/Pacific-New" } });
    expect(patched.status).toBe(422);
    expect(await fieldsOf(patched)).toEqual(["timezone"]);
  });

  it("answer 422 for a name PostgreSQL reads as a fixed offset while Intl gives it summer time (CET)", async () => {
    const res = await api("/api/v1/query", { key, body: { ...query, timezone: "CET" } });
    expect(await fieldsOf(res)).toEqual(["timezone"]);
  });

  it("accept any spelling PostgreSQL accepts and answer in its canonical one", async () => {
    const res = await api("/api/v1/query", { key, body: { ...query, interval: "1d", timezone: "america/los_angeles" } });
    expect(res.status).toBe(200);
    expect((await res.json()).timezone).toBe("America/Los_Angeles");
  });
});

describe("ranges at the edge of time", () => {
  const query = { source: "metric", name: "cpu", aggregation: "avg" };

  it("answer 422 naming the end for a range ending near the largest Date or past year 9999", async () => {
    for (const range of [{ from: 8.64e15 - 3_600_000, to: 8.64e15 }, { from: 0, to: 8.64e15 }, { from: 0, to: 1e300 }, { from: "2026-01-01T00:00:00Z", to: "+275760-09-13T00:00:00.000Z" }]) {
      const res = await api("/api/v1/query", { key, body: { ...query, range } });
      expect(res.status, JSON.stringify(range)).toBe(422);
      expect(await fieldsOf(res)).toContain("range.to");
    }
  });

  it("answer the last day of 9999, compared with the period before, without leaving PostgreSQL's range", async () => {
    const res = await api("/api/v1/query", { key, body: { ...query, range: { from: "9999-12-30T00:00:00Z", to: "9999-12-31T23:59:59.999Z" }, interval: "1w", compare: "previous_period" } });
    expect(res.status).toBe(200);
    expect((await res.json()).to).toBe("9999-12-31T23:59:59.999Z");
  });

  it("answer 422 for impossible calendar dates in a query range", async () => {
    for (const from of ["2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2025-02-29T00:00:00Z"]) {
      const res = await api("/api/v1/query", { key, body: { ...query, range: { from, to: "2027-01-01T00:00:00Z" } } });
      expect(await fieldsOf(res), from).toEqual(["range.from"]);
    }
  });
});

describe("the /events paging cursor", () => {
  const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

  it("answers 422 naming the cursor for anything but a cursor Flux gave out", async () => {
    const bad = [
      "!!!", "%%%", "x".repeat(199), b64("not json"), b64({}), b64([1, 2]), b64("a string"), b64({ t: 5, r: "(0,1)" }),
      b64({ t: "garbage", r: "(0,1)" }), b64({ t: "2026-02-31 00:00:00+00", r: "(0,1)" }), b64({ t: "2026-01-01 00:00:00+00", r: "(99999999999,1)" }),
      b64({ t: "2026-01-01 00:00:00+00", r: "(1,99999)" }), b64({ t: "2026-01-01 00:00:00+00", r: "0,1" }), b64({ t: "0000-01-01 00:00:00+00", r: "(0,1)" }),
      b64({ t: "2026-01-01 00:00:00+99", r: "(0,1)" }), b64({ t: "2026-01-01 00:00:00\u0000", r: "(0,1)" }),
    ];
    for (const cursor of bad) {
      const res = await api(`/api/v1/events?cursor=${encodeURIComponent(cursor)}`, { key });
      expect(res.status, cursor).toBe(422);
      expect(await fieldsOf(res)).toEqual(["cursor"]);
    }
  });

  it("still pages with the cursors it gives out", async () => {
    const own = await createTestProject();
    const ownKey = await own.key(["ingest", "read"]);
    await post("/api/v1/events/batch", ownKey, { events: [0, 1, 2].map((i) => ({ name: "page", timestamp: isoAgo(i * 1000) })) });
    const first = await (await api("/api/v1/events?limit=2", { key: ownKey })).json();
    expect(first.events).toHaveLength(2);
    const second = await (await api(`/api/v1/events?limit=2&cursor=${first.nextCursor}`, { key: ownKey })).json();
    expect(second.events).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });
});

describe("dashboard ids", () => {
  it("answer 404 in the envelope for an id that is not a uuid, on every method and route", async () => {
    for (const id of ["not-a-uuid", "1", "%00", "00000000-0000-0000-0000-00000000000g", `${"a".repeat(2000)}`]) {
      for (const [method, path, body] of [
        ["GET", `/api/v1/dashboards/${id}`, undefined],
        ["PUT", `/api/v1/dashboards/${id}`, { name: "x" }],
        ["PATCH", `/api/v1/dashboards/${id}`, { name: "x" }],
        ["DELETE", `/api/v1/dashboards/${id}`, undefined],
        ["POST", `/api/v1/dashboards/${id}/duplicate`, { name: "x" }],
      ] as const) {
        const res = await api(path, { key, method, body });
        expect(res.status, `${method} ${path.slice(0, 60)}`).toBe(404);
        expect((await res.json()).error.code).toBe("not_found");
      }
    }
  });

  it("answer 404, not 500, for a non-uuid id with a session cookie too", async () => {
    const cookie = await sessionCookie(p.email, p.password);
    const res = await api(`/api/v1/dashboards/nope?project=${p.projectId}`, { method: "PATCH", body: { name: "x" }, headers: browserHeaders(cookie) });
    expect(res.status).toBe(404);
  });
});

describe("text PostgreSQL cannot store", () => {
  it("answers 422 naming the field for NUL or a lone surrogate in metric metadata", async () => {
    for (const [field, value] of [["displayName", "CPU\u0000"], ["unit", "\ud800"], ["description", "a\u0000b"]]) {
      const res = await api("/api/v1/metrics/cpu", { key, method: "PATCH", body: { [field]: value } });
      expect(res.status, field).toBe(422);
      expect(await fieldsOf(res)).toEqual([field]);
    }
    const ok = await api("/api/v1/metrics/cpu", { key, method: "PATCH", body: { displayName: "CPU 😀" } });
    expect(ok.status).toBe(200);
  });

  it("answers 404 for a metric or event name in the URL that no metric can have", async () => {
    for (const path of ["/api/v1/metrics/cpu%00", "/api/v1/event-names/click%00", `/api/v1/metrics/${"x".repeat(300)}`, "/api/v1/metrics/has%20space"]) {
      const res = await api(path, { key });
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code).toBe("not_found");
    }
  });

  it("answers 404, not 500, for a path whose %-escapes are not UTF-8, on API routes and pages", async () => {
    for (const path of ["/api/v1/metrics/%FF%FE", "/api/v1/dashboards/%ED%A0%80", "/api/v1/event-names/%", "/projects/%ED%A0%80", "/%FF"]) {
      const res = await api(path, { key });
      expect(res.status, path).toBe(404);
      if (path.startsWith("/api/")) expect((await res.json()).error.code, path).toBe("not_found");
    }
    // A well-formed escape still reaches the route.
    expect((await api("/api/v1/metrics/cpu%2Dx", { key })).status).toBe(404);
    expect((await api("/api/v1/metrics/%63pu", { key })).status).toBe(200);
  });

  it("answers 422 naming the field in dashboard names, widget titles, queries and event-list filters", async () => {
    const widget = { id: "w", x: 0, y: 0, w: 3, h: 2, config: { type: "number", title: "T\u0000", query: { source: "event", name: "click", aggregation: "count" } } };
    expect(await fieldsOf(await api("/api/v1/dashboards", { key, body: { name: "Ops\u0000" } }))).toEqual(["name"]);
    expect(await fieldsOf(await api(`/api/v1/dashboards/${dashboardId}`, { key, method: "PATCH", body: { widgets: [widget] } }))).toEqual(["widgets.0.config.title"]);
    expect(await fieldsOf(await api("/api/v1/query", { key, body: { source: "event", name: "click", aggregation: "count", filters: [{ key: "plan\ud800", op: "exists" }] } }))).toEqual(["filters.0.key"]);
    expect(await fieldsOf(await api(`/api/v1/events?name=${encodeURIComponent("click\u0000")}`, { key }))).toEqual(["name"]);
  });

  it("answers 422 for project names, API key names and sign-up names, whoever's schema they are in", async () => {
    const invalid = expect.objectContaining({ code: "invalid", details: [expect.objectContaining({ field: "name" })] });
    await expect(createProject({ userId: p.userId, input: { name: "Acme\u0000" } })).rejects.toThrow(invalid);
    await expect(createApiKey({ ctx: p.ctx, input: { name: "ci\ud800", scopes: ["read"] } })).rejects.toThrow(invalid);
    await expect(signUp({ input: { email: `nul-${Date.now()}@flux.test`, password: "long enough password", name: "Eve\u0000" } })).rejects.toThrow(invalid);
  });
});

describe("impossible dates at ingest", () => {
  it("rejects only the item whose timestamp does not exist, naming it, and stores the good ones at their own time", async () => {
    const own = await createTestProject();
    const ownKey = await own.key(["ingest"]);
    const year = new Date().getUTCFullYear();
    const good = isoAgo(60_000);
    const res = await post("/api/v1/flux/batch", ownKey, {
      metrics: [
        { type: "gauge", name: "temp", value: 1, timestamp: good },
        { type: "gauge", name: "temp", value: 2, timestamp: `${year}-02-31T00:00:00Z` },
        { type: "gauge", name: "temp", value: 3, timestamp: `${year}-13-01T00:00:00Z` },
      ],
      events: [
        { name: "late", timestamp: `${year}-04-31T12:00:00Z` },
        { name: "midnight", timestamp: `${year}-01-01T24:00:00Z` },
        { name: "fine", timestamp: Date.now() - 1000 },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected?.map((r) => [r.field, /does not exist/.test(r.message)]).sort()).toEqual([
      ["events[0].timestamp", true],
      ["events[1].timestamp", true],
      ["metrics[1].timestamp", true],
      ["metrics[2].timestamp", true],
    ]);
    expect((await storedPoints(own.projectId)).map((pt) => [pt.value, pt.time])).toEqual([[1, Date.parse(good)]]);
    expect((await storedEvents(own.projectId)).map((e) => e.name)).toEqual(["fine"]);
  });
});
