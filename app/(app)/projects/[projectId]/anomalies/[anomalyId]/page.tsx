import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { projectPageContext } from "@/lib/projects/page-context";
import { can, type Caller } from "@/lib/auth/caller";
import { FluxError } from "@/lib/errors";
import { expectedBand, getAnomaly } from "@/lib/anomaly/anomalies";
import { listAnnotations } from "@/lib/annotations/annotations";
import { runQuery } from "@/lib/query/run-query";
import type { QueryResult } from "@/lib/query/model";
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

/**
 * A read for the chart that may be refused for what the data is now (the metric deleted since
 * the episode, an aggregation the query model no longer takes): the page still shows the
 * episode, with the reason, instead of failing.
 */
async function softly<T>(read: () => Promise<T>, fallback: T): Promise<{ value: T; problem: string | null }> {
  try {
    return { value: await read(), problem: null };
  } catch (error) {
    if (error instanceof FluxError && error.status < 500) return { value: fallback, problem: error.message };
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
    softly(() =>
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
      }).then((r) => r as QueryResult),
      null,
    ),
    softly(() => expectedBand({ ctx, input: { source: anomaly.source, name: anomaly.name, aggregation: anomaly.aggregation, tags, from, to, interval: win.interval } }), null),
    listAnnotations({ ctx, input: { from, to } }),
  ]);
  return {
    anomaly,
    now,
    win,
    series: { points: series.value?.series[0]?.points ?? [], unit: series.value?.unit ?? null },
    band: band.value?.points ?? [],
    annotations,
    problem: series.problem ?? band.problem,
  };
}

export default async function AnomalyPage({ params }: Params) {
  const { projectId, anomalyId } = await params;
  const { ctx } = await projectPageContext(projectId);
  const { anomaly, now, win, series, band, annotations, problem } = await loadEpisode(ctx, anomalyId);
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
      seriesProblem={problem}
      chart={
        <AnomalyChart
          data={{
            seriesName: anomaly.name,
            unit: series.unit,
            window: { from: win.from, to: win.to, intervalSeconds: win.intervalSeconds },
            actual: series.points,
            band: band.map((p) => ({ t: Date.parse(p.t), expected: p.expected, lower: p.lower, upper: p.upper })),
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
