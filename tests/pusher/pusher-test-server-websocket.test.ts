import { randomBytes } from "node:crypto";
import Pusher from "pusher";
import PusherClient from "pusher-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { startPusherTestServer, type PusherTestServer } from "./pusher-test-server";

let server: PusherTestServer;
let pusher: Pusher;
const opened: { close(): void }[] = [];

beforeEach(async () => {
  server = await startPusherTestServer({ appId: "777", key: randomBytes(10).toString("hex"), secret: randomBytes(10).toString("hex") });
  pusher = new Pusher(server.serverOptions);
});
afterEach(async () => {
  for (const client of opened.splice(0)) client.close();
  await server.stop();
});

interface PusherMessage {
  event: string;
  channel?: string;
  data?: unknown;
}

/** A bare WebSocket client, to see the frames exactly as the server writes them. */
async function raw(path: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`);
  opened.push(ws);
  const queue: PusherMessage[] = [];
  const waiting: ((message: PusherMessage) => void)[] = [];
  ws.on("message", (data) => {
    const message = JSON.parse(data.toString()) as PusherMessage;
    const next = waiting.shift();
    if (next) next(message);
    else queue.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  const next = () => {
    const queued = queue.shift();
    return queued ? Promise.resolve(queued) : new Promise<PusherMessage>((resolve) => waiting.push(resolve));
  };
  const send = (message: PusherMessage) => ws.send(JSON.stringify(message));
  return { ws, next, send, closed };
}

async function rawConnected() {
  const socket = await raw(`/app/${server.serverOptions.key}?protocol=7&client=js&version=8.4.0&flash=false`);
  const established = await socket.next();
  const { socket_id: socketId } = JSON.parse(established.data as string) as { socket_id: string };
  return { ...socket, socketId };
}

/** A pusher-js client whose channel authorization signs with `signer`, the real server library. */
function client(signer: Pusher = pusher) {
  const instance = new PusherClient(server.serverOptions.key, {
    ...server.clientOptions,
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => callback(null, signer.authorizeChannel(socketId, channelName)),
    },
  });
  opened.push({ close: () => instance.disconnect() });
  const errors: { type: string; data?: { code: number | null; message: string } }[] = [];
  instance.connection.bind("error", (error: (typeof errors)[number]) => errors.push(error));
  return { instance, errors };
}

function becomes(instance: PusherClient, state: string) {
  if (instance.connection.state === state) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const onChange = ({ current }: { current: string }) => {
      if (current !== state) return;
      instance.connection.unbind("state_change", onChange);
      resolve();
    };
    instance.connection.bind("state_change", onChange);
  });
}

function subscribed(instance: PusherClient, channelName: string) {
  const channel = instance.subscribe(channelName);
  return new Promise<typeof channel>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve(channel)));
}

const received = (channel: ReturnType<PusherClient["subscribe"]>, eventName: string) =>
  new Promise<unknown>((resolve) => channel.bind(eventName, (data: unknown) => resolve(data)));

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe("connection handshake (protocol 7)", () => {
  it("accepts the browser's URL and sends connection_established with data as a JSON string", async () => {
    const socket = await raw(`/app/${server.serverOptions.key}?protocol=7&client=js&version=8.4.0&flash=false`);
    const established = await socket.next();
    expect(established.event).toBe("pusher:connection_established");
    expect(typeof established.data).toBe("string");
    expect(JSON.parse(established.data as string)).toEqual({ socket_id: expect.stringMatching(/^\d+\.\d+$/), activity_timeout: 120 });
    expect(server.sockets()).toBe(1);
  });

  it.each([
    ["a wrong key", "/app/not-the-key?protocol=7&client=js&version=8.4.0", 4001, /^App key not-the-key not in this cluster/],
    ["no protocol", "/app/KEY?client=js&version=8.4.0", 4007, /^Unsupported protocol version/],
    ["protocol 6", "/app/KEY?protocol=6&client=js&version=8.4.0", 4007, /^Unsupported protocol version: 6/],
    ["a path outside /app/:key", "/socket?protocol=7", 4005, /^Path not found/],
  ])("refuses %s with pusher:error and the same close code", async (_, path, code, message) => {
    const socket = await raw(path.replace("KEY", server.serverOptions.key));
    expect(await socket.next()).toEqual({ event: "pusher:error", data: { code, message: expect.stringMatching(message) } });
    expect((await socket.closed).code).toBe(code);
    expect(server.sockets()).toBe(0);
  });

  it("answers pusher:ping with pusher:pong", async () => {
    const socket = await rawConnected();
    socket.send({ event: "pusher:ping", data: {} });
    expect(await socket.next()).toMatchObject({ event: "pusher:pong" });
  });

  it("refuses client events and unknown events without closing the connection", async () => {
    const socket = await rawConnected();
    socket.send({ event: "client-typing", channel: "private-x", data: {} });
    expect(await socket.next()).toEqual({ event: "pusher:error", data: { code: null, message: expect.stringMatching(/enable this feature/) } });
    socket.send({ event: "pusher:whatever", data: {} });
    expect(await socket.next()).toMatchObject({ data: { code: null, message: "Unsupported event received on socket: pusher:whatever" } });
    expect(server.sockets()).toBe(1);
  });
});

describe("subscriptions and delivery", () => {
  it("delivers a published event to a public subscriber as {event, channel, data} until it unsubscribes", async () => {
    const socket = await rawConnected();
    socket.send({ event: "pusher:subscribe", data: { channel: "news" } });
    expect(await socket.next()).toEqual({ event: "pusher_internal:subscription_succeeded", channel: "news", data: "{}" });
    await pusher.trigger(["news", "elsewhere"], "headline", { id: 1 });
    expect(await socket.next()).toEqual({ event: "headline", channel: "news", data: '{"id":1}' });

    socket.send({ event: "pusher:unsubscribe", data: { channel: "news" } });
    await until(() => server.subscriberCount("news") === 0);
    await pusher.trigger("news", "headline", { id: 2 });
    socket.send({ event: "pusher:ping", data: {} });
    // Delivery happens before the REST answer, so an event would have arrived before the pong.
    expect(await socket.next()).toMatchObject({ event: "pusher:pong" });
  });

  it("refuses a private subscription whose auth names another key or none", async () => {
    const socket = await rawConnected();
    socket.send({ event: "pusher:subscribe", data: { channel: "private-x", auth: "other-key:abc" } });
    expect(await socket.next()).toEqual({ event: "pusher:error", data: { code: null, message: "Invalid key in subscription auth data: 'other-key'" } });
    socket.send({ event: "pusher:subscribe", data: { channel: "private-x" } });
    expect(await socket.next()).toMatchObject({ data: { message: "Invalid key in subscription auth data: ''" } });
    expect(server.subscriberCount("private-x")).toBe(0);
    expect(server.refusedSubscriptions.map((r) => [r.socketId, r.channel])).toEqual([
      [socket.socketId, "private-x"],
      [socket.socketId, "private-x"],
    ]);
  });

  it("pusher-js subscribes to a private channel through customHandler + authorizeChannel and receives a REST event", async () => {
    const { instance, errors } = client();
    const channel = await subscribed(instance, "private-flux-project-1");
    expect(instance.connection.socket_id).toMatch(/^\d+\.\d+$/);
    expect(server.subscriberCount("private-flux-project-1")).toBe(1);
    const change = received(channel, "change");
    await pusher.trigger("private-flux-project-1", "change", { metrics: ["signups"] });
    expect(await change).toEqual({ metrics: ["signups"] });
    expect(errors).toEqual([]);
  });

  it("pusher-js is refused a private channel signed with the wrong secret, and gets none of its events", async () => {
    const { instance, errors } = client(new Pusher({ ...server.serverOptions, secret: "wrong-secret" }));
    await becomes(instance, "connected");
    const privateChannel = instance.subscribe("private-flux-project-2");
    await until(() => errors.length > 0);
    const socketId = instance.connection.socket_id;
    expect(errors[0]).toEqual({
      type: "PusherError",
      data: { code: null, message: expect.stringMatching(new RegExp(`^Invalid signature: Expected HMAC SHA256 hex digest of ${socketId}:private-flux-project-2, but got [0-9a-f]{64}$`)) },
    });
    expect(privateChannel.subscribed).toBe(false);
    expect(server.refusedSubscriptions).toEqual([expect.objectContaining({ socketId, channel: "private-flux-project-2" })]);

    const publicChannel = await subscribed(instance, "public-flux");
    const leaked: unknown[] = [];
    privateChannel.bind("change", (data: unknown) => leaked.push(data));
    const after = received(publicChannel, "change");
    await pusher.trigger("private-flux-project-2", "change", { secret: true });
    await pusher.trigger("public-flux", "change", { public: true });
    expect(await after).toEqual({ public: true });
    expect(leaked).toEqual([]);
  });

  it("leaves out the connection whose socket_id the publisher names", async () => {
    const [a, b] = [client(), client()];
    const [channelA, channelB] = await Promise.all([subscribed(a.instance, "private-room"), subscribed(b.instance, "private-room")]);
    const seenByA: unknown[] = [];
    channelA.bind("said", (data: unknown) => seenByA.push(data));
    const toB = received(channelB, "said");
    await pusher.trigger("private-room", "said", { n: 1 }, { socket_id: a.instance.connection.socket_id });
    expect(await toB).toEqual({ n: 1 });
    await pusher.trigger("private-room", "said", { n: 2 });
    await until(() => seenByA.length > 0);
    expect(seenByA).toEqual([{ n: 2 }]);
  });
});

describe("dropped connections", () => {
  it("pusher-js reconnects after dropConnections(), re-authorizes its private channel and receives again", async () => {
    const { instance } = client();
    const channel = await subscribed(instance, "private-flux-project-3");
    const firstSocket = instance.connection.socket_id;

    const resubscribed = new Promise<void>((resolve) => channel.bind("pusher:subscription_succeeded", () => resolve()));
    server.dropConnections();
    expect(server.sockets()).toBe(0);
    await becomes(instance, "connecting");
    await becomes(instance, "connected");
    await resubscribed;
    expect(instance.connection.socket_id).not.toBe(firstSocket);
    expect(server.sockets()).toBe(1);
    expect(server.subscriberCount("private-flux-project-3")).toBe(1);

    const change = received(channel, "change");
    await pusher.trigger("private-flux-project-3", "change", { after: "reconnect" });
    expect(await change).toEqual({ after: "reconnect" });
  });

  it("dropConnections({ code: 4200 }) closes as Pusher does and pusher-js reconnects at once", async () => {
    const { instance, errors } = client();
    await becomes(instance, "connected");
    server.dropConnections({ code: 4200, message: "Generic reconnect immediately" });
    await until(() => errors.length > 0);
    expect(errors[0]).toMatchObject({ data: { code: 4200, message: "Generic reconnect immediately" } });
    await becomes(instance, "connected");
    await until(() => server.sockets() === 1);
  });

  it("stop() closes every socket", async () => {
    const { instance } = client();
    await becomes(instance, "connected");
    await server.stop();
    expect(server.sockets()).toBe(0);
    await becomes(instance, "connecting");
  });
});
