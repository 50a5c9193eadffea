// How the browser subscribes to live updates; the server decides (lib/live/live-config.ts)
// and passes this to the dashboard page. Client-safe.

export const PUSHER_EVENT = "change";
/** The event that says the project's firing alerts changed (no data: the page refetches them). */
export const PUSHER_ALERTS_EVENT = "alerts";
const CHANNEL_PREFIX = "private-flux-project-";
const SHARE_CHANNEL_PREFIX = "private-flux-share-";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

export type BrowserLiveConfig =
  | { transport: "sse" }
  | { transport: "pusher"; key: string; cluster: string; wsHost?: string; wsPort?: number; forceTLS: boolean };

/** The private Pusher channel of one project. */
export const projectChannel = (projectId: string) => `${CHANNEL_PREFIX}${projectId}`;

/** The project a channel name stands for, or null when it names no project channel. */
export function projectOfChannel(channel: string): string | null {
  const m = new RegExp(`^${CHANNEL_PREFIX}(${UUID})$`).exec(channel);
  return m ? m[1] : null;
}

/** The private Pusher channel of one shared dashboard: its share links' visitors hear only it. */
export const shareChannel = (dashboardId: string) => `${SHARE_CHANNEL_PREFIX}${dashboardId}`;

/** Where a page's live connection goes: a project's own (members), or a share link's (visitors). */
export interface LiveEndpoint {
  /** The event stream (built-in transport). */
  sseUrl: string;
  /** The private channel (Pusher transport). */
  pusherChannel: string;
  /** Where pusher-js has the channel authorised. */
  pusherAuthUrl: string;
  /** Sent with the channel authorisation (a share link's password grant). */
  headers?: Record<string, string>;
}

export function projectLiveEndpoint(projectId: string): LiveEndpoint {
  return { sseUrl: `/api/v1/live?project=${encodeURIComponent(projectId)}`, pusherChannel: projectChannel(projectId), pusherAuthUrl: "/api/v1/live/pusher-auth" };
}

/**
 * A share link's visitor: the link's own stream and channel. The grant goes in the query
 * (EventSource sends no headers; the cookie may not reach an iframe) and in the header.
 */
export function sharedLiveEndpoint({ token, dashboardId, grant }: { token: string; dashboardId: string; grant?: string | null }): LiveEndpoint {
  const base = `/api/v1/shared/${encodeURIComponent(token)}`;
  return {
    sseUrl: `${base}/live${grant ? `?grant=${encodeURIComponent(grant)}` : ""}`,
    pusherChannel: shareChannel(dashboardId),
    pusherAuthUrl: `${base}/pusher-auth`,
    ...(grant ? { headers: { "x-flux-share-grant": grant } } : {}),
  };
}
