// How the browser subscribes to live updates; the server decides (lib/live/live-config.ts)
// and passes this to the dashboard page. Client-safe.

export const PUSHER_EVENT = "change";
/** The event that says the project's firing alerts changed (no data: the page refetches them). */
export const PUSHER_ALERTS_EVENT = "alerts";
const CHANNEL_PREFIX = "private-flux-project-";

export type BrowserLiveConfig =
  | { transport: "sse" }
  | { transport: "pusher"; key: string; cluster: string; wsHost?: string; wsPort?: number; forceTLS: boolean };

/** The private Pusher channel of one project. */
export const projectChannel = (projectId: string) => `${CHANNEL_PREFIX}${projectId}`;

/** The project a channel name stands for, or null when it names no project channel. */
export function projectOfChannel(channel: string): string | null {
  const m = /^private-flux-project-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(channel);
  return m ? m[1] : null;
}
