import Link from "next/link";
import type { AnomalyView } from "@/lib/anomaly/anomaly-schemas";
import { formatNumber } from "@/lib/format/format-value";
import { Contributors, EpisodeMarks, EpisodeSpan, SeriesName, SeverityBadge } from "./anomaly-parts";
import { durationText, kindLabel } from "./anomaly-text";

/** The anomalies list: one row per episode, each opening its detail page. */
export function AnomalyTable({ anomalies, detailHref, now }: { anomalies: AnomalyView[]; detailHref: (id: string) => string; now: number }) {
  return (
    <table className="list stack-on-phone anomaly-list" aria-label="Anomalies">
      <thead>
        <tr><th>Severity</th><th>Kind</th><th>Series</th><th>When</th><th>What happened</th><th>Marks</th></tr>
      </thead>
      <tbody>
        {anomalies.map((a) => (
          <tr key={a.id} data-testid="anomaly-row" data-anomaly-id={a.id} data-status={a.status}>
            <td data-label="Severity"><SeverityBadge severity={a.severity} /></td>
            <td data-label="Kind">
              <Link href={detailHref(a.id)} prefetch={false} data-testid="anomaly-kind">{kindLabel(a.kind)}</Link>
            </td>
            <td data-label="Series" className="anomaly-cell"><SeriesName anomaly={a} /></td>
            <td data-label="When">
              <EpisodeSpan anomaly={a} />
              <div className="muted small">{durationText(a.startedAt, a.endedAt, now)}</div>
            </td>
            <td data-label="What happened" className="anomaly-cell">
              <div className="anomaly-explanation" data-testid="anomaly-explanation">{a.explanation}</div>
              <Contributors anomaly={a} />
            </td>
            <td data-label="Marks"><EpisodeMarks anomaly={a} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** No episode yet: what Flux watches here, and that it found nothing so far. */
export function WatchingEmptyState({ projectId, metrics, events }: { projectId: string; metrics: number; events: number }) {
  const watched = metrics + events;
  return (
    <div className="empty-state stack" data-testid="anomalies-empty">
      <h2>No anomalies yet</h2>
      {watched > 0 ? (
        <p>
          Flux watches every series of this project&apos;s {formatNumber(metrics, { compact: false })} {metrics === 1 ? "metric" : "metrics"} and{" "}
          {formatNumber(events, { compact: false })} event {events === 1 ? "stream" : "streams"}, each against its own history (level, trend, time of day and
          day of week), and has found nothing unusual so far.
        </p>
      ) : (
        <p>
          Flux watches every metric series and event stream of this project against its own history, but nothing has been sent yet. The{" "}
          <Link href={`/projects/${projectId}`}>project overview</Link> has snippets to send the first data.
        </p>
      )}
      <p className="muted small">
        Spikes, drops, level shifts and streams that go silent appear here as episodes, with the series, the range Flux expected, what happened instead
        and which tag values explain most of it. No thresholds to set: new series are judged from their first hours.
      </p>
    </div>
  );
}
