import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import type { RunningApp } from "../../scripts/lib/app-server";
import { baseUrl, createTestProject, type TestProject } from "../fixtures";
import { browserHeaders, sessionCookie } from "../session-cookie";
import { startExtraApp } from "../extra-app";
import { openEventStream, type EventStreamClient, type StreamEvent } from "./event-stream";
import { LiveChangeSchema, type LiveChange } from "@/lib/live/change-message";

const changeOf = (e: StreamEvent): LiveChange => LiveChangeSchema.parse(JSON.parse(e.data)) as LiveChange;
const isChange = (match: (c: LiveChange) => boolean) => (e: StreamEvent) => e.event === "change" && match(changeOf(e));

/** Sends a batch (metrics are counters unless they say otherwise) and expects it stored. */
async function ingest(url: string, key: string, body: { metrics?: Record<string, unknown>[]; events?: Record<string, unknown>[] }): Promise<void> {
  const metrics = body.metrics?.map((m) => ({ type: "counter", ...m }));
  const res = await fetch(`${url}/api/v1/flux/batch`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ ...body, metrics }) });
  expect(res.status).toBe(202);
}

const streams: EventStreamClient[] = [];
async function follow(url: string, key: string): Promise<EventStreamClient> {
  const stream = await openEventStream(`${url}/api/v1/live`, { authorization: `Bearer ${key}` });
  streams.push(stream);
  expect(stream.status).toBe(200);
  await stream.next((e) => e.event === "ready");
  return stream;
}
afterAll(() => streams.forEach((s) => s.close()));

describe("live updates over server-sent events", () => {
  let p: TestProject;
  let key: string;
  beforeAll(async () => {
    p = await createTestProject("Live");
    key = await p.key();
  });

  it("sends the names and time span of a committed batch to an open stream", async () => {
    const stream = await follow(baseUrl(), key);
    const t = new Date(Date.now() - 60_000).toISOString();
    await ingest(baseUrl(), key, { metrics: [{ name: "signups", value: 1, timestamp: t }], events: [{ name: "order.placed", timestamp: new Date().toISOString() }] });
    const change = changeOf(await stream.next(isChange((c) => c.metrics.includes("signups"))));
    expect(change.events).toEqual(["order.placed"]);
    expect(Date.parse(change.from)).toBe(Date.parse(t));
    expect(Date.parse(change.to)).toBeGreaterThan(Date.parse(t));
  });

  it("announces itself first with the heartbeat period", async () => {
    const stream = await follow(baseUrl(), key);
    expect(JSON.parse(stream.events[0].data)).toEqual({ heartbeatMs: expect.any(Number) });
  });

  it("never sends one project's changes to another project's stream", async () => {
    const other = await createTestProject("Other");
    const otherKey = await other.key();
    const mine = await follow(baseUrl(), key);
    const theirs = await follow(baseUrl(), otherKey);
    await ingest(baseUrl(), otherKey, { metrics: [{ name: "their.metric", value: 1 }] });
    await theirs.next(isChange((c) => c.metrics.includes("their.metric")));
    await ingest(baseUrl(), key, { metrics: [{ name: "my.metric", value: 1 }] });
    await mine.next(isChange((c) => c.metrics.includes("my.metric")));
    expect(mine.events.some((e) => e.event === "change" && e.data.includes("their.metric"))).toBe(false);
  });

  it("lets members follow by session and refuses non-members (404) and the signed-out (401)", async () => {
    const cookie = await sessionCookie(p.email, p.password);
    const member = await openEventStream(`${baseUrl()}/api/v1/live?project=${p.projectId}`, browserHeaders(cookie));
    streams.push(member);
    expect(member.status).toBe(200);
    await member.next((e) => e.event === "ready");

    const stranger = await createTestProject("Stranger");
    const strangerCookie = await sessionCookie(stranger.email, stranger.password);
    const refused = await fetch(`${baseUrl()}/api/v1/live?project=${p.projectId}`, { headers: browserHeaders(strangerCookie) });
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe("not_found");

    const anonymous = await fetch(`${baseUrl()}/api/v1/live?project=${p.projectId}`);
    expect(anonymous.status).toBe(401);
    const ingestOnly = await fetch(`${baseUrl()}/api/v1/live`, { headers: { authorization: `Bearer ${await p.key(["ingest"])}` } });
    expect(ingestOnly.status).toBe(403);
  });

  it("throttles a burst of 1,000 batches to a bounded number of messages, the last change included", async () => {
    const stream = await follow(baseUrl(), key);
    const start = stream.events.length;
    const base = Date.now() - 10 * 60_000;
    const started = Date.now();
    let next = 0;
    const sendAll = async () => {
      while (next < 1000) {
        const i = next++;
        await ingest(baseUrl(), key, { metrics: [{ name: "burst", value: 1, timestamp: new Date(base + i * 100).toISOString(), tags: { worker: String(i % 3) } }] });
      }
    };
    await Promise.all(Array.from({ length: 16 }, sendAll));
    const elapsed = Date.now() - started;
    const lastTime = base + 999 * 100;
    await stream.next(isChange((c) => c.metrics.includes("burst") && Date.parse(c.to) >= lastTime), 5_000, start);
    await new Promise((r) => setTimeout(r, 600));
    const messages = stream.events.slice(start).filter((e) => e.event === "change");
    // One leading message, then at most one per 250 ms throttle interval, plus the trailing one.
    expect(messages.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 3);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    const res = await fetch(`${baseUrl()}/api/v1/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ source: "metric", name: "burst", aggregation: "sum", range: { from: new Date(base).toISOString(), to: new Date(lastTime + 1).toISOString() }, interval: "1h" }),
    });
    expect((await res.json()).series[0].total).toBe(1000);
  });

  it("keeps delivering after its LISTEN connection is killed, and tells streams to resync", async () => {
    const stream = await follow(baseUrl(), key);
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const killed = await admin`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'flux-live'`;
      expect(killed.length).toBeGreaterThanOrEqual(1);
    } finally {
      await admin.end();
    }
    await stream.next((e) => e.event === "resync", 10_000);
    await ingest(baseUrl(), key, { metrics: [{ name: "after.reconnect", value: 1 }] });
    await stream.next(isChange((c) => c.metrics.includes("after.reconnect")));
  });
});

describe("live updates across instances", () => {
  let second: RunningApp;
  let p: TestProject;
  let key: string;
  beforeAll(async () => {
    second = await startExtraApp({ FLUX_LIVE_MAX_CONNECTIONS: "2", FLUX_LIVE_ACCESS_RECHECK_SECONDS: "1", FLUX_LIVE_HEARTBEAT_SECONDS: "1" });
    p = await createTestProject("Live, two instances");
    key = await p.key();
  }, 120_000);
  afterAll(async () => second?.stop());

  it("delivers a batch ingested through one instance to a stream open on another", async () => {
    const stream = await follow(second.url, key);
    await ingest(baseUrl(), key, { events: [{ name: "checkout" }] });
    await stream.next(isChange((c) => c.events.includes("checkout")));
    stream.close();
  });

  it("sends a heartbeat every period", async () => {
    const stream = await follow(second.url, key);
    await stream.next((e) => e.event === "ping", 3_000);
    stream.close();
  });

  it("holds at most its limit of connections and frees a slot when a client goes away", async () => {
    await new Promise((r) => setTimeout(r, 300));
    const a = await follow(second.url, key);
    const b = await follow(second.url, key);
    const refused = await fetch(`${second.url}/api/v1/live`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    a.close();
    await expect.poll(async () => {
      const res = await fetch(`${second.url}/api/v1/live`, { headers: { authorization: `Bearer ${key}` } });
      await res.body?.cancel();
      return res.status;
    }, { timeout: 5_000 }).toBe(200);
    b.close();
  });

  it("closes the stream of a key revoked while it is open", async () => {
    await new Promise((r) => setTimeout(r, 300));
    const doomedKey = await p.key(["read"]);
    const stream = await follow(second.url, doomedKey);
    const { revokeApiKey, listApiKeys } = await import("@/lib/api-keys/api-keys");
    const row = (await listApiKeys({ ctx: p.ctx })).find((k) => doomedKey.startsWith(k.prefix));
    await revokeApiKey({ ctx: p.ctx, keyId: row!.id });
    await stream.next((e) => e.event === "denied", 5_000);
    await stream.ended;
  });
});

describe("shutting down an instance with open live streams", () => {
  it("ends the streams and exits on SIGTERM, without waiting to be killed", async () => {
    const app = await startExtraApp();
    const p = await createTestProject("Live shutdown");
    const stream = await follow(app.url, await p.key());
    await app.stop();
    await stream.ended;
    // 143 = ended by its own SIGTERM handling; a process still held by a stream is SIGKILLed after 10 s.
    expect(app.process.signalCode).toBeNull();
    expect(app.process.exitCode).toBe(143);
  }, 120_000);
});
