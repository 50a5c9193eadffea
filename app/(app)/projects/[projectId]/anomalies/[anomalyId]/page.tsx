import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { projectPageContext } from "@/lib/projects/page-context";
import { can, type Caller } from "@/lib/auth/caller";
import { FluxError } from "@/lib/errors";
import { expectedBand, getAnomaly } from "@/lib/anomaly/anomalies";
import { listAnnotations } from "@/lib/annotations/annotations";
import { runQuery } from "@/lib/query/run-query";
import type { Point, QueryResult } from "@/lib/query/model";
import { episodeWindow } from "@/components/anomalies/episode-window";
import { AnomalyChart } from "@/components/anomalies/anomaly-chart";
import { AnomalyActions } from "@/components/anomalies/anomaly-actions";
import { AnomalyDetail } from "@/components/anomalies/anomaly-detail";
import { acknowledgeAnomalyAction, setAnomalyFeedbackAction } from "../actions";

type Params = { params: Promise<{ projectId: string; anomalyId: string }> };

export const metadata: Metadata = { title: "Anomaly" };

function notFoundOnMissing(error: unknown): never {
  if (error instanceof FluxError && error.code === "not_found") notFound();
  throw error;
}

/** The series' own values over the window; a series the query model cannot read draws no line, with a note. */
async function readSeries(read: () => Promise<unknown>): Promise<{ points: Point[]; unit: string | null; problem: string | null }> {
  try {
    const result = (await read()) as QueryResult;
    return { points: result.series[0]?.points ?? [], unit: result.unit, problem: null };
  } catch (error) {
    if (error instanceof FluxError && error.status < 500) return { points: [], unit: null, problem: error.message };
    throw error;
  }
}

/** The episode, and its series, expected band and annotations over the window around it. */
async function loadEpisode(ctx: Caller, anomalyId: string) {
  const anomaly = await getAnomaly({ ctx, id: anomalyId }).catch(notFoundOnMissing);
  const now = Date.now();
  const win = episodeWindow({ ...anomaly, now });
  const from = new Date(win.from).toISOString();
  const to = new Date(win.to).toISOString();
  const tags = anomaly.tags;
  const [series, band, annotations] = await Promise.all([
    readSeries(() =>
      runQuery({
        ctx,
        input: {
          source: anomaly.source,
          name: anomaly.name,
          aggregation: anomaly.aggregation,
          filters: Object.entries(tags).map(([key, value]) => ({ key, op: "eq", value })),
          range: { from, to },
          interval: win.interval,
          // Buckets aligned as the detector's (UTC); the chart shows times in the viewer's zone.
          timezone: "UTC",
        },
      }),
    ),
    expectedBand({ ctx, input: { source: anomaly.source, name: anomaly.name, aggregation: anomaly.aggregation, tags, from, to, interval: win.interval } }),
    listAnnotations({ ctx, input: { from, to } }),
  ]);
  return { anomaly, now, win, series, band, annotations };
}

export default async function AnomalyPage({ params }: Params) {
  const { projectId, anomalyId } = await params;
  const { ctx } = await projectPageContext(projectId);
  const { anomaly, now, win, series, band, annotations } = await loadEpisode(ctx, anomalyId);
  const base = `/projects/${projectId}`;
  const canAct = can(ctx, "write");
  return (
    <AnomalyDetail
      anomaly={anomaly}
      unit={series.unit}
      now={now}
      listHref={`${base}/anomalies`}
      catalogHref={`${base}/catalog/${anomaly.source === "metric" ? "metrics" : "events"}/${encodeURIComponent(anomaly.name)}`}
      windowAnnotations={annotations.map((a) => ({ id: a.id, title: a.title, startsAt: a.startsAt, endsAt: a.endsAt }))}
      seriesProblem={series.problem}
      chart={
        <AnomalyChart
          data={{
            seriesName: anomaly.name,
            unit: series.unit,
            window: { from: win.from, to: win.to, intervalSeconds: win.intervalSeconds },
            actual: series.points,
            band: band.points.map((p) => ({ t: Date.parse(p.t), expected: p.expected, lower: p.lower, upper: p.upper })),
            episode: { start: win.episode.start, end: win.episode.end, ongoing: anomaly.endedAt === null },
            annotations: annotations.map((a) => ({ id: a.id, title: a.title, start: Date.parse(a.startsAt), end: a.endsAt ? Date.parse(a.endsAt) : null })),
          }}
        />
      }
      actions={
        canAct ? (
          <AnomalyActions
            acknowledged={anomaly.acknowledgedAt !== null}
            normal={anomaly.feedback === "normal"}
            acknowledge={acknowledgeAnomalyAction.bind(null, projectId, anomaly.id)}
            setFeedback={setAnomalyFeedbackAction.bind(null, projectId, anomaly.id)}
          />
        ) : null
      }
    />
  );
}
