import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../scripts/lib/app-server";
import { baseUrl, createTestProject, type TestProject } from "../fixtures";
import { sessionCookie } from "../session-cookie";
import { startExtraApp } from "../extra-app";
import { startPusherTestServer, type PusherTestServer } from "../pusher/pusher-test-server";
import { openEventStream } from "./event-stream";

const APP = { appId: "4242", key: "flux-test-key", secret: "flux-test-secret-for-signing" };
const channelOf = (projectId: string) => `private-flux-project-${projectId}`;

describe("live updates through Pusher", () => {
  let pusher: PusherTestServer;
  let app: RunningApp;
  let p: TestProject;
  let key: string;
  beforeAll(async () => {
    pusher = await startPusherTestServer(APP);
    app = await startExtraApp({ PUSHER_APP_ID: APP.appId, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(pusher.port), PUSHER_USE_TLS: "false" });
    p = await createTestProject("Live through Pusher");
    key = await p.key();
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await pusher?.stop();
  });

  const auth = (body: unknown, headers: Record<string, string>, url = app.url) =>
    fetch(`${url}/api/v1/live/pusher-auth`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const signed = async (headers: Record<string, string>) => auth({ socket_id: "1234.5678", channel_name: channelOf(p.projectId) }, headers);

  it("publishes a committed batch on the project's private channel with a request Pusher accepts", async () => {
    const t = new Date().toISOString();
    const res = await fetch(`${app.url}/api/v1/flux/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ metrics: [{ type: "gauge", name: "queue.depth", value: 3, timestamp: t }], events: [{ name: "signup", timestamp: t }] }),
    });
    expect(res.status).toBe(202);
    const event = await pusher.waitForPublished((e) => e.channels.includes(channelOf(p.projectId)));
    expect(event.name).toBe("change");
    expect(event.channels).toEqual([channelOf(p.projectId)]);
    expect(JSON.parse(event.data)).toEqual({ metrics: ["queue.depth"], events: ["signup"], from: t, to: t });
    // Pusher's checks (auth_key, auth_timestamp, auth_version, body_md5, auth_signature) all passed.
    expect(pusher.rejected).toEqual([]);
  });

  it("still serves the built-in event stream beside Pusher", async () => {
    const stream = await openEventStream(`${app.url}/api/v1/live`, { authorization: `Bearer ${key}` });
    await stream.next((e) => e.event === "ready");
    const res = await fetch(`${app.url}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ name: "both.ways" }) });
    expect(res.status).toBe(202);
    await stream.next((e) => e.event === "change" && e.data.includes("both.ways"));
    stream.close();
  });

  it("signs a member's subscription with the app secret, as Pusher verifies it", async () => {
    const cookie = await sessionCookie(p.email, p.password);
    const res = await signed({ cookie, origin: app.url });
    expect(res.status).toBe(200);
    const expected = createHmac("sha256", APP.secret).update(`1234.5678:${channelOf(p.projectId)}`).digest("hex");
    expect(await res.json()).toEqual({ auth: `${APP.key}:${expected}` });
  });

  it("signs for a key that may read the project", async () => {
    expect((await signed({ authorization: `Bearer ${await p.key(["read"])}` })).status).toBe(200);
    expect((await signed({ authorization: `Bearer ${await p.key(["ingest"])}` })).status).toBe(403);
  });

  it("refuses a non-member (404, as for any project they cannot see) and the signed-out (401)", async () => {
    const stranger = await createTestProject("Stranger");
    const cookie = await sessionCookie(stranger.email, stranger.password);
    const refused = await signed({ cookie, origin: app.url });
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe("not_found");
    expect((await signed({})).status).toBe(401);
    // A key names its own project only.
    expect((await signed({ authorization: `Bearer ${await stranger.key()}` })).status).toBe(404);
  });

  it("refuses malformed requests with the field at fault", async () => {
    const headers = { authorization: `Bearer ${key}` };
    for (const [body, field] of [
      [{ socket_id: "1234.5678", channel_name: "private-other" }, "channel_name"],
      [{ socket_id: "1234.5678", channel_name: `presence-flux-project-${p.projectId}` }, "channel_name"],
      [{ socket_id: "12345678", channel_name: channelOf(p.projectId) }, "socket_id"],
      [{ socket_id: "1.2\n:evil", channel_name: channelOf(p.projectId) }, "socket_id"],
      [{ channel_name: channelOf(p.projectId) }, "socket_id"],
    ] as const) {
      const res = await auth(body, headers);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const { error } = await res.json();
      expect(error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const notJson = await fetch(`${app.url}/api/v1/live/pusher-auth`, { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: "socket_id=1.2" });
    expect(notJson.status).toBe(415);
  });

  it("answers 404 where Pusher is not configured", async () => {
    const res = await auth({ socket_id: "1234.5678", channel_name: channelOf(p.projectId) }, { authorization: `Bearer ${key}` }, baseUrl());
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/built-in transport/);
  });
});
