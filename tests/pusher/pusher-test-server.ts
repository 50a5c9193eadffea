import http from "node:http";
import type { AddressInfo } from "node:net";
import type { PublishedEvent, PusherApp, RefusedSubscription, RejectedRequest } from "./pusher-protocol";
import { handleRestRequest } from "./rest-api";
import { createSocketHub, type DropOptions } from "./socket-hub";

export type { PublishedEvent, PusherApp, RefusedSubscription, RejectedRequest } from "./pusher-protocol";
export type { DropOptions } from "./socket-hub";

export interface PusherTestServerOptions extends PusherApp {
  /** 0 (the default) lets the system pick a free port. */
  port?: number;
}

export interface PusherTestServer {
  host: "127.0.0.1";
  port: number;
  /** http://127.0.0.1:<port>; the WebSocket endpoint is ws://127.0.0.1:<port>/app/<key>. */
  url: string;
  /** Options for the `pusher` server library (`new Pusher(server.serverOptions)`). */
  serverOptions: { appId: string; key: string; secret: string; host: string; port: string; useTLS: false };
  /** Options for pusher-js (`new Pusher(key, { ...server.clientOptions, channelAuthorization })`). */
  clientOptions: { cluster: string; wsHost: string; wsPort: number; forceTLS: false; enabledTransports: ["ws"] };
  /** Every event the REST API accepted, in order. */
  published: PublishedEvent[];
  /** Every REST request refused, with Pusher's status and message. */
  rejected: RejectedRequest[];
  /** Every subscription the WebSocket side refused. */
  refusedSubscriptions: RefusedSubscription[];
  /** Open WebSocket connections that completed the handshake. */
  sockets(): number;
  /** Open connections subscribed to the channel. */
  subscriberCount(channel: string): number;
  /** The first published event (already recorded or yet to come) that matches. */
  waitForPublished(match?: (event: PublishedEvent) => boolean, timeoutMs?: number): Promise<PublishedEvent>;
  /** Cuts every connection like a network loss (close 1006); with `code`, closes as Pusher does. */
  dropConnections(options?: DropOptions): void;
  stop(): Promise<void>;
}

/**
 * A local stand-in for Pusher Channels: the REST API (events, batch_events) verified as Pusher
 * verifies it, and the WebSocket protocol 7, on one HTTP server at 127.0.0.1.
 */
export async function startPusherTestServer({ appId, key, secret, port = 0 }: PusherTestServerOptions): Promise<PusherTestServer> {
  const app: PusherApp = { appId, key, secret };
  const published: PublishedEvent[] = [];
  const rejected: RejectedRequest[] = [];
  const waiters = new Set<(event: PublishedEvent) => void>();
  const hub = createSocketHub(app);

  const api = {
    app,
    publish(events: PublishedEvent[]) {
      for (const event of events) {
        published.push(event);
        hub.deliver(event);
        for (const waiter of [...waiters]) waiter(event);
      }
    },
    reject: (refusal: RejectedRequest) => rejected.push(refusal),
  };

  const server = http.createServer((req, res) => {
    handleRestRequest(req, res, api).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`Internal error in the Pusher test server: ${String(error)}\n`);
    });
  });
  server.on("upgrade", (req, socket, head) => hub.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const boundPort = (server.address() as AddressInfo).port;

  let stopped: Promise<void> | null = null;
  return {
    host: "127.0.0.1",
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}`,
    serverOptions: { appId, key, secret, host: "127.0.0.1", port: String(boundPort), useTLS: false },
    clientOptions: { cluster: "local", wsHost: "127.0.0.1", wsPort: boundPort, forceTLS: false, enabledTransports: ["ws"] },
    published,
    rejected,
    refusedSubscriptions: hub.refusedSubscriptions,
    sockets: () => hub.sockets(),
    subscriberCount: (channel) => hub.subscriberCount(channel),
    waitForPublished(match = () => true, timeoutMs = 5_000) {
      const found = published.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (event: PublishedEvent) => {
          if (!match(event)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(event);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching event published within ${timeoutMs} ms; published: ${JSON.stringify(published.map((e) => [e.name, e.channels]))}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    dropConnections: (options) => hub.dropConnections(options),
    stop() {
      stopped ??= (async () => {
        await hub.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
