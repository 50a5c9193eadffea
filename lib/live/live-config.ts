import { env } from "@/lib/env";
import type { BrowserLiveConfig } from "./browser-config";

export interface PusherSettings {
  appId: string;
  key: string;
  secret: string;
  cluster?: string;
  host?: string;
  port?: number;
  useTLS: boolean;
}

/** The Pusher account or self-hosted Pusher-protocol server, or null for the built-in transport. */
export function pusherSettings(): PusherSettings | null {
  const e = env();
  if (!e.PUSHER_APP_ID || !e.PUSHER_KEY || !e.PUSHER_SECRET) return null;
  return {
    appId: e.PUSHER_APP_ID,
    key: e.PUSHER_KEY,
    secret: e.PUSHER_SECRET,
    cluster: e.PUSHER_CLUSTER,
    host: e.PUSHER_HOST,
    port: e.PUSHER_PORT,
    useTLS: e.PUSHER_USE_TLS === "true",
  };
}

/** What a browser needs to subscribe: never the secret. */
export function browserLiveConfig(): BrowserLiveConfig {
  const pusher = pusherSettings();
  if (!pusher) return { transport: "sse" };
  return {
    transport: "pusher",
    key: pusher.key,
    cluster: pusher.cluster ?? "mt1",
    ...(pusher.host ? { wsHost: pusher.host, wsPort: pusher.port ?? (pusher.useTLS ? 443 : 80) } : {}),
    forceTLS: pusher.useTLS,
  };
}

/** The WebSocket origins a page must be allowed to reach (Content-Security-Policy connect-src). */
export function liveConnectSources(): string[] {
  const config = browserLiveConfig();
  if (config.transport !== "pusher") return [];
  const scheme = config.forceTLS ? "wss" : "ws";
  if (config.wsHost) return [`${scheme}://${config.wsHost}:${config.wsPort}`];
  return [`${scheme}://ws-${config.cluster}.pusher.com`];
}
