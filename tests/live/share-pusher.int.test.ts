import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "../../scripts/lib/app-server";
import { api, baseUrl, createTestProject, type TestProject } from "../fixtures";
import { startExtraApp } from "../extra-app";
import { startPusherTestServer, type PusherTestServer } from "../pusher/pusher-test-server";
import { createShareLink } from "@/lib/sharing/share-links";
import { publishAlertsChanged } from "@/lib/live/publish-alerts";
import { reloadEnv } from "@/lib/env";

// Share links through Pusher: a visitor may subscribe to its dashboard's own channel only, and
// that channel carries each change cut down to the dashboard's names (never the alerts signal).

const APP = { appId: "4244", key: "flux-share-key", secret: "flux-share-secret-for-signing" };
const shareChannelOf = (dashboardId: string) => `private-flux-share-${dashboardId}`;
const projectChannelOf = (projectId: string) => `private-flux-project-${projectId}`;
const signature = (socketId: string, channel: string) => `${APP.key}:${createHmac("sha256", APP.secret).update(`${socketId}:${channel}`).digest("hex")}`;
const q = (source: "metric" | "event", name: string) => ({ source, name, aggregation: source === "metric" ? "sum" : "count" });
const WIDGETS = [
  { id: "signups", x: 0, y: 0, w: 6, h: 4, config: { type: "number", query: q("metric", "shown.signups") } },
  { id: "orders", x: 6, y: 0, w: 6, h: 4, config: { type: "table", queries: [q("event", "shown.order")] } },
];

describe("share links through Pusher", () => {
  let pusher: PusherTestServer;
  let app: RunningApp;
  let p: TestProject;
  let key: string;
  let dashboardId: string;
  let otherDashboardId: string;
  let token: string;
  beforeAll(async () => {
    pusher = await startPusherTestServer(APP);
    app = await startExtraApp({ PUSHER_APP_ID: APP.appId, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(pusher.port), PUSHER_USE_TLS: "false" });
    p = await createTestProject("Share through Pusher");
    key = await p.key();
    const make = async (name: string, widgets: unknown[]) => (await (await api("/api/v1/dashboards", { key, body: { name, widgets } })).json()).id as string;
    dashboardId = await make("Public", WIDGETS);
    otherDashboardId = await make("Internal", [{ ...WIDGETS[0], config: { type: "number", query: q("metric", "internal.cost") } }]);
    token = (await createShareLink({ ctx: p.ctx, dashboardId, input: { label: "Lobby" } })).token;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await pusher?.stop();
  });

  const auth = (t: string, body: unknown, headers: Record<string, string> = {}, url = app.url) =>
    fetch(`${url}/api/v1/shared/${t}/pusher-auth`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  it("signs the visitor's subscription to its dashboard's share channel, as Pusher verifies it", async () => {
    const res = await auth(token, { socket_id: "1234.5678", channel_name: shareChannelOf(dashboardId) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ auth: signature("1234.5678", shareChannelOf(dashboardId)) });
  });

  it("refuses another dashboard's share channel, the project's channel and anything else (404)", async () => {
    const other = await createTestProject("Someone else");
    for (const channel of [shareChannelOf(otherDashboardId), projectChannelOf(p.projectId), shareChannelOf(other.projectId), `presence-flux-share-${dashboardId}`, "private-anything"]) {
      const res = await auth(token, { socket_id: "1234.5678", channel_name: channel });
      expect(res.status, channel).toBe(404);
      expect((await res.json()).error.code).toBe("not_found");
    }
    // The member's route does not sign a share channel for a visitor either.
    const member = await fetch(`${app.url}/api/v1/live/pusher-auth`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ socket_id: "1234.5678", channel_name: shareChannelOf(dashboardId) }) });
    expect(member.status).toBe(422);
  });

  it("refuses unknown tokens, a password link without its grant, and malformed requests", async () => {
    const body = { socket_id: "1234.5678", channel_name: shareChannelOf(dashboardId) };
    expect((await auth(`fxs_${"B".repeat(43)}`, body)).status).toBe(404);
    const locked = await createShareLink({ ctx: p.ctx, dashboardId, input: { label: "Board", password: "board-room-2026" } });
    expect((await auth(locked.token, body)).status).toBe(404);
    const unlock = await fetch(`${app.url}/api/v1/shared/${locked.token}/unlock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password: "board-room-2026" }) });
    const { grant } = (await unlock.json()) as { grant: string };
    const granted = await auth(locked.token, body, { "x-flux-share-grant": grant });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toEqual({ auth: signature("1234.5678", shareChannelOf(dashboardId)) });

    for (const [bad, field] of [[{ socket_id: "12345678", channel_name: shareChannelOf(dashboardId) }, "socket_id"], [{ socket_id: "1.2" }, "channel_name"]] as const) {
      const res = await auth(token, bad);
      expect(res.status).toBe(422);
      expect((await res.json()).error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it("answers 404 where Pusher is not configured", async () => {
    const res = await auth(token, { socket_id: "1234.5678", channel_name: shareChannelOf(dashboardId) }, {}, baseUrl());
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/built-in transport/);
  });

  it("publishes on the share channel each change cut down to the dashboard's names, and nothing for other names", async () => {
    const ingest = async (body: unknown) => {
      const res = await fetch(`${app.url}/api/v1/flux/batch`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(res.status).toBe(202);
    };
    const t = new Date().toISOString();
    await ingest({ metrics: [{ type: "counter", name: "internal.cost", value: 5, timestamp: t }], events: [{ name: "secret.login", timestamp: t }] });
    await pusher.waitForPublished((e) => e.channels.includes(projectChannelOf(p.projectId)) && e.data.includes("internal.cost"));
    await new Promise((r) => setTimeout(r, 400));
    await ingest({ metrics: [{ type: "counter", name: "shown.signups", value: 1, timestamp: t }, { type: "counter", name: "internal.cost", value: 1, timestamp: t }], events: [{ name: "shown.order", timestamp: t }, { name: "secret.login", timestamp: t }] });
    const event = await pusher.waitForPublished((e) => e.channels.includes(shareChannelOf(dashboardId)));
    expect(event.name).toBe("change");
    expect(event.channels).toEqual([shareChannelOf(dashboardId)]);
    expect(JSON.parse(event.data)).toEqual({ metrics: ["shown.signups"], events: ["shown.order"], from: t, to: t });

    const onShareChannels = pusher.published.filter((e) => e.channels.some((c) => c.startsWith("private-flux-share-")) && e.data.includes("internal.cost"));
    expect(onShareChannels).toEqual([]);
    // The project's channel got the whole change; the unshared dashboard has no channel traffic.
    expect(pusher.published.some((e) => e.channels.includes(projectChannelOf(p.projectId)) && e.data.includes("secret.login"))).toBe(true);
    expect(pusher.published.filter((e) => e.channels.includes(shareChannelOf(otherDashboardId)))).toEqual([]);
    expect(pusher.published.filter((e) => e.channels.includes(shareChannelOf(dashboardId))).map((e) => e.data)).toEqual([event.data]);
    expect(pusher.rejected).toEqual([]);
  });

  it("keeps the alerts signal on the project's channel, off share channels", async () => {
    // This process signals as the alert-evaluation job of any instance does.
    const vars = { PUSHER_APP_ID: APP.appId, PUSHER_KEY: APP.key, PUSHER_SECRET: APP.secret, PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(pusher.port), PUSHER_USE_TLS: "false" };
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    reloadEnv();
    try {
      await publishAlertsChanged(p.projectId);
      await pusher.waitForPublished((e) => e.name === "alerts" && e.channels.includes(projectChannelOf(p.projectId)));
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      reloadEnv();
    }
    expect(pusher.published.filter((e) => e.name === "alerts").flatMap((e) => e.channels)).toEqual([projectChannelOf(p.projectId)]);
    expect(pusher.published.filter((e) => e.channels.includes(shareChannelOf(dashboardId))).every((e) => e.name === "change")).toBe(true);
  });
});
