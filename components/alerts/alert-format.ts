import { plainText } from "@/lib/format/escape-html";

// How alert states read on screen. Client-safe and pure: the header, the banner and the
// settings pages say the same thing the same way.

/** How long something has been going on, from `since` to `now`: "just now", "4 min", "2 h 5 min", "3 d 4 h". */
export function formatDuration(since: string, now: number): string {
  const ms = now - Date.parse(since);
  if (!Number.isFinite(ms) || ms < 60_000) return "just now";
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** How long an alert has been firing, as a phrase: "for 4 min", or "since just now" (never "for just now"). */
export function firingFor(since: string, now: number): string {
  const duration = formatDuration(since, now);
  return duration === "just now" ? "since just now" : `for ${duration}`;
}

/** A group as "country=DE, plan=pro" (keys sorted), or "" for a rule without group-by. Display text only. */
export function groupLabel(group: Record<string, string> | null | undefined): string {
  const entries = Object.entries(group ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return plainText(entries.map(([k, v]) => `${k}=${v}`).join(", "), 120);
}

/** "1 firing", "2 firing": what the header's badge says. */
export const firingCountLabel = (n: number) => `${n} firing`;

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;
export type AlertSeverity = keyof typeof SEVERITY_ORDER;

/** Most severe first, then the longest firing first. */
export function bySeverityThenAge<T extends { severity: string; since: string }>(a: T, b: T): number {
  const sa = SEVERITY_ORDER[a.severity as AlertSeverity] ?? 3;
  const sb = SEVERITY_ORDER[b.severity as AlertSeverity] ?? 3;
  return sa - sb || Date.parse(a.since) - Date.parse(b.since);
}

/** The most severe level among firing alerts, which colours the badge. */
export function worstSeverity(alerts: { severity: string }[]): AlertSeverity | null {
  let worst: AlertSeverity | null = null;
  for (const a of alerts) {
    const s = a.severity as AlertSeverity;
    if (!(s in SEVERITY_ORDER)) continue;
    if (worst === null || SEVERITY_ORDER[s] < SEVERITY_ORDER[worst]) worst = s;
  }
  return worst;
}

/** "4 min ago", or "just now". */
export function formatAgo(since: string, now: number): string {
  const d = formatDuration(since, now);
  return d === "just now" ? d : `${d} ago`;
}
