import { randomBytes } from "node:crypto";
import Pusher from "pusher";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startPusherTestServer, type PusherTestServer } from "./pusher-test-server";

let server: PusherTestServer;
let pusher: Pusher;

beforeEach(async () => {
  server = await startPusherTestServer({ appId: "424242", key: randomBytes(10).toString("hex"), secret: randomBytes(10).toString("hex") });
  pusher = new Pusher(server.serverOptions);
});
afterEach(async () => {
  vi.useRealTimers();
  await server.stop();
});

const eventsPath = () => `/apps/${server.serverOptions.appId}/events`;
const batchPath = () => `/apps/${server.serverOptions.appId}/batch_events`;

/** Signs with the real library's createSignedQueryString, then sends `sent` (the body by default). */
async function signedPost({ path = eventsPath(), body, sent = body, signer = pusher }: { path?: string; body?: string; sent?: string; signer?: Pusher }) {
  const query = signer.createSignedQueryString({ method: "POST", path, body });
  return post(path, query, sent);
}

const post = (path: string, query: string, body?: string) =>
  fetch(`${server.url}${path}?${query}`, { method: "POST", headers: { "content-type": "application/json" }, body });

/** What the server answered, as the `pusher` library reports a refusal (RequestError). */
async function refusal(request: Promise<unknown>) {
  const error = (await request.then(
    () => null,
    (e: unknown) => e,
  )) as { status?: number; body?: string } | null;
  expect(error, "the request was accepted").not.toBeNull();
  return { status: error?.status, body: error?.body };
}

const event = (over: Record<string, unknown> = {}) => JSON.stringify({ name: "change", channels: ["private-flux-project-1"], data: "{}", ...over });

describe("REST API accepts what the real pusher library sends", () => {
  it("records a trigger to one channel exactly as sent, with the data string and its parsed JSON", async () => {
    const response = await pusher.trigger("private-flux-project-7", "change", { metrics: ["signups"], events: [] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(server.published).toHaveLength(1);
    expect(server.published[0]).toMatchObject({
      appId: "424242",
      endpoint: "events",
      name: "change",
      channels: ["private-flux-project-7"],
      data: '{"metrics":["signups"],"events":[]}',
      parsedData: { metrics: ["signups"], events: [] },
    });
    expect(server.published[0].receivedAt).toBeInstanceOf(Date);
    expect(server.rejected).toEqual([]);
  });

  it("records a trigger to 100 channels with a socket_id to leave out, and a plain-string data", async () => {
    const channels = Array.from({ length: 100 }, (_, i) => `channel-${i}`);
    await pusher.trigger(channels, "note", "plain text", { socket_id: "123.456" });
    expect(server.published).toEqual([expect.objectContaining({ channels, data: "plain text", parsedData: undefined, socketId: "123.456" })]);
  });

  it("records each event of a triggerBatch, in order", async () => {
    const response = await pusher.triggerBatch([
      { channel: "private-a", name: "change", data: { all: true } },
      { channel: "public-b", name: "other", data: "x" },
    ]);
    expect(response.status).toBe(200);
    expect(server.published.map((e) => [e.endpoint, e.channels, e.name, e.data])).toEqual([
      ["batch_events", ["private-a"], "change", '{"all":true}'],
      ["batch_events", ["public-b"], "other", "x"],
    ]);
  });

  it("signs every query parameter: an extra signed parameter passes, one added afterwards does not", async () => {
    const body = event();
    const path = eventsPath();
    const query = pusher.createSignedQueryString({ method: "POST", path, body, params: { info: "subscription_count" } });
    expect((await post(path, query, body)).status).toBe(200);
    const tampered = await post(path, `${query}&extra=1`, body);
    expect(tampered.status).toBe(401);
    expect(await tampered.text()).toMatch(/^Invalid signature: you should have sent HmacSHA256Hex\(.*extra=1.*\), but you sent "[0-9a-f]{64}"\n$/);
  });
});

describe("REST API refuses what Pusher refuses", () => {
  it("answers 401 Invalid signature to a request signed with the wrong secret, and publishes nothing", async () => {
    const wrong = new Pusher({ ...server.serverOptions, secret: "not-the-secret" });
    const { status, body } = await refusal(wrong.trigger("private-x", "change", {}));
    expect(status).toBe(401);
    expect(body).toContain(`Invalid signature: you should have sent HmacSHA256Hex("POST\\n${eventsPath()}\\nauth_key=`);
    expect(server.published).toEqual([]);
    expect(server.rejected).toEqual([expect.objectContaining({ status: 401, method: "POST", path: eventsPath() })]);
    expect(server.rejected[0].reason).toMatch(/^Invalid signature/);
  });

  it("answers 401 Timestamp expired to a request signed 605 s in the past or the future, and accepts 595 s", async () => {
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now - 605_000);
    const stale = pusher.trigger("private-x", "change", {}); // signs synchronously, sends later
    vi.setSystemTime(now + 605_000);
    const future = pusher.createSignedQueryString({ method: "POST", path: eventsPath(), body: event() });
    vi.setSystemTime(now - 595_000);
    const justInTime = pusher.createSignedQueryString({ method: "POST", path: eventsPath(), body: event() });
    vi.useRealTimers();

    const { status, body } = await refusal(stale);
    expect(status).toBe(401);
    expect(body).toMatch(/^Timestamp expired: Given timestamp \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\) not within 600s of server time \(.+Z\)\n$/);
    expect((await post(eventsPath(), future, event())).status).toBe(401);
    expect((await post(eventsPath(), justInTime, event())).status).toBe(200);
    expect(server.published).toHaveLength(1);
  });

  it("answers 401 to a body that does not match its body_md5, or that is sent without one", async () => {
    const tampered = await signedPost({ body: event({ data: '{"a":1}' }), sent: event({ data: '{"a":2}' }) });
    expect(tampered.status).toBe(401);
    expect(await tampered.text()).toMatch(/^Invalid body_md5/);
    const unsigned = await signedPost({ body: undefined, sent: event() });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).toMatch(/^Missing parameter: body_md5/);
    expect(server.published).toEqual([]);
  });

  it("answers 400 Unknown auth_key to a wrong key or a key of another app id", async () => {
    const wrongKey = await refusal(new Pusher({ ...server.serverOptions, key: "someone-elses-key" }).trigger("c", "e", {}));
    expect(wrongKey).toEqual({ status: 400, body: "Unknown auth_key\n" });
    const wrongApp = await refusal(new Pusher({ ...server.serverOptions, appId: "1" }).trigger("c", "e", {}));
    expect(wrongApp).toEqual({ status: 400, body: "Unknown auth_key\n" });
    expect(server.rejected.map((r) => r.path)).toEqual([eventsPath(), "/apps/1/events"]);
  });

  it("answers 401 to a missing or unsupported auth_version and a missing auth_key", async () => {
    const query = pusher.createSignedQueryString({ method: "POST", path: eventsPath(), body: event() });
    const v2 = await post(eventsPath(), query.replace("auth_version=1.0", "auth_version=2.0"), event());
    expect([v2.status, await v2.text()]).toEqual([401, "Version not supported\n"]);
    const none = await post(eventsPath(), query.replace("auth_version=1.0&", ""), event());
    expect([none.status, await none.text()]).toEqual([401, "Version required\n"]);
    const keyless = await post(eventsPath(), query.replace(/auth_key=[^&]+&/, ""), event());
    expect([keyless.status, await keyless.text()]).toEqual([401, "Missing parameter: auth_key\n"]);
  });

  it("answers 413 to data over 10,240 bytes, counting bytes rather than characters", async () => {
    await pusher.trigger("c", "e", "x".repeat(10_240));
    expect(server.published).toHaveLength(1);
    expect(await refusal(pusher.trigger("c", "e", "x".repeat(10_241)))).toMatchObject({ status: 413 });
    const multibyte = await refusal(pusher.trigger("c", "e", "é".repeat(5_121)));
    expect(multibyte.status).toBe(413);
    expect(multibyte.body).toContain("10242 bytes");
    expect(server.published).toHaveLength(1);
  });

  it("answers 400 to more than 100 channels or none", async () => {
    const many = await signedPost({ body: event({ channels: Array.from({ length: 101 }, (_, i) => `c${i}`) }) });
    expect([many.status, await many.text()]).toEqual([400, "Too many channels: at most 100 per event, got 101\n"]);
    expect((await signedPost({ body: event({ channels: [] }) })).status).toBe(400);
    expect((await signedPost({ body: JSON.stringify({ name: "e", data: "{}" }) })).status).toBe(400);
    expect(server.published).toEqual([]);
  });

  it.each([
    ["invalid JSON", "{not json"],
    ["a JSON array", "[]"],
    ["a missing name", JSON.stringify({ channels: ["c"], data: "{}" })],
    ["a 201-character event name", event({ name: "e".repeat(201) })],
    ["data that is not a string", event({ data: { a: 1 } })],
    ["a channel name with a space", event({ channels: ["bad channel"] })],
    ["a 165-character channel name", event({ channels: ["c".repeat(165)] })],
    ["channels that are not strings", event({ channels: [1] })],
    ["a malformed socket_id", event({ socket_id: "123" })],
  ])("answers 400 to a body with %s", async (_, body) => {
    const response = await signedPost({ body });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/\n$/);
    expect(server.published).toEqual([]);
    expect(server.rejected).toEqual([expect.objectContaining({ status: 400 })]);
  });

  it("accepts a channel name of exactly 164 characters from the whole alphabet", async () => {
    const channel = "private-AZaz09_-=@,.;".padEnd(164, "x");
    expect((await signedPost({ body: event({ channels: [channel] }) })).status).toBe(200);
  });

  it("refuses a whole batch of 11 events, or one with a bad event, publishing none of it", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ channel: `c${i}`, name: "e", data: "{}" }));
    const tooMany = await refusal(pusher.triggerBatch(eleven));
    expect(tooMany).toEqual({ status: 400, body: "Batch too large: at most 10 events per batch, got 11\n" });
    const oneBad = await refusal(pusher.triggerBatch([{ channel: "ok", name: "e", data: "{}" }, { channel: "not ok!", name: "e", data: "{}" }]));
    expect(oneBad.status).toBe(400);
    expect(oneBad.body).toMatch(/^batch\[1\]: Invalid channel name/);
    const batchOfChannels = await signedPost({ path: batchPath(), body: JSON.stringify({ batch: [{ channels: ["a"], name: "e", data: "{}" }] }) });
    expect(batchOfChannels.status).toBe(400);
    expect(server.published).toEqual([]);
  });

  it("answers 404 to other paths and 405 to other methods, recording both", async () => {
    expect((await fetch(`${server.url}/apps/424242/channels`)).status).toBe(404);
    expect((await fetch(`${server.url}${eventsPath()}`)).status).toBe(405);
    expect(server.rejected.map((r) => [r.status, r.method, r.path])).toEqual([
      [404, "GET", "/apps/424242/channels"],
      [405, "GET", eventsPath()],
    ]);
  });
});

describe("lifecycle", () => {
  it("listens on a free port of 127.0.0.1 by default and refuses connections once stopped", async () => {
    expect(server.host).toBe("127.0.0.1");
    expect(server.port).toBeGreaterThan(0);
    const other = await startPusherTestServer({ appId: "1", key: "k", secret: "s" });
    expect(other.port).not.toBe(server.port);
    await other.stop();
    await other.stop();
    await expect(fetch(`${other.url}/apps/1/events`, { method: "POST" })).rejects.toThrow();
  });

  it("waitForPublished resolves with an event already published or one yet to come, and times out otherwise", async () => {
    await pusher.trigger("first", "e", {});
    await expect(server.waitForPublished((e) => e.channels.includes("first"))).resolves.toMatchObject({ channels: ["first"] });
    const later = server.waitForPublished((e) => e.name === "later");
    await pusher.trigger("second", "later", {});
    await expect(later).resolves.toMatchObject({ channels: ["second"] });
    await expect(server.waitForPublished((e) => e.name === "never", 50)).rejects.toThrow(/No matching event published within 50 ms/);
  });
});
