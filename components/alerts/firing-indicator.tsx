"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { plainText } from "@/lib/format/escape-html";
import { formatDateTime } from "@/lib/format/dates";
import { bySeverityThenAge, firingCountLabel, firingFor, groupLabel, worstSeverity } from "./alert-format";
import { useFiringAlerts } from "./use-firing-alerts";
import { useNow } from "./use-now";

/**
 * The header's bell: how many alerts fire now, and a list (rule, severity, group, since) that
 * links to the alert settings. Follows the page's live connection, so it changes without a
 * reload when an alert fires or resolves.
 */
export function FiringIndicator({ projectId }: { projectId: string }) {
  const { data, error } = useFiringAlerts(projectId, { follow: true });
  const now = useNow();
  const menu = useRef<HTMLDetailsElement>(null);
  const settings = `/projects/${projectId}/settings/alerts`;
  const alerts = [...(data ?? [])].sort(bySeverityThenAge);
  const worst = worstSeverity(alerts);

  // A click elsewhere or Escape closes the list, as menus do.
  useEffect(() => {
    const close = (e: Event) => {
      const d = menu.current;
      if (!d?.open) return;
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !d.contains(e.target as Node)) d.open = false;
    };
    document.addEventListener("click", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("click", close);
      document.removeEventListener("keydown", close);
    };
  }, []);

  const label = error ? "Alerts unknown" : alerts.length ? firingCountLabel(alerts.length) : "No alerts";
  return (
    <details className="menu firing-indicator" ref={menu} data-testid="firing-indicator" data-count={data ? alerts.length : undefined} data-severity={worst ?? "none"}>
      <summary className={`btn small firing-badge${alerts.length ? ` firing ${worst}` : ""}`} aria-label={`Alerts: ${label}`} title={error ? `Could not load the firing alerts: ${error.message}` : label}>
        <BellIcon /> {alerts.length ? <span data-testid="firing-count">{firingCountLabel(alerts.length)}</span> : <span className="muted">{error ? "?" : "0"}</span>}
      </summary>
      <div className="menu-items firing-list" role="region" aria-label="Firing alerts">
        {alerts.length === 0 ? (
          <p className="small muted">{error ? "The firing alerts could not be loaded; retrying." : "Nothing is firing."}</p>
        ) : (
          <ul>
            {alerts.map((a) => (
              <li key={`${a.ruleId}:${a.groupKey}`} data-testid="firing-item" data-rule-id={a.ruleId}>
                <Link href={`${settings}#rule-${a.ruleId}`} onClick={() => { if (menu.current) menu.current.open = false; }}>
                  <span className={`severity ${a.severity}`}>{plainText(a.severity, 20)}</span>{" "}
                  <strong>{plainText(a.name, 120)}</strong>
                  {groupLabel(a.group) && <span className="small muted"> · {groupLabel(a.group)}</span>}
                  <span className="small muted" title={formatDateTime(a.since)}> · {firingFor(a.since, now)}</span>
                  {a.muted && <span className="small muted"> · muted</span>}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Link className="small" href={settings} onClick={() => { if (menu.current) menu.current.open = false; }}>Alert settings</Link>
      </div>
    </details>
  );
}

/** A bell drawn inline: emoji fonts are missing on many servers' browsers and in headless Chromium. */
function BellIcon() {
  return (
    <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
