/** What the dashboard says about its live connection. */
export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";

/** Consecutive failed attempts after which "reconnecting" becomes "offline" (attempts go on, slower). */
export const OFFLINE_AFTER_FAILURES = 4;

/** Reconnect delay after `failures` failed attempts: 0.5 s doubling to 30 s, jittered so instances do not stampede. */
export function backoffMs(failures: number, random = Math.random()): number {
  const base = Math.min(500 * 2 ** Math.max(0, failures - 1), 30_000);
  return Math.round(base * (0.5 + random / 2));
}

export interface LiveHandlers {
  onChange(change: unknown): void;
  /** The project's firing alerts changed: whoever shows them refetches. */
  onAlerts(): void;
  /** Changes may have been missed (a reconnect): everything refetches. */
  onResync(): void;
  onStatus(status: LiveStatus): void;
}
