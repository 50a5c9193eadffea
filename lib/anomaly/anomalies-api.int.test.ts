import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/users";
import { acceptInvitation, inviteMember, listMyInvitations } from "@/lib/projects/invitations";
import { api, baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { browserHeaders, sessionCookie } from "@/tests/session-cookie";
import { insertPoints, type PointInput } from "@/tests/query-data";
import { detectAnomalies } from "./detect-anomalies";
import type { AnomalyView } from "./anomaly-schemas";

// The anomalies API over HTTP against the running app: listing with filters and pages, one
// episode, acknowledging and "this is normal", the expected band, bad input and who may do what.

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const B = 5 * MIN;
const T0 = Math.floor(Date.now() / B) * B;
const iso = (t: number) => new Date(t).toISOString();

let p: TestProject;
let admin: string;
let readOnly: string;
let ingestOnly: string;
let spike: AnomalyView;
let other: AnomalyView;

async function ok(res: Response, status = 200) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text);
}

function wave(name: string, seed: number, spikeAt: number): PointInput[] {
  const points: PointInput[] = [];
  let s = seed;
  const noise = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 6;
  for (let t = T0 - 3 * DAY; t <= spikeAt; t += B) points.push({ time: t, value: (t === spikeAt ? 4 : 1) * (50 + 20 * Math.sin((2 * Math.PI * (t % DAY)) / DAY)) + noise() });
  return points;
}

const query = (path: string, params: Record<string, string | number>) => `${path}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;

beforeAll(async () => {
  p = await createTestProject("Anomalies API");
  [admin, readOnly, ingestOnly] = [await p.key(["ingest", "read", "admin"]), await p.key(["read"]), await p.key(["ingest"])];
  await insertPoints({ projectId: p.projectId, name: "api.latency", type: "gauge", points: wave("api.latency", 5, T0) });
  await insertPoints({ projectId: p.projectId, name: "api.memory", type: "gauge", points: wave("api.memory", 9, T0 - B) });
  await detectAnomalies({ now: T0 + B + 31_000, trigger: "cron", signal: new AbortController().signal }, { projectIds: [p.projectId] });
  const listed = await ok(await api("/api/v1/anomalies", { key: readOnly }));
  spike = listed.anomalies.find((a: AnomalyView) => a.name === "api.latency");
  other = listed.anomalies.find((a: AnomalyView) => a.name === "api.memory");
  expect(spike).toBeDefined();
  expect(other).toBeDefined();
});

describe("GET /api/v1/anomalies", () => {
  it("lists episodes newest first with every field and filters them", async () => {
    const all = await ok(await api("/api/v1/anomalies", { key: readOnly }));
    expect(all.anomalies.map((a: AnomalyView) => a.name)).toEqual(["api.latency", "api.memory"]);
    expect(all.nextCursor).toBeNull();
    expect(spike).toMatchObject({ source: "metric", aggregation: "avg", tags: {}, kind: "spike", startedAt: iso(T0), acknowledgedAt: null, acknowledgedBy: null, feedback: null, bucketSeconds: 300, contributors: [], annotations: [] });
    expect(spike.explanation).toMatch(/^api\.latency [\d.]+x the usual \d\d:\d\d UTC level/);
    const names = async (params: Record<string, string | number>) => (await ok(await api(query("/api/v1/anomalies", params), { key: readOnly }))).anomalies.map((a: AnomalyView) => a.name);
    expect(await names({ name: "api.memory" })).toEqual(["api.memory"]);
    expect(await names({ kind: "drop" })).toEqual([]);
    expect(await names({ source: "event" })).toEqual([]);
    expect(await names({ status: "closed" })).toEqual([]);
    expect(await names({ status: "open", kind: "spike", source: "metric" })).toEqual(["api.latency", "api.memory"]);
    expect(await names({ acknowledged: "true" })).toEqual([]);
    expect(await names({ from: iso(T0 - 2 * DAY), to: iso(T0 - DAY) })).toEqual([]);
    expect(await names({ from: iso(T0 - DAY), to: iso(T0 + 1) })).toEqual(["api.latency", "api.memory"]);
    expect(await names({ minSeverity: "low", name: "api.latency" })).toEqual(["api.latency"]);
  });

  it("pages with limit and nextCursor without repeating or losing an episode", async () => {
    const first = await ok(await api(query("/api/v1/anomalies", { limit: 1 }), { key: readOnly }));
    expect(first.anomalies.map((a: AnomalyView) => a.id)).toEqual([spike.id]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok(await api(query("/api/v1/anomalies", { limit: 1, cursor: first.nextCursor }), { key: readOnly }));
    expect(second.anomalies.map((a: AnomalyView) => a.id)).toEqual([other.id]);
    expect(second.nextCursor).toBeNull();
  });

  it("answers 422 naming the field for every bad parameter", async () => {
    for (const [params, field] of [
      [{ status: "ongoing" }, "status"],
      [{ kind: "blip" }, "kind"],
      [{ minSeverity: "urgent" }, "minSeverity"],
      [{ source: "log" }, "source"],
      [{ acknowledged: "yes" }, "acknowledged"],
      [{ limit: 0 }, "limit"],
      [{ limit: 201 }, "limit"],
      [{ limit: "ten" }, "limit"],
      [{ from: "yesterday" }, "from"],
      [{ from: "2026-02-30T00:00:00Z" }, "from"],
      [{ from: iso(T0), to: iso(T0 - 1) }, "to"],
      [{ cursor: "not-a-cursor" }, "cursor"],
      [{ name: "x".repeat(201) }, "name"],
    ] as const) {
      const error = (await ok(await api(query("/api/v1/anomalies", params), { key: readOnly }), 422)).error;
      expect(error.code).toBe("invalid");
      expect(error.details.map((d: { field: string }) => d.field), JSON.stringify(params)).toContain(field);
    }
  });
});

describe("one episode", () => {
  it("is read by id, and unknown or malformed ids and other projects' ids are 404", async () => {
    expect(await ok(await api(`/api/v1/anomalies/${spike.id}`, { key: readOnly }))).toEqual(spike);
    expect((await ok(await api(`/api/v1/anomalies/${randomUUID()}`, { key: readOnly }), 404)).error.code).toBe("not_found");
    expect((await ok(await api(`/api/v1/anomalies/not-a-uuid`, { key: readOnly }), 404)).error.code).toBe("not_found");
    const stranger = await createTestProject("Anomalies stranger");
    const strangerKey = await stranger.key();
    expect((await ok(await api(`/api/v1/anomalies/${spike.id}`, { key: strangerKey }), 404)).error.code).toBe("not_found");
    expect((await ok(await api(`/api/v1/anomalies/${spike.id}`, { key: strangerKey, method: "PATCH", body: { acknowledged: true } }), 404)).error.code).toBe("not_found");
    expect((await ok(await api("/api/v1/anomalies", { key: strangerKey }))).anomalies).toEqual([]);
  });

  it("is acknowledged once (by a key: no person), said normal and undone", async () => {
    const acked = await ok(await api(`/api/v1/anomalies/${other.id}`, { key: admin, method: "PATCH", body: { acknowledged: true } }));
    expect(acked.acknowledgedAt).toEqual(expect.any(String));
    expect(acked.acknowledgedBy).toBeNull();
    const again = await ok(await api(`/api/v1/anomalies/${other.id}`, { key: admin, method: "PATCH", body: { acknowledged: true } }));
    expect(again.acknowledgedAt).toBe(acked.acknowledgedAt);
    expect((await ok(await api(`/api/v1/anomalies/${other.id}`, { key: admin, method: "PATCH", body: { feedback: "normal" } }))).feedback).toBe("normal");
    const names = (await ok(await api(query("/api/v1/anomalies", { acknowledged: "true" }), { key: readOnly }))).anomalies.map((a: AnomalyView) => a.name);
    expect(names).toEqual(["api.memory"]);
    const undone = await ok(await api(`/api/v1/anomalies/${other.id}`, { key: admin, method: "PATCH", body: { feedback: null } }));
    expect(undone).toMatchObject({ feedback: null, acknowledgedAt: acked.acknowledgedAt });
  });

  it("refuses bad PATCH bodies with 422 naming the field, and bad JSON with 400", async () => {
    for (const [body, field] of [
      [{}, "body"],
      [{ acknowledged: false }, "acknowledged"],
      [{ acknowledged: "yes" }, "acknowledged"],
      [{ feedback: "weird" }, "feedback"],
      [{ feedback: "normal", colour: "red" }, "colour"],
      [[], "body"],
    ] as const) {
      const error = (await ok(await api(`/api/v1/anomalies/${spike.id}`, { key: admin, method: "PATCH", body }), 422)).error;
      expect(error.details.map((d: { field: string }) => d.field), JSON.stringify(body)).toContain(field);
    }
    expect((await api(`/api/v1/anomalies/${spike.id}`, { key: admin, method: "PATCH", body: "{nope" })).status).toBe(400);
  });

  it("needs read to see and write to change: read keys and viewers cannot PATCH, ingest keys cannot read", async () => {
    expect((await ok(await api(`/api/v1/anomalies/${spike.id}`, { key: readOnly, method: "PATCH", body: { acknowledged: true } }), 403)).error.code).toBe("forbidden");
    expect((await ok(await api("/api/v1/anomalies", { key: ingestOnly }), 403)).error.code).toBe("forbidden");
    expect((await ok(await api(query("/api/v1/anomalies/band", { source: "metric", name: "api.latency", from: iso(T0 - DAY), to: iso(T0) }), { key: ingestOnly }), 403)).error.code).toBe("forbidden");
    expect((await api("/api/v1/anomalies")).status).toBe(401);

    const viewer = await signUp({ input: { email: `viewer-${randomUUID()}@flux.test`, password: "viewer-password-1" } });
    await inviteMember({ ctx: p.ctx, input: { email: viewer.email, role: "viewer" } });
    const [invitation] = await listMyInvitations({ ctx: { userId: viewer.id } });
    await acceptInvitation({ ctx: { userId: viewer.id }, input: { invitationId: invitation.id } });
    const asViewer = await sessionCookie(viewer.email, "viewer-password-1");
    const send = (cookie: string, method: string, body?: unknown) =>
      fetch(`${baseUrl()}/api/v1/anomalies/${spike.id}?project=${p.projectId}`, { method, headers: { ...browserHeaders(cookie), "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await ok(await send(asViewer, "GET"))).id).toBe(spike.id);
    expect((await ok(await send(asViewer, "PATCH", { acknowledged: true }), 403)).error.code).toBe("forbidden");

    // A person who acknowledges is named by email.
    const asOwner = await sessionCookie(p.email, p.password);
    expect(await ok(await send(asOwner, "PATCH", { acknowledged: true }))).toMatchObject({ acknowledgedBy: p.email });
  });
});

describe("GET /api/v1/anomalies/band", () => {
  it("replays the detector: a band around the usual values that the spike leaves", async () => {
    const band = await ok(await api(query("/api/v1/anomalies/band", { source: "metric", name: "api.latency", from: iso(T0 - 6 * 60 * MIN), to: iso(T0 + B), interval: "5m" }), { key: readOnly }));
    expect(band.bucketSeconds).toBe(300);
    expect(band.aggregation).toBe("avg");
    expect(band.points).toHaveLength(6 * 12 + 1);
    expect(band.points[0].t).toBe(iso(T0 - 6 * 60 * MIN));
    const last = band.points[band.points.length - 1];
    expect(last.t).toBe(iso(T0));
    expect(last.value).toBeGreaterThan(last.upper);
    const usual = band.points.slice(0, -1);
    for (const x of usual) expect(x.lower).toBeLessThanOrEqual(x.expected);
    // Inside the band nearly everywhere before the spike.
    expect(usual.filter((x: { value: number; lower: number; upper: number }) => x.value >= x.lower && x.value <= x.upper).length).toBeGreaterThanOrEqual(usual.length - 2);
  });

  it("answers 422 naming the field for bad input and 404 for an unknown name", async () => {
    const from = iso(T0 - DAY);
    const to = iso(T0);
    for (const [params, field] of [
      [{ name: "api.latency", from, to }, "source"],
      [{ source: "metric", from, to }, "name"],
      [{ source: "metric", name: "api.latency", to }, "from"],
      [{ source: "metric", name: "api.latency", from, to, interval: "2m" }, "interval"],
      [{ source: "metric", name: "api.latency", from, to, aggregation: "median" }, "aggregation"],
      [{ source: "metric", name: "api.latency", from, to, tags: "{host" }, "tags"],
      [{ source: "metric", name: "api.latency", from, to, tags: JSON.stringify({ host: 5 }) }, "tags.host"],
      [{ source: "metric", name: "api.latency", from: to, to: from }, "to"],
      [{ source: "metric", name: "api.latency", from: iso(T0 - 3 * DAY), to, interval: "1m" }, "interval"],
      [{ source: "metric", name: "api.latency", from, to, aggregation: "rate" }, "aggregation"],
    ] as const) {
      const error = (await ok(await api(query("/api/v1/anomalies/band", params), { key: readOnly }), 422)).error;
      expect(error.details.map((d: { field: string }) => d.field), JSON.stringify(params)).toContain(field);
    }
    expect((await ok(await api(query("/api/v1/anomalies/band", { source: "metric", name: "nope", from, to }), { key: readOnly }), 404)).error.code).toBe("not_found");
    expect((await ok(await api(query("/api/v1/anomalies/band", { source: "event", name: "nope", from, to }), { key: readOnly }), 404)).error.code).toBe("not_found");
  });
});
