import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, createTestProject, type TestProject } from "../fixtures";
import { startPusherTestServer, type PusherTestServer } from "../pusher/pusher-test-server";
import { openEventStream, type EventStreamClient } from "./event-stream";
import { publishAlertsChanged } from "@/lib/live/publish-alerts";
import { reloadEnv } from "@/lib/env";

// The alerts signal travels beside change messages: this process NOTIFYs flux_live as another
// Flux instance would (as the alert-evaluation job does wherever it runs), and the app's open
// streams must hear it as their own event kind, for their project only.

const streams: EventStreamClient[] = [];
async function follow(key: string): Promise<EventStreamClient> {
  const stream = await openEventStream(`${baseUrl()}/api/v1/live`, { authorization: `Bearer ${key}` });
  streams.push(stream);
  expect(stream.status).toBe(200);
  await stream.next((e) => e.event === "ready");
  return stream;
}
afterAll(() => streams.forEach((s) => s.close()));

const alertsEvents = (s: EventStreamClient) => s.events.filter((e) => e.event === "alerts");

describe("the alerts signal over server-sent events", () => {
  let a: TestProject;
  let b: TestProject;
  let keyA: string;
  let keyB: string;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestProject("Alerts A"), createTestProject("Alerts B")]);
    [keyA, keyB] = await Promise.all([a.key(["read"]), b.key(["read"])]);
  });

  it("reaches the project's open streams as an `alerts` event that names nothing", async () => {
    const stream = await follow(keyA);
    await publishAlertsChanged(a.projectId);
    const event = await stream.next((e) => e.event === "alerts");
    expect(JSON.parse(event.data)).toEqual({});
  });

  it("never reaches another project's stream", async () => {
    const mine = await follow(keyA);
    const theirs = await follow(keyB);
    await publishAlertsChanged(b.projectId);
    await theirs.next((e) => e.event === "alerts");
    await publishAlertsChanged(a.projectId);
    await mine.next((e) => e.event === "alerts");
    // B's signal went out first; had it leaked, A's stream would hold two by now.
    expect(alertsEvents(mine)).toHaveLength(1);
    expect(alertsEvents(theirs)).toHaveLength(1);
  });

  it("leaves change messages as they were: a batch still arrives as `change`, not `alerts`", async () => {
    const stream = await follow(keyA);
    const ingestKey = await a.key(["ingest"]);
    const res = await fetch(`${baseUrl()}/api/v1/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${ingestKey}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "gauge", name: "queue.depth", value: 4 }),
    });
    expect(res.status).toBe(202);
    const change = await stream.next((e) => e.event === "change");
    expect(JSON.parse(change.data).metrics).toEqual(["queue.depth"]);
    expect(alertsEvents(stream)).toEqual([]);
  });

  it("folds a burst of 200 calls into a few signals, the last call still followed by one", async () => {
    const stream = await follow(keyA);
    const started = Date.now();
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      calls.push(publishAlertsChanged(a.projectId));
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 30));
    }
    const lastCallAt = Date.now();
    await Promise.all(calls);
    await new Promise((r) => setTimeout(r, 600));
    const received = alertsEvents(stream);
    const n = received.length;
    // The trailing signal went out after the last call, so one arrived after it.
    expect(received[n - 1].at).toBeGreaterThanOrEqual(lastCallAt);
    const throttleMs = 250;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / throttleMs) + 1);
  });
});

describe("the alerts signal through Pusher", () => {
  const APP = { appId: "4243", key: "flux-alerts-key", secret: "flux-alerts-secret-for-signing" };
  let pusher: PusherTestServer;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    pusher = await startPusherTestServer(APP);
    const vars = { PUSHER_APP_ID: APP.appId, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(pusher.port), PUSHER_USE_TLS: "false" };
    for (const [k, v] of Object.entries(vars)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    reloadEnv();
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    reloadEnv();
    await pusher?.stop();
  });

  it("is event `alerts` on the project's private channel, in a request Pusher accepts, carrying no data", async () => {
    const p = await createTestProject("Alerts through Pusher");
    await publishAlertsChanged(p.projectId);
    const event = await pusher.waitForPublished((e) => e.channels.includes(`private-flux-project-${p.projectId}`));
    expect(event.name).toBe("alerts");
    expect(event.channels).toEqual([`private-flux-project-${p.projectId}`]);
    expect(JSON.parse(event.data)).toEqual({});
    expect(pusher.rejected).toEqual([]);
  });
});
