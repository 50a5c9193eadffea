import { env } from "@/lib/env";
import { notifyAlerts } from "./postgres-channel";
import { pusherConfigured, triggerPusherAlerts } from "./pusher-channel";
import { createSignalThrottle } from "./signal-throttle";

const holder = globalThis as unknown as { __fluxAlertsSignal?: (projectId: string) => Promise<void> };

/**
 * Tells every open page of the project (on every instance) that its firing alerts changed, so
 * they refetch GET /api/v1/alerts/firing with their own access: the message names no rule or
 * value, since the NOTIFY channel is open to every database role and Pusher is a third party.
 * Throttled per project like change messages (one evaluation may commit many transitions); the
 * promise resolves once a signal sent after the call has gone out, and never rejects: a lost
 * live message must not fail the alert work that called it.
 */
export function publishAlertsChanged(projectId: string): Promise<void> {
  holder.__fluxAlertsSignal ??= createSignalThrottle({ intervalMs: env().FLUX_LIVE_THROTTLE_MS, send: sendAlertsSignal });
  return holder.__fluxAlertsSignal(projectId);
}

/** Sends one alerts signal through every transport; a failing transport is logged, not thrown. */
export async function sendAlertsSignal(projectId: string): Promise<void> {
  const sends = [notifyAlerts(projectId).catch((error) => console.error("[flux] alerts signal not sent (NOTIFY):", (error as Error).message))];
  if (pusherConfigured()) {
    sends.push(triggerPusherAlerts(projectId).catch((error) => console.error("[flux] alerts signal not sent (Pusher):", (error as Error).message)));
  }
  await Promise.all(sends);
}
