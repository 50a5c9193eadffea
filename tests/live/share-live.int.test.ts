import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../scripts/lib/app-server";
import { api, baseUrl, createTestProject, type TestProject } from "../fixtures";
import { startExtraApp } from "../extra-app";
import { openEventStream, type EventStreamClient, type StreamEvent } from "./event-stream";
import { LiveChangeSchema, type LiveChange } from "@/lib/live/change-message";
import { publishAlertsChanged } from "@/lib/live/publish-alerts";
import { createShareLink, revokeShareLink } from "@/lib/sharing/share-links";

// A share link's visitor follows the same event stream as a member, cut down to the names the
// shared dashboard's widgets read: it must never learn another metric or event name, nor that
// the project's alerts changed.

const changeOf = (e: StreamEvent): LiveChange => LiveChangeSchema.parse(JSON.parse(e.data)) as LiveChange;
const changes = (s: EventStreamClient) => s.events.filter((e) => e.event === "change").map(changeOf);
const q = (source: "metric" | "event", name: string) => ({ source, name, aggregation: source === "metric" ? "sum" : "count" });
const widget = (id: string, config: Record<string, unknown>, y = 0) => ({ id, x: 0, y, w: 6, h: 4, config });
const WIDGETS = [
  widget("signups", { type: "number", query: q("metric", "shown.signups") }),
  widget("flow", { type: "graph", queries: [q("metric", "shown.revenue"), q("event", "shown.checkout")] }, 4),
];

async function ingest(url: string, key: string, body: { metrics?: { name: string }[]; events?: { name: string }[] }): Promise<void> {
  const now = new Date().toISOString();
  const res = await fetch(`${url}/api/v1/flux/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ metrics: body.metrics?.map((m) => ({ type: "counter", value: 1, timestamp: now, ...m })), events: body.events?.map((e) => ({ timestamp: now, ...e })) }),
  });
  expect(res.status).toBe(202);
}

interface Shared {
  p: TestProject;
  key: string;
  dashboardId: string;
}
async function sharedDashboard(name: string): Promise<Shared> {
  const p = await createTestProject(name);
  const key = await p.key();
  const res = await api("/api/v1/dashboards", { key, body: { name: "Public KPIs", widgets: WIDGETS } });
  expect(res.status).toBe(201);
  return { p, key, dashboardId: (await res.json()).id };
}
const link = (s: Shared, input: Record<string, unknown> = {}) => createShareLink({ ctx: s.p.ctx, dashboardId: s.dashboardId, input: { label: "Wall screen", ...input } });

const streams: EventStreamClient[] = [];
async function visit(url: string, token: string, query = "", headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const stream = await openEventStream(`${url}/api/v1/shared/${token}/live${query}`, headers);
  streams.push(stream);
  expect(stream.status).toBe(200);
  await stream.next((e) => e.event === "ready");
  return stream;
}
async function member(url: string, key: string): Promise<EventStreamClient> {
  const stream = await openEventStream(`${url}/api/v1/live`, { authorization: `Bearer ${key}` });
  streams.push(stream);
  await stream.next((e) => e.event === "ready");
  return stream;
}
afterAll(() => streams.forEach((s) => s.close()));

describe("a share link's live stream", () => {
  let s: Shared;
  let token: string;
  beforeAll(async () => {
    s = await sharedDashboard("Share live");
    token = (await link(s)).token;
  });

  it("is the member's protocol: ready with the heartbeat, as an uncached event stream", async () => {
    const res = await fetch(`${baseUrl()}/api/v1/shared/${token}/live`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toContain("no-cache");
    await res.body?.cancel();
    const stream = await visit(baseUrl(), token);
    expect(JSON.parse(stream.events[0].data)).toEqual({ heartbeatMs: expect.any(Number) });
  });

  it("sends a batch's change with only the names the dashboard's widgets read", async () => {
    const stream = await visit(baseUrl(), token);
    await ingest(baseUrl(), s.key, { metrics: [{ name: "shown.signups" }, { name: "secret.payroll" }], events: [{ name: "shown.checkout" }, { name: "secret.login" }] });
    const event = await stream.next((e) => e.event === "change");
    const change = changeOf(event);
    expect(change.metrics).toEqual(["shown.signups"]);
    expect(change.events).toEqual(["shown.checkout"]);
    expect(event.data).not.toContain("secret");
  });

  it("sends nothing for a batch of names no widget reads (a member hears it meanwhile)", async () => {
    const visitor = await visit(baseUrl(), token);
    const owner = await member(baseUrl(), s.key);
    await ingest(baseUrl(), s.key, { metrics: [{ name: "secret.only" }], events: [{ name: "shown.revenue" }] });
    await owner.next((e) => e.event === "change" && e.data.includes("secret.only"));
    // Then a name the dashboard reads: the visitor's next change is that one, nothing before it.
    await new Promise((r) => setTimeout(r, 300));
    await ingest(baseUrl(), s.key, { metrics: [{ name: "shown.revenue" }] });
    await visitor.next((e) => e.event === "change");
    // An event named like a metric the dashboard reads is still another name.
    expect(changes(visitor)).toEqual([expect.objectContaining({ metrics: ["shown.revenue"], events: [] })]);
    expect(visitor.events.map((e) => e.data).join("\n")).not.toContain("secret");
  });

  it("never sends the project's alerts signal", async () => {
    const visitor = await visit(baseUrl(), token);
    const owner = await member(baseUrl(), s.key);
    await publishAlertsChanged(s.p.projectId);
    await owner.next((e) => e.event === "alerts");
    await ingest(baseUrl(), s.key, { metrics: [{ name: "shown.signups" }] });
    await visitor.next((e) => e.event === "change");
    expect(visitor.events.map((e) => e.event)).not.toContain("alerts");
  });

  it("keeps links of other dashboards and projects apart", async () => {
    const other = await sharedDashboard("Share live, other project");
    const otherToken = (await link(other)).token;
    const mine = await visit(baseUrl(), token);
    const theirs = await visit(baseUrl(), otherToken);
    await ingest(baseUrl(), other.key, { metrics: [{ name: "shown.signups" }] });
    await theirs.next((e) => e.event === "change");
    await ingest(baseUrl(), s.key, { metrics: [{ name: "shown.revenue" }] });
    await mine.next((e) => e.event === "change");
    expect(changes(mine).flatMap((c) => c.metrics)).toEqual(["shown.revenue"]);
  });

  it("refuses unknown, malformed and revoked tokens with the same 404", async () => {
    const revoked = await link(s, { label: "Soon gone" });
    await revokeShareLink({ ctx: s.p.ctx, linkId: revoked.id });
    const bodies: string[] = [];
    for (const t of [`fxs_${"A".repeat(43)}`, "not-a-token", revoked.token]) {
      const res = await fetch(`${baseUrl()}/api/v1/shared/${t}/live`);
      expect(res.status, t).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/json/);
      const body = await res.json();
      expect(body.error.code).toBe("not_found");
      bodies.push(JSON.stringify(body));
    }
    expect(new Set(bodies).size).toBe(1);
  });

  it("refuses a password link without its grant (404) and follows it with the grant in the query, the header or the cookie", async () => {
    const locked = await link(s, { label: "Board", password: "board-room-2026" });
    const refused = await fetch(`${baseUrl()}/api/v1/shared/${locked.token}/live`);
    expect(refused.status).toBe(404);
    expect((await fetch(`${baseUrl()}/api/v1/shared/${locked.token}/live?grant=1.${"x".repeat(43)}`)).status).toBe(404);

    const unlock = await fetch(`${baseUrl()}/api/v1/shared/${locked.token}/unlock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password: "board-room-2026" }) });
    expect(unlock.status).toBe(200);
    const { grant } = (await unlock.json()) as { grant: string };
    const byQuery = await visit(baseUrl(), locked.token, `?grant=${encodeURIComponent(grant)}`);
    await visit(baseUrl(), locked.token, "", { "x-flux-share-grant": grant });
    await visit(baseUrl(), locked.token, "", { cookie: `flux-share-${locked.id}=${grant}` });
    // Another link's grant is worth nothing here.
    expect((await fetch(`${baseUrl()}/api/v1/shared/${locked.token}/live`, { headers: { cookie: `flux-share-${s.dashboardId}=${grant}` } })).status).toBe(404);
    await ingest(baseUrl(), s.key, { metrics: [{ name: "shown.signups" }] });
    expect(changeOf(await byQuery.next((e) => e.event === "change")).metrics).toEqual(["shown.signups"]);
  });
});

describe("a share link's live stream over time", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startExtraApp({ FLUX_LIVE_ACCESS_RECHECK_SECONDS: "1", FLUX_LIVE_MAX_CONNECTIONS: "4" });
  }, 120_000);
  afterAll(async () => app?.stop());

  it("lets visitors hold at most half of the instance's connections, so members keep theirs", async () => {
    const s = await sharedDashboard("Share live, crowded");
    const { token: t } = await link(s);
    const first = await visit(app.url, t);
    const second = await visit(app.url, t);
    const refused = await fetch(`${app.url}/api/v1/shared/${t}/live`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect((await refused.json()).error.code).toBe("unavailable");
    const owner = await member(app.url, s.key);
    expect(owner.status).toBe(200);
    first.close();
    await expect.poll(async () => {
      const res = await fetch(`${app.url}/api/v1/shared/${t}/live`);
      await res.body?.cancel();
      return res.status;
    }, { timeout: 5_000 }).toBe(200);
    second.close();
    owner.close();
    // The slots are given back once the server sees the clients gone.
    await new Promise((r) => setTimeout(r, 300));
  });

  it("ends with `denied` once the link is revoked", async () => {
    const s = await sharedDashboard("Share live, revoked");
    const created = await link(s);
    const stream = await visit(app.url, created.token);
    await revokeShareLink({ ctx: s.p.ctx, linkId: created.id });
    const denied = await stream.next((e) => e.event === "denied", 5_000);
    expect(JSON.parse(denied.data).message).toMatch(/revoked or has expired/);
    await stream.ended;
  });

  it("ends with `denied` once the link expires", async () => {
    const s = await sharedDashboard("Share live, expiring");
    const created = await link(s, { expiresAt: new Date(Date.now() + 2_500).toISOString() });
    const stream = await visit(app.url, created.token);
    await stream.next((e) => e.event === "denied", 8_000);
    await stream.ended;
  });

  it("follows a widget an editor adds while the stream is open, and drops one removed", async () => {
    const s = await sharedDashboard("Share live, edited");
    const stream = await visit(app.url, (await link(s)).token);
    const extended = [...WIDGETS, widget("late", { type: "bar", query: q("metric", "added.later") }, 8)];
    expect((await api(`/api/v1/dashboards/${s.dashboardId}`, { key: s.key, method: "PUT", body: { name: "Public KPIs", widgets: extended } })).status).toBe(200);
    // One recheck (1 s here) reloads the names.
    await new Promise((r) => setTimeout(r, 2_200));
    await ingest(app.url, s.key, { metrics: [{ name: "added.later" }] });
    expect(changeOf(await stream.next((e) => e.event === "change")).metrics).toEqual(["added.later"]);

    expect((await api(`/api/v1/dashboards/${s.dashboardId}`, { key: s.key, method: "PUT", body: { name: "Public KPIs", widgets: WIDGETS.slice(0, 1) } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_200));
    const before = stream.events.length;
    await ingest(app.url, s.key, { metrics: [{ name: "added.later" }, { name: "shown.revenue" }] });
    await ingest(app.url, s.key, { metrics: [{ name: "shown.signups" }] });
    const next = changeOf(await stream.next((e) => e.event === "change", 5_000, before));
    expect(next.metrics).toEqual(["shown.signups"]);
    stream.close();
  });
});
