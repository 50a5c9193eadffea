import Pusher from "pusher";
import { requirePermission, type Caller, type ShareCaller } from "@/lib/auth/caller";
import { FluxError } from "@/lib/errors";
import { encodeChange, type LiveChange } from "./change-message";
import { PUSHER_ALERTS_EVENT, PUSHER_EVENT, projectChannel, projectOfChannel, shareChannel } from "./browser-config";
import type { PusherAuthInput, ShareChannelAuthInput } from "./pusher-auth-input";
import { pusherSettings } from "./live-config";

const holder = globalThis as unknown as { __fluxPusher?: Pusher };

function client(): Pusher | null {
  const settings = pusherSettings();
  if (!settings) return null;
  const base = { appId: settings.appId, key: settings.key, secret: settings.secret, useTLS: settings.useTLS, timeout: 5_000 };
  return (holder.__fluxPusher ??= settings.host
    ? new Pusher({ ...base, host: settings.host, ...(settings.port ? { port: String(settings.port) } : {}) })
    : new Pusher({ ...base, cluster: settings.cluster ?? "mt1" }));
}

export const pusherConfigured = () => pusherSettings() !== null;

/** Publishes one project's change on its private channel through Pusher's REST API. */
export async function triggerPusherChange(projectId: string, change: LiveChange): Promise<void> {
  const pusher = client();
  if (!pusher) return;
  await pusher.trigger(projectChannel(projectId), PUSHER_EVENT, encodeChange(change));
}

/** Says on the project's private channel that its firing alerts changed; the data names nothing. */
export async function triggerPusherAlerts(projectId: string): Promise<void> {
  const pusher = client();
  if (!pusher) return;
  await pusher.trigger(projectChannel(projectId), PUSHER_ALERTS_EVENT, "{}");
}

/**
 * Publishes a shared dashboard's part of a change on its share channel (already filtered to the
 * names its widgets read: visitors subscribed there must learn nothing else).
 */
export async function triggerPusherShareChange(dashboardId: string, change: LiveChange): Promise<void> {
  const pusher = client();
  if (!pusher) return;
  await pusher.trigger(shareChannel(dashboardId), PUSHER_EVENT, encodeChange(change));
}

function configuredClient(): Pusher {
  const pusher = client();
  if (!pusher) throw new FluxError({ code: "not_found", message: "Live updates use the built-in transport here: Pusher is not configured" });
  return pusher;
}

/**
 * Signs a browser's subscription to a project's private channel: only for a caller who may
 * read that project (members and keys; never a share link's visitor). Pusher then lets that
 * socket join it.
 */
export function authorizeLiveChannel({ ctx, input }: { ctx: Caller; input: PusherAuthInput }): { auth: string } {
  const pusher = configuredClient();
  if (projectOfChannel(input.channel_name) !== ctx.projectId) throw new FluxError({ code: "not_found", message: "Project not found" });
  requirePermission(ctx, "read");
  const { auth } = pusher.authorizeChannel(input.socket_id, input.channel_name);
  return { auth };
}

/** Signs a visitor's subscription to its shared dashboard's channel; any other channel is not found. */
export function authorizeShareChannel({ ctx, input }: { ctx: ShareCaller; input: ShareChannelAuthInput }): { auth: string } {
  const pusher = configuredClient();
  if (input.channel_name !== shareChannel(ctx.dashboardId)) throw new FluxError({ code: "not_found", message: "A share link may follow its own dashboard's channel only" });
  const { auth } = pusher.authorizeChannel(input.socket_id, input.channel_name);
  return { auth };
}
