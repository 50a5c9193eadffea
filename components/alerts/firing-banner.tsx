"use client";

import Link from "next/link";
import { plainText } from "@/lib/format/escape-html";
import { formatDateTime } from "@/lib/format/dates";
import { bySeverityThenAge, firingFor, groupLabel, worstSeverity } from "./alert-format";
import { useFiringAlerts } from "./use-firing-alerts";
import { useNow } from "./use-now";

/** Shown while at most this many alerts fire; more are counted, not listed. */
const LISTED = 5;

/**
 * Which rules fire now, above a dashboard. Reads the same cached list as the header's bell
 * (which follows the live connection), so both change together without a reload.
 */
export function FiringBanner({ projectId }: { projectId: string }) {
  const { data } = useFiringAlerts(projectId);
  const now = useNow();
  if (!data || data.length === 0) return null;
  const alerts = [...data].sort(bySeverityThenAge);
  const settings = `/projects/${projectId}/settings/alerts`;
  return (
    <div className={`firing-banner ${worstSeverity(alerts) ?? ""}`} role="status" data-testid="firing-banner">
      <strong>{alerts.length === 1 ? "1 alert is firing" : `${alerts.length} alerts are firing`}:</strong>
      <ul>
        {alerts.slice(0, LISTED).map((a) => (
          <li key={`${a.ruleId}:${a.groupKey}`} data-testid="firing-banner-item">
            <Link href={`${settings}#rule-${a.ruleId}`}>{plainText(a.name, 120)}</Link>
            {groupLabel(a.group) && <span className="muted"> ({groupLabel(a.group)})</span>}
            <span className="muted" title={formatDateTime(a.since)}> · {plainText(a.severity, 20)} · {firingFor(a.since, now)}</span>
            {a.message && <span className="small muted"> · {plainText(a.message, 160)}</span>}
          </li>
        ))}
        {alerts.length > LISTED && <li className="muted"><Link href={settings}>and {alerts.length - LISTED} more</Link></li>}
      </ul>
    </div>
  );
}
