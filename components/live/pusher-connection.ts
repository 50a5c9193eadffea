import { PUSHER_ALERTS_EVENT, PUSHER_EVENT, type BrowserLiveConfig, type LiveEndpoint } from "@/lib/live/browser-config";
import type { LiveHandlers } from "./live-status";

type PusherConfig = Extract<BrowserLiveConfig, { transport: "pusher" }>;

/**
 * Pusher transport: pusher-js on the endpoint's private channel (the project's, or a shared
 * dashboard's), authorised by Flux (JSON to the endpoint's pusher-auth, which checks membership
 * or the share link). pusher-js reconnects by itself; each
 * reconnect after the first resyncs, since Pusher does not replay what was sent meanwhile.
 */
export function connectPusher(endpoint: LiveEndpoint, config: PusherConfig, handlers: LiveHandlers): () => void {
  let stopped = false;
  let disconnect = () => {};
  handlers.onStatus("connecting");
  void import("pusher-js").then(({ default: Pusher }) => {
    if (stopped) return;
    const pusher = new Pusher(config.key, {
      cluster: config.cluster,
      forceTLS: config.forceTLS,
      ...(config.wsHost ? { wsHost: config.wsHost, wsPort: config.wsPort, wssPort: config.wsPort } : {}),
      // WebSockets only: no HTTP fallbacks to other hosts, no stats beacons (the CSP allows just the socket).
      enabledTransports: ["ws", "wss"],
      disableStats: true,
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          fetch(endpoint.pusherAuthUrl, {
            method: "POST",
            headers: { ...endpoint.headers, "content-type": "application/json" },
            body: JSON.stringify({ socket_id: socketId, channel_name: channelName }),
          })
            .then(async (res) => (res.ok ? callback(null, await res.json()) : callback(new Error(`channel authorisation failed: HTTP ${res.status}`), null)))
            .catch((error: Error) => callback(error, null));
        },
      },
    });
    let everSubscribed = false;
    const channel = pusher.subscribe(endpoint.pusherChannel);
    channel.bind("pusher:subscription_succeeded", () => {
      handlers.onStatus("live");
      if (everSubscribed) handlers.onResync();
      everSubscribed = true;
    });
    channel.bind("pusher:subscription_error", () => handlers.onStatus("offline"));
    channel.bind(PUSHER_EVENT, (data: unknown) => handlers.onChange(typeof data === "string" ? safeParse(data) : data));
    channel.bind(PUSHER_ALERTS_EVENT, () => handlers.onAlerts());
    // pusher-js states: initialized, connecting, connected, unavailable (no connection for a
    // while; it keeps trying), failed (no WebSocket support), disconnected (we closed it).
    // A dropped socket stays "connected" until pusher-js retries a second later; it says so at once.
    pusher.connection.bind("connecting_in", () => handlers.onStatus(everSubscribed ? "reconnecting" : "connecting"));
    pusher.connection.bind("state_change", ({ current }: { current: string }) => {
      if (current === "connected") return; // live once the channel is subscribed again
      if (current === "connecting") handlers.onStatus(everSubscribed ? "reconnecting" : "connecting");
      else if (current !== "initialized") handlers.onStatus("offline");
    });
    disconnect = () => pusher.disconnect();
  });
  return () => {
    stopped = true;
    disconnect();
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
