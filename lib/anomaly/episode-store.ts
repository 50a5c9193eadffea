import { and, desc, eq, gte, isNull, lte, or } from "drizzle-orm";
import { db, sql } from "@/lib/db/client";
import { anomalies, annotations } from "@/lib/db/schema";
import type { Episode } from "./episode-tracker";
import type { Watch } from "./watch-list";
import { annotationsAtStart, explain, severityOf, type EpisodeFacts } from "./explain";
import { findContributors } from "./contributors";
import { seriesRefOf } from "./watch-list";

// Reading and writing a watched series' episodes, with what explains them.

type Row = typeof anomalies.$inferSelect;

const seriesWhere = (w: Watch) =>
  and(eq(anomalies.projectId, w.projectId), eq(anomalies.source, w.source), eq(anomalies.name, w.name), eq(anomalies.seriesKey, w.seriesKey));

export function episodeOf(r: Row): Episode {
  return {
    id: r.id,
    kind: r.kind as Episode["kind"],
    startedAt: r.startedAt.getTime(),
    endedAt: r.endedAt?.getTime() ?? null,
    lastAnomalousAt: r.lastAnomalousAt.getTime(),
    // The stored peak values stand for the peak; its instant is not stored (the start stands in).
    peakAt: r.startedAt.getTime(),
    peakScore: r.peakScore,
    expected: r.expected,
    lower: r.lower,
    upper: r.upper,
    actual: r.actual,
    feedback: r.feedback === "normal" ? "normal" : null,
    dirty: false,
  };
}

export async function loadOpenEpisode(w: Watch): Promise<Episode | null> {
  const [row] = await db().select().from(anomalies).where(and(seriesWhere(w), isNull(anomalies.endedAt)));
  return row ? episodeOf(row) : null;
}

/** Episodes of the series said (or found to repeat one said) to be normal, the most recent 20. */
export async function loadNormals(w: Watch): Promise<Episode[]> {
  const rows = await db()
    .select()
    .from(anomalies)
    .where(and(seriesWhere(w), eq(anomalies.feedback, "normal")))
    .orderBy(desc(anomalies.startedAt))
    .limit(20);
  return rows.map(episodeOf);
}

export interface AnnotationSpan {
  id: string;
  title: string;
  startsAt: number;
  endsAt: number | null;
}

/** The project's annotations overlapping [from, to] (instants and spans). */
export async function annotationsBetween(projectId: string, from: number, to: number): Promise<AnnotationSpan[]> {
  const rows = await db()
    .select({ id: annotations.id, title: annotations.title, startsAt: annotations.startsAt, endsAt: annotations.endsAt })
    .from(annotations)
    .where(
      and(
        eq(annotations.projectId, projectId),
        lte(annotations.startsAt, new Date(to)),
        or(and(isNull(annotations.endsAt), gte(annotations.startsAt, new Date(from))), gte(annotations.endsAt, new Date(from))),
      ),
    )
    .limit(1000);
  return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.startsAt.getTime(), endsAt: r.endsAt?.getTime() ?? null }));
}

/** Whether a bucket lies in an annotated span (left out of the baseline). */
export function inSpan(spans: AnnotationSpan[], t: number, bucketMs: number): boolean {
  return spans.some((s) => s.endsAt !== null && s.startsAt < t + bucketMs && s.endsAt > t);
}

export async function higherIsBetterOf(w: Pick<Watch, "projectId" | "source" | "name">): Promise<boolean | null> {
  const rows =
    w.source === "metric"
      ? await sql()<{ h: boolean | null }[]>`SELECT higher_is_better AS h FROM metrics WHERE project_id = ${w.projectId}::uuid AND name = ${w.name}`
      : await sql()<{ h: boolean | null }[]>`SELECT higher_is_better AS h FROM event_names WHERE project_id = ${w.projectId}::uuid AND name = ${w.name}`;
  return rows[0]?.h ?? null;
}

export function labelOf(w: Pick<Watch, "name" | "state">): string {
  const tags = Object.entries(w.state.tags);
  return tags.length === 0 ? w.name : `${w.name}{${tags.map(([k, v]) => `${k}=${v}`).join(",")}}`;
}

/**
 * Writes an episode (new or changed) with its severity, contributors, annotations and
 * explanation; contributors are recomputed when it starts and when it ends, not per bucket.
 */
export async function saveEpisode(options: {
  watch: Watch;
  episode: Episode;
  spans: AnnotationSpan[];
  higherIsBetter: boolean | null;
  now: number;
  previous: Row | null;
}): Promise<void> {
  const { watch: w, episode: e, now } = options;
  const bucketMs = w.state.bucketSeconds * 1000;
  const historyMs = w.state.firstBucket === null ? 0 : e.startedAt - w.state.firstBucket;
  const needsContributors = e.id === null || e.endedAt !== null || (options.previous?.contributors.length ?? 0) === 0;
  const contributors =
    needsContributors && e.kind !== "silence"
      ? await findContributors({ series: seriesRefOf(w), from: e.startedAt, to: e.lastAnomalousAt + bucketMs, bucketSeconds: w.state.bucketSeconds, historyMs, now }).catch(() => [])
      : (options.previous?.contributors ?? []);
  const named = annotationsAtStart(options.spans, e.startedAt, bucketMs);
  const facts: EpisodeFacts = {
    kind: e.kind,
    label: labelOf(w),
    aggregation: w.state.aggregation,
    source: w.source,
    bucketSeconds: w.state.bucketSeconds,
    peakAt: e.peakAt,
    startedAt: e.startedAt,
    expected: e.expected,
    actual: e.actual,
    lower: e.lower,
    upper: e.upper,
    score: e.peakScore,
    higherIsBetter: options.higherIsBetter,
    historyMs,
    silentMs: e.lastAnomalousAt + bucketMs - e.startedAt,
    annotations: named,
    contributors,
  };
  const values = {
    kind: e.kind,
    startedAt: new Date(e.startedAt),
    endedAt: e.endedAt === null ? null : new Date(e.endedAt),
    lastAnomalousAt: new Date(e.lastAnomalousAt),
    expected: e.expected,
    lower: e.lower,
    upper: e.upper,
    actual: e.actual,
    peakScore: e.peakScore,
    severity: severityOf(facts),
    explanation: explain(facts),
    contributors,
    annotationIds: named.map((a) => a.id),
    updatedAt: new Date(now),
  };
  if (e.id === null) {
    const [row] = await db()
      .insert(anomalies)
      .values({
        ...values,
        projectId: w.projectId,
        source: w.source,
        name: w.name,
        aggregation: w.state.aggregation,
        seriesKey: w.seriesKey,
        tags: w.state.tags,
        bucketSeconds: w.state.bucketSeconds,
        feedback: e.feedback,
        feedbackAt: e.feedback ? new Date(now) : null,
      })
      .returning({ id: anomalies.id });
    e.id = row.id;
  } else {
    await db().update(anomalies).set(values).where(and(eq(anomalies.id, e.id), eq(anomalies.projectId, w.projectId)));
  }
  e.dirty = false;
}

export async function loadRow(id: string): Promise<Row | null> {
  const [row] = await db().select().from(anomalies).where(eq(anomalies.id, id));
  return row ?? null;
}
