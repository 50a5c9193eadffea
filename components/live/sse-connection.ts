import type { LiveEndpoint } from "@/lib/live/browser-config";
import { OFFLINE_AFTER_FAILURES, backoffMs, type LiveHandlers } from "./live-status";

/** How long a tab may stay hidden before its stream is let go. */
const HIDDEN_GRACE_MS = 10_000;

/**
 * The built-in transport: an EventSource on the endpoint's stream (/api/v1/live, or a share
 * link's) with our own back-off (EventSource
 * gives up for good on an HTTP error, and retries at a fixed pace otherwise) and a watchdog
 * that treats a stream silent for 2.5 heartbeats as dead (a half-open TCP connection never
 * errors). Every reconnect after the first resyncs: changes sent meanwhile are lost.
 */
export function connectSse(endpoint: LiveEndpoint, handlers: LiveHandlers): () => void {
  let source: EventSource | null = null;
  let failures = 0;
  let everReady = false;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let heartbeatMs = 15_000;

  const feed = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => fail(), heartbeatMs * 2.5);
  };
  const fail = () => {
    source?.close();
    source = null;
    clearTimeout(watchdog);
    if (stopped) return;
    failures++;
    handlers.onStatus(failures >= OFFLINE_AFTER_FAILURES || !navigator.onLine ? "offline" : "reconnecting");
    retryTimer = setTimeout(open, navigator.onLine ? backoffMs(failures) : 60_000);
  };
  const open = () => {
    clearTimeout(retryTimer);
    if (stopped) return;
    source?.close();
    const s = (source = new EventSource(endpoint.sseUrl));
    s.addEventListener("ready", (e) => {
      const data = parse((e as MessageEvent).data) as { heartbeatMs?: unknown } | null;
      if (typeof data?.heartbeatMs === "number" && data.heartbeatMs > 0) heartbeatMs = data.heartbeatMs;
      feed();
      failures = 0;
      handlers.onStatus("live");
      if (everReady) handlers.onResync();
      everReady = true;
    });
    s.addEventListener("change", (e) => {
      feed();
      const change = parse((e as MessageEvent).data);
      if (change) handlers.onChange(change);
    });
    s.addEventListener("alerts", () => { feed(); handlers.onAlerts(); });
    s.addEventListener("resync", () => { feed(); handlers.onResync(); });
    s.addEventListener("ping", feed);
    s.addEventListener("denied", () => fail());
    s.onerror = () => { if (source === s) fail(); };
  };
  // Back online: try at once rather than waiting out the back-off.
  const online = () => { if (!source && !stopped) open(); };
  // Browsers allow six HTTP/1.1 connections per host across all tabs, and each open stream
  // holds one: a tab hidden for a while lets its stream go, and catches up when shown again.
  let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  const visibility = () => {
    clearTimeout(hiddenTimer);
    if (document.visibilityState === "hidden") {
      hiddenTimer = setTimeout(() => {
        source?.close();
        source = null;
        clearTimeout(watchdog);
        clearTimeout(retryTimer);
      }, HIDDEN_GRACE_MS);
    } else if (!source && !stopped) {
      handlers.onStatus("connecting");
      failures = 0;
      open();
    }
  };
  window.addEventListener("online", online);
  document.addEventListener("visibilitychange", visibility);
  handlers.onStatus("connecting");
  open();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    clearTimeout(watchdog);
    clearTimeout(hiddenTimer);
    window.removeEventListener("online", online);
    document.removeEventListener("visibilitychange", visibility);
    source?.close();
  };
}

function parse(data: unknown): unknown {
  try {
    return typeof data === "string" ? JSON.parse(data) : null;
  } catch {
    return null;
  }
}
