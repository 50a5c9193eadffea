import { requirePermission, type Caller, type ShareCaller } from "@/lib/auth/caller";
import { env } from "@/lib/env";
import { FluxError } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/http/respond";
import { addLocalSubscriber, type LiveEvent } from "./local-subscribers";
import { ensureListening } from "./postgres-channel";

/** Headers of the event stream: never cached, never compressed or buffered by a proxy (it would hold events back). */
export const LIVE_STREAM_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  // The connection ends with the stream: a keep-alive socket left idle would hold a shutdown
  // for the keep-alive timeout.
  Connection: "close",
} as const;

/** A client this far behind (bytes queued and unread) is cut off; it reconnects and refetches. */
const MAX_QUEUED_BYTES = 64 * 1024;
const LISTEN_WAIT_MS = 5_000;

const holder = globalThis as unknown as { __fluxLiveConnections?: number; __fluxLiveShareConnections?: number; __fluxLiveFinishers?: Set<() => void> };
const finishers = (holder.__fluxLiveFinishers ??= new Set());

/**
 * Ends every open stream on this instance. On shutdown: Next.js closes the HTTP server and
 * waits for its connections, which an event stream never ends by itself; browsers reconnect
 * (to another instance behind a load balancer) and refetch.
 */
export function closeAllLiveStreams(): void {
  for (const finish of [...finishers]) finish();
}

/** Live connections open on this instance. */
export const openLiveConnections = () => holder.__fluxLiveConnections ?? 0;
/** Of those, share link visitors' (anyone holding a link may open them). */
const openShareConnections = () => holder.__fluxLiveShareConnections ?? 0;

/**
 * Visitors may hold at most half of an instance's connections, so whoever holds a public link
 * cannot take every slot and leave the project's members without live updates.
 */
export const maxShareConnections = (max: number) => Math.max(1, Math.floor(max / 2));

/**
 * Who the stream is for: a caller who may read the project receives every event; a share
 * link's visitor only what `translate` lets through (null drops an event), so a stream without
 * a translation can never be opened for a visitor.
 */
export type LiveStreamAudience =
  | { ctx: Caller; translate?: undefined }
  | { ctx: ShareCaller; translate: (event: LiveEvent) => LiveEvent | null };

/**
 * A server-sent event stream of one project's changes: `ready` once this instance listens,
 * then `change`, `alerts`, `resync` and a `ping` every heartbeat, until the client goes away or loses
 * access. Answers 503 when the instance holds its limit of connections or cannot LISTEN.
 */
export async function openLiveStream({ ctx, translate, signal, stillAllowed }: LiveStreamAudience & {
  signal: AbortSignal;
  stillAllowed: () => Promise<boolean>;
}): Promise<ReadableStream<Uint8Array>> {
  if (!translate || ctx.kind !== "share") requirePermission(ctx, "read");
  const pass = translate ?? ((event: LiveEvent) => event);
  const deniedMessage = ctx.kind === "share" ? "This share link was revoked or has expired" : "You no longer have access to this project";
  const e = env();
  const isShare = ctx.kind === "share";
  if (openLiveConnections() >= e.FLUX_LIVE_MAX_CONNECTIONS || (isShare && openShareConnections() >= maxShareConnections(e.FLUX_LIVE_MAX_CONNECTIONS))) {
    throw new FluxError({ code: "unavailable", message: "This Flux instance holds as many live connections as it may; retry shortly", retryAfterSeconds: 5 });
  }
  await listenWithin(LISTEN_WAIT_MS);

  const heartbeatMs = e.FLUX_LIVE_HEARTBEAT_SECONDS * 1000;
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        holder.__fluxLiveConnections = openLiveConnections() + 1;
        if (isShare) holder.__fluxLiveShareConnections = openShareConnections() + 1;
        let closed = false;
        const send = (event: string, data: unknown) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) return finish();
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        };
        const finish = () => {
          if (closed) return;
          closed = true;
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed by the client going away
          }
        };
        const unsubscribe = addLocalSubscriber(ctx.projectId, (received: LiveEvent) => {
          const event = pass(received);
          if (!event) return;
          if (event.kind === "change") send("change", event.change);
          else if (event.kind === "alerts") send("alerts", {});
          else send("resync", {});
        });
        const heartbeat = setInterval(() => send("ping", {}), heartbeatMs);
        const recheck = setInterval(() => {
          stillAllowed().then(
            (allowed) => {
              if (allowed) return;
              send("denied", { message: deniedMessage });
              finish();
            },
            // A database blip must not cut every stream; the next recheck decides.
            (error) => { if (!isDatabaseUnavailable(error)) console.error("[flux] live access recheck failed:", error); },
          );
        }, e.FLUX_LIVE_ACCESS_RECHECK_SECONDS * 1000);
        const onAbort = () => finish();
        signal.addEventListener("abort", onAbort);
        finishers.add(finish);
        cleanup = () => {
          cleanup = () => {};
          finishers.delete(finish);
          unsubscribe();
          clearInterval(heartbeat);
          clearInterval(recheck);
          signal.removeEventListener("abort", onAbort);
          holder.__fluxLiveConnections = Math.max(0, openLiveConnections() - 1);
          if (isShare) holder.__fluxLiveShareConnections = Math.max(0, openShareConnections() - 1);
        };
        // retry: the browser's own reconnect delay, should our back-off not be running.
        controller.enqueue(encoder.encode(`retry: 2000\n\n`));
        send("ready", { heartbeatMs });
        if (signal.aborted) finish();
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: MAX_QUEUED_BYTES, size: (chunk) => chunk.byteLength },
  );
}

async function listenWithin(ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FluxError({ code: "unavailable", message: "Live updates are unavailable: the database cannot be reached", retryAfterSeconds: 5 })), ms);
  });
  try {
    await Promise.race([ensureListening(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
