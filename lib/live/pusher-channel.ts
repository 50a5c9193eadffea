import Pusher from "pusher";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { FluxError } from "@/lib/errors";
import { encodeChange, type LiveChange } from "./change-message";
import { PUSHER_ALERTS_EVENT, PUSHER_EVENT, projectChannel, projectOfChannel } from "./browser-config";
import type { PusherAuthInput } from "./pusher-auth-input";
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
 * Signs a browser's subscription to a project's private channel: only for a caller who may
 * read that project (members; share links later). Pusher then lets that socket join it.
 */
export function authorizeLiveChannel({ ctx, input }: { ctx: Caller; input: PusherAuthInput }): { auth: string } {
  const pusher = client();
  if (!pusher) throw new FluxError({ code: "not_found", message: "Live updates use the built-in transport here: Pusher is not configured" });
  if (projectOfChannel(input.channel_name) !== ctx.projectId) throw new FluxError({ code: "not_found", message: "Project not found" });
  requirePermission(ctx, "read");
  const { auth } = pusher.authorizeChannel(input.socket_id, input.channel_name);
  return { auth };
}
