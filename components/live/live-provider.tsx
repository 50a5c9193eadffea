"use client";

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { LiveChangeSchema, type LiveChange } from "@/lib/live/change-message";
import { projectLiveEndpoint, type BrowserLiveConfig, type LiveEndpoint } from "@/lib/live/browser-config";
import { connectPusher } from "./pusher-connection";
import { connectSse } from "./sse-connection";
import type { LiveStatus } from "./live-status";

export type LiveEvent = { kind: "change"; change: LiveChange } | { kind: "resync" };
type Listener = (event: LiveEvent) => void;
/** Told when the project's firing alerts changed, or may have while the connection was down. */
type AlertsListener = () => void;

interface LiveContextValue {
  status: LiveStatus;
  subscribe(listener: Listener): () => void;
  subscribeAlerts(listener: AlertsListener): () => void;
}

const LiveContext = createContext<LiveContextValue | null>(null);

/**
 * One live connection per page of a project, shared by everything on it (widgets, the header's
 * firing alerts). The project layout opens it; a provider inside another one (dashboards and
 * catalog charts keep theirs, for pages outside a project layout) reuses the outer connection
 * instead of opening a second stream. A shared dashboard passes its share link's `endpoint`
 * (lib/live/browser-config.ts) instead of the project's.
 */
export function LiveProvider({ config, children, ...where }: { config: BrowserLiveConfig; children: ReactNode } & ({ projectId: string; endpoint?: undefined } | { projectId?: undefined; endpoint: LiveEndpoint })) {
  const outer = useContext(LiveContext);
  if (outer) return <>{children}</>;
  return <LiveConnection endpoint={where.endpoint ?? projectLiveEndpoint(where.projectId)} config={config}>{children}</LiveConnection>;
}

function LiveConnection({ endpoint, config, children }: { endpoint: LiveEndpoint; config: BrowserLiveConfig; children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const listeners = useRef(new Set<Listener>());
  const alertsListeners = useRef(new Set<AlertsListener>());
  const configKey = JSON.stringify(config);
  const endpointKey = JSON.stringify(endpoint);

  useEffect(() => {
    const emit = (event: LiveEvent) => listeners.current.forEach((l) => l(event));
    const emitAlerts = () => alertsListeners.current.forEach((l) => l());
    const handlers = {
      onChange: (raw: unknown) => {
        // Whatever arrives is checked: a malformed message is dropped, never trusted.
        const parsed = LiveChangeSchema.safeParse(raw);
        if (parsed.success) emit({ kind: "change", change: parsed.data as LiveChange });
      },
      onAlerts: emitAlerts,
      // Messages may have been missed: alerts as well as widgets catch up.
      onResync: () => {
        emit({ kind: "resync" });
        emitAlerts();
      },
      onStatus: setStatus,
    };
    const chosen = JSON.parse(configKey) as BrowserLiveConfig;
    const target = JSON.parse(endpointKey) as LiveEndpoint;
    return chosen.transport === "pusher" ? connectPusher(target, chosen, handlers) : connectSse(target, handlers);
  }, [endpointKey, configKey]);

  const [value] = useState<Omit<LiveContextValue, "status">>(() => ({
    subscribe(listener: Listener) {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
    subscribeAlerts(listener: AlertsListener) {
      alertsListeners.current.add(listener);
      return () => alertsListeners.current.delete(listener);
    },
  }));
  return <LiveContext.Provider value={{ ...value, status }}>{children}</LiveContext.Provider>;
}

/** The connection's state; "offline" outside a provider (nothing is live there). */
export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext)?.status ?? "offline";
}

/** Calls the latest `listener` with every change and resync, for as long as the component is mounted. */
export function useLiveEvents(listener: Listener): void {
  const context = useContext(LiveContext);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  const subscribe = context?.subscribe;
  useEffect(() => subscribe?.((event) => latest.current(event)), [subscribe]);
}

/** Calls the latest `listener` whenever the project's firing alerts may have changed. */
export function useLiveAlerts(listener: AlertsListener): void {
  const context = useContext(LiveContext);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  const subscribe = context?.subscribeAlerts;
  useEffect(() => subscribe?.(() => latest.current()), [subscribe]);
}
