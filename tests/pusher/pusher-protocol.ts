import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** The credentials of the one app the test server hosts, as on the Pusher dashboard. */
export interface PusherApp {
  appId: string;
  key: string;
  secret: string;
}

/** An event the REST API accepted: what the app under test really sent to "Pusher". */
export interface PublishedEvent {
  appId: string;
  /** Which endpoint carried it. */
  endpoint: "events" | "batch_events";
  name: string;
  channels: string[];
  /** The data string exactly as it was published (and as subscribers receive it). */
  data: string;
  /** `data` parsed as JSON, or undefined when it is not JSON. */
  parsedData: unknown;
  /** The publisher's socket_id, whose connection is left out of the delivery. */
  socketId?: string;
  receivedAt: Date;
}

/** A REST request the server refused, with the status and text Pusher would answer. */
export interface RejectedRequest {
  status: number;
  reason: string;
  method: string;
  path: string;
  receivedAt: Date;
}

/** A `pusher:subscribe` the WebSocket side refused (bad or missing auth, bad channel name). */
export interface RefusedSubscription {
  socketId: string;
  channel: string;
  message: string;
}

/*
 * Limits of hosted Pusher Channels (HTTP API reference, "Publishing events"): data under 10 KB,
 * 1 to 100 channels per event, channel names of at most 164 characters from this alphabet,
 * event names of at most 200 characters, at most 10 events per batch, and signed requests
 * valid for 600 s either side of the server's clock.
 */
export const LIMITS = {
  dataBytes: 10_240,
  channelsPerEvent: 100,
  channelNameLength: 164,
  eventNameLength: 200,
  eventsPerBatch: 10,
  timestampGraceSeconds: 600,
  activityTimeoutSeconds: 120,
  /** Not a Pusher limit: a cap so a runaway test cannot fill memory. */
  requestBodyBytes: 1_048_576,
} as const;

const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]+$/;
const SOCKET_ID = /^\d+\.\d+$/;

export const isValidChannelName = (name: unknown): name is string =>
  typeof name === "string" && name.length > 0 && name.length <= LIMITS.channelNameLength && CHANNEL_NAME.test(name);

export const isValidSocketId = (id: unknown): id is string => typeof id === "string" && SOCKET_ID.test(id);

/** Private (and private-encrypted) channels need a signed `auth`; presence is not hosted here. */
export const channelKind = (channel: string): "public" | "private" | "presence" =>
  channel.startsWith("private-") ? "private" : channel.startsWith("presence-") ? "presence" : "public";

export const hmacHex = (secret: string, text: string) => createHmac("sha256", secret).update(text, "utf8").digest("hex");

export const md5Hex = (body: Buffer) => createHash("md5").update(body).digest("hex");

/** Constant-time comparison of two strings (false when lengths differ). */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The string Pusher signs for a REST request: method, path and the query parameters other than
 * auth_signature, keys lower-cased and sorted, joined as `k=v` with `&` and values left
 * unescaped (Pusher's signature library and pusher-http-node's createSignedQueryString agree).
 */
export function stringToSign(method: string, path: string, query: Map<string, string>): string {
  const pairs = [...query.entries()]
    .filter(([key]) => key !== "auth_signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`);
  return [method.toUpperCase(), path, pairs.join("&")].join("\n");
}

/** What a channel's `auth` must sign: `socket_id:channel_name[:channel_data]`. */
export const channelAuthString = (socketId: string, channel: string, channelData?: string) =>
  channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;

/** Seconds as Pusher prints them in "Timestamp expired" messages: 2026-11-30T10:00:00Z. */
export const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
