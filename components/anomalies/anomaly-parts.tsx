import type { AnomalyView } from "@/lib/anomaly/anomaly-schemas";
import { formatDateTime } from "@/lib/format/dates";
import { contributorText, kindLabel, tagsLabel } from "./anomaly-text";

// Small pieces the list and the detail page share. Server-renderable; every string from data
// is a React text child.

export function SeverityBadge({ severity }: { severity: AnomalyView["severity"] }) {
  return (
    <span className={`badge severity-${severity}`} data-testid="anomaly-severity" data-severity={severity}>
      {severity}
    </span>
  );
}

/** The series: its name and, for one tag set of a metric, the tags. */
export function SeriesName({ anomaly }: { anomaly: Pick<AnomalyView, "source" | "name" | "tags"> }) {
  const tags = tagsLabel(anomaly.tags);
  return (
    <span className="anomaly-series" data-testid="anomaly-series">
      <code data-testid="anomaly-name">{anomaly.name}</code>
      {tags && <span className="muted small anomaly-tags" data-testid="anomaly-tags"> {`{${tags}}`}</span>}
      <span className="muted small"> · {anomaly.source}</span>
    </span>
  );
}

export function EpisodeSpan({ anomaly }: { anomaly: Pick<AnomalyView, "startedAt" | "endedAt"> }) {
  return (
    <span className="small" data-testid="anomaly-span">
      {formatDateTime(anomaly.startedAt)} → {anomaly.endedAt ? formatDateTime(anomaly.endedAt) : <strong data-testid="anomaly-ongoing">ongoing</strong>}
    </span>
  );
}

export function Contributors({ anomaly }: { anomaly: Pick<AnomalyView, "contributors" | "kind"> }) {
  if (anomaly.contributors.length === 0) return null;
  return (
    <ul className="anomaly-contributors" data-testid="anomaly-contributors">
      {anomaly.contributors.map((c) => (
        <li key={`${c.key}=${c.value}`}>{contributorText(c, anomaly.kind)}</li>
      ))}
    </ul>
  );
}

/** Acknowledged / said normal, as marks beside the episode. */
export function EpisodeMarks({ anomaly }: { anomaly: Pick<AnomalyView, "acknowledgedAt" | "acknowledgedBy" | "feedback"> }) {
  return (
    <span className="row wrap anomaly-marks">
      {anomaly.acknowledgedAt && (
        <span className="badge" data-testid="anomaly-acknowledged" title={`Acknowledged ${formatDateTime(anomaly.acknowledgedAt)}${anomaly.acknowledgedBy ? ` by ${anomaly.acknowledgedBy}` : ""}`}>
          ✓ acknowledged
        </span>
      )}
      {anomaly.feedback === "normal" && (
        <span className="badge accent" data-testid="anomaly-normal">
          normal
        </span>
      )}
    </span>
  );
}

export { kindLabel };
