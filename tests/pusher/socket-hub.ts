import { randomInt } from "node:crypto";
import type http from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import {
  LIMITS,
  channelAuthString,
  channelKind,
  hmacHex,
  isValidChannelName,
  parseJson,
  sameText,
  type PublishedEvent,
  type PusherApp,
  type RefusedSubscription,
} from "./pusher-protocol";

interface Client {
  ws: WebSocket;
  socketId: string;
  channels: Set<string>;
}

export interface DropOptions {
  /**
   * Close with this Pusher close code after a `pusher:error` (4200: reconnect now, 4100: back
   * off, 4000-4099: do not reconnect) instead of cutting the TCP connection like a network loss.
   */
  code: number;
  message?: string;
}

export interface SocketHub {
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  deliver(event: PublishedEvent): void;
  sockets(): number;
  subscriberCount(channel: string): number;
  dropConnections(options?: DropOptions): void;
  refusedSubscriptions: RefusedSubscription[];
  close(): Promise<void>;
}

const PATH = /^\/app\/([^/]+)$/;
const SUPPORTED_PROTOCOL = "7";

const send = (ws: WebSocket, message: Record<string, unknown>) => {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
};

// pusher:error carries an object (not a JSON string); code null means "the connection stays".
const sendError = (ws: WebSocket, code: number | null, message: string) => send(ws, { event: "pusher:error", data: { code, message } });

function refuseConnection(ws: WebSocket, code: number, message: string) {
  sendError(ws, code, message);
  // A close reason is limited to 123 bytes; the full text went in the pusher:error.
  ws.close(code, Buffer.from(message).subarray(0, 123).toString());
}

/** The WebSocket side of Pusher Channels, protocol 7, for one app. */
export function createSocketHub(app: PusherApp): SocketHub {
  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<Client>();
  const refusedSubscriptions: RefusedSubscription[] = [];

  const newSocketId = () => {
    let id: string;
    do id = `${randomInt(1, 2 ** 40)}.${randomInt(1, 2 ** 40)}`;
    while ([...clients].some((client) => client.socketId === id));
    return id;
  };

  function accept(ws: WebSocket, url: URL) {
    ws.on("error", () => {});
    const path = PATH.exec(url.pathname);
    if (!path) return refuseConnection(ws, 4005, "Path not found");
    const key = decodeKey(path[1]);
    if (key !== app.key) return refuseConnection(ws, 4001, `App key ${key} not in this cluster. Did you forget to specify the cluster?`);
    // Protocols 1-3 are retired and a missing version means 1, so both are "unsupported" here.
    if (url.searchParams.get("protocol") !== SUPPORTED_PROTOCOL) {
      return refuseConnection(ws, 4007, `Unsupported protocol version: ${url.searchParams.get("protocol") ?? "none given"} (this server speaks 7)`);
    }

    const client: Client = { ws, socketId: newSocketId(), channels: new Set() };
    clients.add(client);
    ws.on("close", () => clients.delete(client));
    ws.on("message", (data, isBinary) => onMessage(client, data, isBinary));
    send(ws, {
      event: "pusher:connection_established",
      data: JSON.stringify({ socket_id: client.socketId, activity_timeout: LIMITS.activityTimeoutSeconds }),
    });
  }

  function onMessage(client: Client, data: RawData, isBinary: boolean) {
    if (isBinary) return sendError(client.ws, null, "Binary WebSocket frames are not supported");
    const message = parseJson(data.toString());
    if (message === null || typeof message !== "object" || typeof (message as { event?: unknown }).event !== "string") {
      return sendError(client.ws, null, "Invalid message: expected a JSON object with an event name");
    }
    const { event, data: payload } = message as { event: string; data?: unknown };
    const fields = (typeof payload === "string" ? parseJson(payload) : payload) as Record<string, unknown> | undefined;
    switch (event) {
      case "pusher:ping":
        return send(client.ws, { event: "pusher:pong", data: "{}" });
      case "pusher:pong":
        return;
      case "pusher:subscribe":
        return subscribe(client, fields ?? {});
      case "pusher:unsubscribe":
        if (typeof fields?.channel === "string") client.channels.delete(fields.channel);
        return;
      default:
        if (event.startsWith("client-")) {
          return sendError(client.ws, null, "To send client events, you must enable this feature in the Settings page of your dashboard.");
        }
        return sendError(client.ws, null, `Unsupported event received on socket: ${event}`);
    }
  }

  function subscribe(client: Client, fields: Record<string, unknown>) {
    const channel = fields.channel;
    const refuse = (message: string) => {
      refusedSubscriptions.push({ socketId: client.socketId, channel: String(channel), message });
      sendError(client.ws, null, message);
    };
    if (!isValidChannelName(channel)) return refuse(`Invalid channel name: ${JSON.stringify(channel)}`);
    const kind = channelKind(channel);
    if (kind === "presence") return refuse(`Presence channels are not supported by this test server: ${channel}`);
    if (kind === "private") {
      const auth = typeof fields.auth === "string" ? fields.auth : "";
      const colon = auth.indexOf(":");
      const authKey = colon < 0 ? auth : auth.slice(0, colon);
      if (authKey !== app.key) return refuse(`Invalid key in subscription auth data: '${authKey}'`);
      const signature = auth.slice(colon + 1);
      const signed = channelAuthString(client.socketId, channel, typeof fields.channel_data === "string" ? fields.channel_data : undefined);
      if (!sameText(signature, hmacHex(app.secret, signed))) {
        return refuse(`Invalid signature: Expected HMAC SHA256 hex digest of ${signed}, but got ${signature}`);
      }
    }
    client.channels.add(channel);
    send(client.ws, { event: "pusher_internal:subscription_succeeded", channel, data: "{}" });
  }

  return {
    refusedSubscriptions,
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, new URL(req.url ?? "/", "http://pusher.test")));
    },
    deliver(event) {
      for (const channel of event.channels) {
        for (const client of clients) {
          if (client.channels.has(channel) && client.socketId !== event.socketId) {
            send(client.ws, { event: event.name, channel, data: event.data });
          }
        }
      }
    },
    sockets: () => [...clients].filter((client) => client.ws.readyState === WebSocket.OPEN).length,
    subscriberCount: (channel) => [...clients].filter((client) => client.ws.readyState === WebSocket.OPEN && client.channels.has(channel)).length,
    dropConnections(options) {
      for (const client of [...clients]) {
        if (options) refuseConnection(client.ws, options.code, options.message ?? "Connection dropped by the test server");
        else client.ws.terminate();
      }
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
