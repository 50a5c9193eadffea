import Link from "next/link";
import type { ReactNode } from "react";
import type { AnomalyView } from "@/lib/anomaly/anomaly-schemas";
import { formatDateTime } from "@/lib/format/dates";
import { formatValue } from "@/lib/format/format-value";
import { Contributors, EpisodeMarks, EpisodeSpan, SeriesName, SeverityBadge } from "./anomaly-parts";
import { aggregationText, durationText, kindLabel } from "./anomaly-text";

interface Props {
  anomaly: AnomalyView;
  unit: string | null;
  now: number;
  listHref: string;
  catalogHref: string;
  /** Every annotation the chart's window holds (the episode names those at its start). */
  windowAnnotations: { id: string; title: string; startsAt: string; endsAt: string | null }[];
  seriesProblem: string | null;
  chart: ReactNode;
  /** Acknowledge / This is normal; null for people who may only read. */
  actions: ReactNode;
}

const bucketText = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} h` : `${Math.round(seconds / 60)} min`);

/** One anomaly episode: what happened, the chart around it, the numbers and the marks. */
export function AnomalyDetail({ anomaly: a, unit, now, listHref, catalogHref, windowAnnotations, seriesProblem, chart, actions }: Props) {
  const value = (v: number | null) => formatValue(v, unit);
  return (
    <div className="stack anomaly-detail" data-testid="anomaly-detail" data-anomaly-id={a.id}>
      <nav aria-label="Breadcrumb" className="small">
        <Link href={listHref}>← Anomalies</Link>
      </nav>
      <div className="page-head">
        <div className="stack" style={{ gap: 4, minWidth: 0 }}>
          <h1 className="row wrap" style={{ gap: 8 }}>
            <SeverityBadge severity={a.severity} />
            <span data-testid="anomaly-kind">{kindLabel(a.kind)}</span>
            <span className="muted">·</span>
            <span className="badge" data-testid="anomaly-status">{a.status === "open" ? "open" : "closed"}</span>
          </h1>
          <SeriesName anomaly={a} />
          <EpisodeMarks anomaly={a} />
        </div>
      </div>
      <section className="card stack">
        <p className="anomaly-explanation" data-testid="anomaly-explanation" style={{ fontSize: 16, margin: 0 }}>{a.explanation}</p>
        <Contributors anomaly={a} />
        {actions}
        {a.acknowledgedAt && (
          <p className="muted small" data-testid="acknowledged-note">
            Acknowledged {formatDateTime(a.acknowledgedAt)}{a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ""}
          </p>
        )}
        {a.feedback === "normal" && <p className="muted small" data-testid="normal-note">Marked as normal: episodes like this one (same series, kind and size) do not alert.</p>}
      </section>
      <section className="card stack" aria-labelledby="anomaly-chart-title">
        <h2 id="anomaly-chart-title" style={{ margin: 0 }}>The series around the episode</h2>
        {seriesProblem && <p className="muted small" data-testid="anomaly-series-problem">The series cannot be drawn: {seriesProblem}</p>}
        <div className="anomaly-chart-body">{chart}</div>
      </section>
      <div className="grid-2">
        <section className="card">
          <h2>Expected and actual</h2>
          <dl className="catalog-facts" data-testid="anomaly-facts">
            <div className="catalog-fact"><dt>Actual</dt><dd data-testid="anomaly-actual">{value(a.actual)}</dd></div>
            <div className="catalog-fact"><dt>Expected</dt><dd data-testid="anomaly-expected">{value(a.expected)}</dd></div>
            <div className="catalog-fact"><dt>Expected range</dt><dd data-testid="anomaly-range">{a.lower === null || a.upper === null ? "–" : `${value(a.lower)} – ${value(a.upper)}`}</dd></div>
            <div className="catalog-fact"><dt>When</dt><dd><EpisodeSpan anomaly={a} /></dd></div>
            <div className="catalog-fact"><dt>Duration</dt><dd>{durationText(a.startedAt, a.endedAt, now)}</dd></div>
            <div className="catalog-fact"><dt>Judged on</dt><dd>{`${aggregationText(a.source, a.aggregation)}, ${bucketText(a.bucketSeconds)} buckets`}</dd></div>
            <div className="catalog-fact"><dt>Score</dt><dd>{a.score.toFixed(3)}</dd></div>
          </dl>
        </section>
        <section className="card stack">
          <h2>Annotations</h2>
          {a.annotations.length > 0 && (
            <p data-testid="anomaly-named-annotations">
              Started after {a.annotations.map((n, i) => <span key={n.id}>{i > 0 ? ", " : ""}“{n.title}”</span>)}
            </p>
          )}
          {windowAnnotations.length === 0 ? (
            <p className="muted small">No annotations in the chart&apos;s window.</p>
          ) : (
            <ul className="anomaly-annotations" data-testid="anomaly-window-annotations">
              {windowAnnotations.map((n) => (
                <li key={n.id}>
                  <span className="small muted">{formatDateTime(n.startsAt)}{n.endsAt ? ` → ${formatDateTime(n.endsAt)}` : ""}</span> {n.title}
                </li>
              ))}
            </ul>
          )}
          <p className="small">
            <Link href={catalogHref} prefetch={false} data-testid="anomaly-catalog-link">{`Open ${a.source === "metric" ? "the metric" : "the event"} in the catalog →`}</Link>
          </p>
        </section>
      </div>
    </div>
  );
}
