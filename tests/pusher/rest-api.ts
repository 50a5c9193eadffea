import type http from "node:http";
import {
  LIMITS,
  hmacHex,
  isValidChannelName,
  isValidSocketId,
  isoSeconds,
  md5Hex,
  parseJson,
  sameText,
  stringToSign,
  type PublishedEvent,
  type PusherApp,
  type RejectedRequest,
} from "./pusher-protocol";

/** A refusal with the status and text hosted Pusher answers for it. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type EventFields = Pick<PublishedEvent, "name" | "channels" | "data" | "socketId">;

const ROUTE = /^\/apps\/([^/]+)\/(events|batch_events)$/;

export interface RestApi {
  app: PusherApp;
  /** Called once per accepted request with every event it carried, in order. */
  publish(events: PublishedEvent[]): void;
  reject(refusal: RejectedRequest): void;
}

/**
 * POST /apps/:appId/events and /apps/:appId/batch_events, checked in the order Pusher's
 * signature library does (key, version, timestamp, signature), then body_md5, then the body.
 */
export async function handleRestRequest(req: http.IncomingMessage, res: http.ServerResponse, api: RestApi) {
  const url = new URL(req.url ?? "/", "http://pusher.test");
  const method = req.method ?? "GET";
  try {
    const route = ROUTE.exec(url.pathname);
    if (!route) throw new Refusal(404, "Not found");
    if (method !== "POST") throw new Refusal(405, `Method ${method} not allowed: events are published with POST`);
    const body = await readBody(req);
    verifySignedRequest({ app: api.app, appId: route[1], method, path: url.pathname, query: url.searchParams, body });
    const events = parseEvents(route[2] as PublishedEvent["endpoint"], body);
    const receivedAt = new Date();
    api.publish(
      events.map((event) => ({ appId: api.app.appId, endpoint: route[2] as PublishedEvent["endpoint"], ...event, parsedData: parseJson(event.data), receivedAt })),
    );
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    api.reject({ status: error.status, reason: error.message, method, path: url.pathname, receivedAt: new Date() });
    res.writeHead(error.status, { "content-type": "text/plain; charset=utf-8" });
    res.end(`${error.message}\n`);
  }
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMITS.requestBodyBytes) throw new Refusal(413, `Request body too large: at most ${LIMITS.requestBodyBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

interface SignedRequest {
  app: PusherApp;
  appId: string;
  method: string;
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

function verifySignedRequest({ app, appId, method, path, query, body }: SignedRequest) {
  // Keys are matched case-insensitively, as Pusher's signature library lower-cases them.
  const params = new Map<string, string>();
  for (const [key, value] of query) params.set(key.toLowerCase(), value);

  const key = params.get("auth_key");
  if (key === undefined) throw new Refusal(401, "Missing parameter: auth_key");
  // Hosted Pusher answers 400 (not 401) for a key it does not know for this app.
  if (key !== app.key || appId !== app.appId) throw new Refusal(400, "Unknown auth_key");

  const version = params.get("auth_version");
  if (version === undefined) throw new Refusal(401, "Version required");
  if (version !== "1.0") throw new Refusal(401, "Version not supported");

  const timestamp = params.get("auth_timestamp");
  if (timestamp === undefined) throw new Refusal(401, "Timestamp required");
  const given = /^\d+$/.test(timestamp) ? Number(timestamp) : 0;
  const now = Math.floor(Date.now() / 1000);
  if (Math.abs(given - now) >= LIMITS.timestampGraceSeconds) {
    throw new Refusal(
      401,
      `Timestamp expired: Given timestamp (${isoSeconds(given)}) not within ${LIMITS.timestampGraceSeconds}s of server time (${isoSeconds(now)})`,
    );
  }

  const signed = stringToSign(method, path, params);
  const signature = params.get("auth_signature") ?? "";
  if (!sameText(signature, hmacHex(app.secret, signed))) {
    throw new Refusal(
      401,
      `Invalid signature: you should have sent HmacSHA256Hex(${JSON.stringify(signed)}, your_secret_key), but you sent ${JSON.stringify(signature)}`,
    );
  }

  // The signature covers body_md5, and body_md5 covers the body: together they pin the body.
  const bodyMd5 = params.get("body_md5");
  if (body.length > 0 && bodyMd5 === undefined) throw new Refusal(401, "Missing parameter: body_md5 (required for a request with a body)");
  if (bodyMd5 !== undefined && bodyMd5 !== md5Hex(body)) {
    throw new Refusal(401, `Invalid body_md5: the hex MD5 of the request body is ${md5Hex(body)}, but body_md5 was ${JSON.stringify(bodyMd5)}`);
  }
}

function parseEvents(endpoint: PublishedEvent["endpoint"], body: Buffer): EventFields[] {
  const json = parseJson(body.toString("utf8"));
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Refusal(400, "Expected the request body to be a JSON object");
  if (endpoint === "events") return [parseEvent(json as Record<string, unknown>, "events")];

  const batch = (json as Record<string, unknown>).batch;
  if (!Array.isArray(batch)) throw new Refusal(400, "Expected batch parameter to be an array of events");
  if (batch.length > LIMITS.eventsPerBatch) {
    throw new Refusal(400, `Batch too large: at most ${LIMITS.eventsPerBatch} events per batch, got ${batch.length}`);
  }
  // All or nothing: one bad event refuses the whole batch, so nothing is half published.
  return batch.map((event, index) => {
    if (event === null || typeof event !== "object" || Array.isArray(event)) throw new Refusal(400, `batch[${index}]: expected an event object`);
    try {
      return parseEvent(event as Record<string, unknown>, "batch_events");
    } catch (error) {
      if (error instanceof Refusal) throw new Refusal(error.status, `batch[${index}]: ${error.message}`);
      throw error;
    }
  });
}

function parseEvent(raw: Record<string, unknown>, endpoint: PublishedEvent["endpoint"]): EventFields {
  const { name, data, socket_id: socketId } = raw;
  if (typeof name !== "string" || name === "") throw new Refusal(400, "Expected name parameter to be a string");
  if (name.length > LIMITS.eventNameLength) throw new Refusal(400, `Event name too long: at most ${LIMITS.eventNameLength} characters, got ${name.length}`);
  if (typeof data !== "string") throw new Refusal(400, "Expected data parameter to be a string");
  const bytes = Buffer.byteLength(data, "utf8");
  if (bytes > LIMITS.dataBytes) throw new Refusal(413, `Payload too large: event data is ${bytes} bytes, at most ${LIMITS.dataBytes} are allowed`);

  const channels = eventChannels(raw, endpoint);
  for (const channel of channels) {
    if (!isValidChannelName(channel)) {
      throw new Refusal(
        400,
        `Invalid channel name: ${JSON.stringify(channel)} (1 to ${LIMITS.channelNameLength} characters of A-Z a-z 0-9 _ - = @ , . ;)`,
      );
    }
  }
  if (socketId !== undefined && !isValidSocketId(socketId)) throw new Refusal(400, `Invalid socket_id: ${JSON.stringify(socketId)}`);
  return { name, channels, data, ...(socketId === undefined ? {} : { socketId }) };
}

function eventChannels(raw: Record<string, unknown>, endpoint: PublishedEvent["endpoint"]): string[] {
  // A batch event names one channel (HTTP API reference); a single event may name up to 100.
  if (endpoint === "batch_events" || raw.channels === undefined) {
    if (typeof raw.channel !== "string") {
      throw new Refusal(400, endpoint === "batch_events" ? "Expected channel parameter to be a string" : "Expected channel or channels parameter");
    }
    return [raw.channel];
  }
  const { channels } = raw;
  if (!Array.isArray(channels) || channels.some((channel) => typeof channel !== "string")) {
    throw new Refusal(400, "Expected channels parameter to be an array of strings");
  }
  if (channels.length === 0) throw new Refusal(400, `Expected channels parameter to name 1 to ${LIMITS.channelsPerEvent} channels`);
  if (channels.length > LIMITS.channelsPerEvent) {
    throw new Refusal(400, `Too many channels: at most ${LIMITS.channelsPerEvent} per event, got ${channels.length}`);
  }
  return channels as string[];
}
