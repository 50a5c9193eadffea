import { onBatchCommitted, type BatchCommitted } from "@/lib/ingest/after-commit";
import { env } from "@/lib/env";
import { createChangeThrottle } from "./change-throttle";
import type { LiveChange } from "./change-message";
import { closeAllLiveStreams } from "./live-stream";
import { ensureListening, notifyChange } from "./postgres-channel";
import { pusherConfigured, triggerPusherChange, triggerPusherShareChange } from "./pusher-channel";
import { cachedLiveSharedDashboards, changeForShare } from "@/lib/sharing/share-live";

const holder = globalThis as unknown as { __fluxLiveUpdates?: () => void };

/** What a committed batch changed, as a live message. */
export function changeOfBatch(batch: BatchCommitted): LiveChange {
  return { metrics: batch.metricNames, events: batch.eventNames, from: batch.minTime.toISOString(), to: batch.maxTime.toISOString() };
}

/**
 * Publishes every committed batch, throttled per project: through PostgreSQL NOTIFY to every
 * instance's SSE streams, and through Pusher too when it is configured. Started once per
 * process by instrumentation.ts; returns the stop function.
 */
export function startLiveUpdates(): () => void {
  if (holder.__fluxLiveUpdates) return holder.__fluxLiveUpdates;
  const throttle = createChangeThrottle({ intervalMs: env().FLUX_LIVE_THROTTLE_MS, publish });
  const unsubscribe = onBatchCommitted((batch) => {
    if (batch.metricNames.length + batch.eventNames.length === 0) return;
    throttle.add(batch.projectId, changeOfBatch(batch));
  });
  const stop = () => {
    unsubscribe();
    throttle.flush();
    holder.__fluxLiveUpdates = undefined;
  };
  holder.__fluxLiveUpdates = stop;
  // Listening from the start, not only once a browser follows: the same connection tells
  // ingest when another instance deleted a metric (lib/ingest/catalog-deletions.ts).
  ensureListening().catch((error) => console.error("[flux] cannot LISTEN:", (error as Error).message));
  // Beside Next.js's own handlers, which wait for open connections before exiting.
  const shutdown = () => {
    stop();
    closeAllLiveStreams();
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  return stop;
}

function publish(projectId: string, change: LiveChange): void {
  notifyChange(projectId, change).catch((error) => console.error("[flux] live update not sent (NOTIFY):", (error as Error).message));
  if (pusherConfigured()) {
    triggerPusherChange(projectId, change).catch((error) => console.error("[flux] live update not sent (Pusher):", (error as Error).message));
    publishToShares(projectId, change).catch((error) => console.error("[flux] live update not sent to shared dashboards (Pusher):", (error as Error).message));
  }
}

/**
 * Pusher visitors of share links subscribe to their dashboard's channel, not the project's: each
 * shared dashboard gets the change cut down to the names its widgets read, or nothing. (SSE
 * visitors' streams filter the same way as they send, lib/sharing/share-live.ts.)
 */
async function publishToShares(projectId: string, change: LiveChange): Promise<void> {
  const shared = await cachedLiveSharedDashboards(projectId);
  await Promise.all(
    shared.map(({ dashboardId, names }) => {
      const filtered = changeForShare(change, names);
      return filtered ? triggerPusherShareChange(dashboardId, filtered) : undefined;
    }),
  );
}
