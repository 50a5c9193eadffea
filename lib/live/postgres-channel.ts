import postgres from "postgres";
import { sql } from "@/lib/db/client";
import { databaseUrl } from "@/lib/env";
import { LiveChangeSchema, encodeChange, type LiveChange } from "./change-message";
import { deliverToAll, deliverToProject, type LiveEvent } from "./local-subscribers";
import { CATALOG_DELETIONS_CHANNEL, forgetCachedIds } from "@/lib/ingest/catalog-deletions";

// Fan-out between Flux instances through PostgreSQL: the instance that committed a batch
// NOTIFYs, every instance LISTENs on one connection of its own and hands the change to its
// open live connections. No third party, and as many instances as share the database.

export const LIVE_CHANNEL = "flux_live";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Sends one project's change to every instance (this one included, through its LISTEN). */
export async function notifyChange(projectId: string, change: LiveChange): Promise<void> {
  await sql({ pool: "ingest" })`select pg_notify(${LIVE_CHANNEL}, ${`${projectId} ${encodeChange(change)}`})`;
}

/** The payload that says a project's firing alerts changed; it names nothing else (pages refetch with their own access). */
const ALERTS_PAYLOAD = '{"kind":"alerts"}';

/** Tells every instance that one project's alerts changed. */
export async function notifyAlerts(projectId: string): Promise<void> {
  await sql({ pool: "ingest" })`select pg_notify(${LIVE_CHANNEL}, ${`${projectId} ${ALERTS_PAYLOAD}`})`;
}

/** Reads any flux_live payload: a change message or an alerts signal; null when malformed. */
export function parseLiveNotification(payload: string): { projectId: string; event: LiveEvent } | null {
  const space = payload.indexOf(" ");
  const projectId = payload.slice(0, space);
  if (space >= 0 && UUID.test(projectId) && payload.slice(space + 1) === ALERTS_PAYLOAD) return { projectId, event: { kind: "alerts" } };
  const message = parseNotification(payload);
  return message ? { projectId: message.projectId, event: { kind: "change", change: message.change } } : null;
}

/** Reads a NOTIFY change payload; anything malformed is dropped (the channel is open to every database role). */
export function parseNotification(payload: string): { projectId: string; change: LiveChange } | null {
  const space = payload.indexOf(" ");
  const projectId = payload.slice(0, space);
  if (space < 0 || !UUID.test(projectId)) return null;
  try {
    const parsed = LiveChangeSchema.safeParse(JSON.parse(payload.slice(space + 1)));
    return parsed.success ? { projectId, change: parsed.data as LiveChange } : null;
  } catch {
    return null;
  }
}

interface ListenerState {
  client: postgres.Sql;
  listening: Promise<void> | null;
  everListened: boolean;
  stopped: boolean;
}

const holder = globalThis as unknown as { __fluxLiveListener?: ListenerState };

/**
 * Starts this instance's LISTEN connection once (later calls wait for the same one). When the
 * connection is lost it is re-established with back-off, and every local subscriber is told
 * to resync: NOTIFYs sent while nobody listened are gone.
 */
export function ensureListening(): Promise<void> {
  let state = holder.__fluxLiveListener;
  if (!state) {
    // onnotify is postgres.js's own hook (its listen() is built on it) but missing from its
    // types; its listen() re-subscribes only once after a lost connection, we need to retry.
    const options = {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      connect_timeout: 10,
      fetch_types: false,
      onnotice: () => {},
      connection: { application_name: "flux-live" },
      onnotify: (channel: string, payload: string) => {
        if (channel === CATALOG_DELETIONS_CHANNEL) return forgetCachedIds();
        if (channel !== LIVE_CHANNEL) return;
        const message = parseLiveNotification(payload);
        if (message) deliverToProject(message.projectId, message.event);
      },
      onclose: () => {
        const s = holder.__fluxLiveListener;
        if (s && !s.stopped && !s.listening) s.listening = listenUntilDone(s);
      },
    };
    const client = postgres(databaseUrl(), options as postgres.Options<Record<string, never>>);
    state = holder.__fluxLiveListener = { client, listening: null, everListened: false, stopped: false };
    state.listening = listenUntilDone(state);
  }
  return state.listening ?? Promise.resolve();
}

async function listenUntilDone(state: ListenerState): Promise<void> {
  for (let attempt = 0; !state.stopped; attempt++) {
    try {
      await state.client.unsafe(`listen ${LIVE_CHANNEL}`);
      await state.client.unsafe(`listen ${CATALOG_DELETIONS_CHANNEL}`);
      state.listening = null;
      if (state.everListened) {
        deliverToAll({ kind: "resync" });
        forgetCachedIds();
      }
      state.everListened = true;
      return;
    } catch (error) {
      if (attempt === 0) console.error("[flux] live updates: cannot LISTEN, retrying:", (error as Error).message);
      // 250 ms doubling to 5 s, jittered: back quickly after a restart, gently during an outage.
      const delay = Math.min(250 * 2 ** attempt, 5_000) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
  state.listening = null;
}

/** Closes the LISTEN connection (tests, shutdown). */
export async function stopListening(): Promise<void> {
  const state = holder.__fluxLiveListener;
  if (!state) return;
  state.stopped = true;
  holder.__fluxLiveListener = undefined;
  await state.client.end({ timeout: 1 });
}
