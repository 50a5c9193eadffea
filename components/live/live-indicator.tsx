"use client";

import { useLiveStatus } from "./live-provider";

const LABEL = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline" } as const;
const TITLE = {
  connecting: "Connecting to live updates",
  live: "New data appears as it arrives",
  reconnecting: "The live connection dropped; reconnecting. Widgets catch up when it is back.",
  offline: "Live updates are unreachable; still trying. Use Refresh now or auto-refresh meanwhile.",
} as const;

/** Live / reconnecting / offline, next to the dashboard's time controls. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span className={`live-indicator ${status}`} data-testid="live-status" data-state={status} role="status" title={TITLE[status]}>
      <span className="live-dot" aria-hidden="true" />
      {LABEL[status]}
    </span>
  );
}
