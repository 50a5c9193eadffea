import { z } from "zod";
import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql as dsql, type SQL } from "drizzle-orm";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db/client";
import { anomalies, annotations, users } from "@/lib/db/schema";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { isUuid } from "@/lib/validation/ids";
import { queryInstantMs } from "@/lib/time/instant";
import { ListAnomaliesInput, SEVERITIES, UpdateAnomalyInput, type AnomalyView, type Severity } from "./anomaly-schemas";

export { expectedBand } from "./expected-band";
export { detectAnomalies } from "./detect-anomalies";

type Row = typeof anomalies.$inferSelect & { acknowledgedByEmail: string | null };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function toViews(projectId: string, rows: Row[]): Promise<AnomalyView[]> {
  const ids = [...new Set(rows.flatMap((r) => r.annotationIds))];
  const titles = new Map<string, string>();
  if (ids.length > 0) {
    const found = await db()
      .select({ id: annotations.id, title: annotations.title })
      .from(annotations)
      .where(and(eq(annotations.projectId, projectId), inArray(annotations.id, ids)));
    for (const a of found) titles.set(a.id, a.title);
  }
  return rows.map((r) => ({
    id: r.id,
    source: r.source as AnomalyView["source"],
    name: r.name,
    aggregation: r.aggregation,
    tags: r.tags,
    kind: r.kind as AnomalyView["kind"],
    status: r.endedAt ? "closed" : "open",
    startedAt: r.startedAt.toISOString(),
    endedAt: iso(r.endedAt),
    lastAnomalousAt: r.lastAnomalousAt.toISOString(),
    expected: r.expected,
    lower: r.lower,
    upper: r.upper,
    actual: r.actual,
    severity: r.severity as Severity,
    score: r.peakScore,
    explanation: r.explanation,
    contributors: r.contributors,
    // An annotation deleted since is no longer named.
    annotations: r.annotationIds.filter((id) => titles.has(id)).map((id) => ({ id, title: titles.get(id)! })),
    acknowledgedAt: iso(r.acknowledgedAt),
    acknowledgedBy: r.acknowledgedByEmail,
    feedback: r.feedback === "normal" ? "normal" : null,
    bucketSeconds: r.bucketSeconds,
  }));
}

function selectRows() {
  return db()
    .select({ row: anomalies, acknowledgedByEmail: users.email })
    .from(anomalies)
    .leftJoin(users, eq(users.id, anomalies.acknowledgedBy));
}

const flatten = (rows: { row: typeof anomalies.$inferSelect; acknowledgedByEmail: string | null }[]): Row[] =>
  rows.map((r) => ({ ...r.row, acknowledgedByEmail: r.acknowledgedByEmail }));

// Newest first; a page ends at (started_at, id), which holds however episodes grow or close.
const Cursor = z.object({ t: z.string().datetime(), id: z.string().refine(isUuid) });
const encodeCursor = (c: z.infer<typeof Cursor>) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(cursor: string): z.infer<typeof Cursor> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  const parsed = Cursor.safeParse(value);
  if (!parsed.success) throw invalid("Invalid cursor", [{ field: "cursor", message: "Pass back the nextCursor of a previous page" }]);
  return parsed.data;
}

/** Episodes of the project, newest first, filtered; episodes overlapping [from, to] when given. */
export async function listAnomalies({ ctx, input }: { ctx: Caller; input: unknown }): Promise<{ anomalies: AnomalyView[]; nextCursor: string | null }> {
  requirePermission(ctx, "read");
  const q = parseInput(ListAnomaliesInput, input ?? {}, "Invalid anomaly filter");
  const where: (SQL | undefined)[] = [eq(anomalies.projectId, ctx.projectId)];
  if (q.status === "open") where.push(isNull(anomalies.endedAt));
  if (q.status === "closed") where.push(isNotNull(anomalies.endedAt));
  if (q.kind) where.push(eq(anomalies.kind, q.kind));
  if (q.minSeverity) where.push(inArray(anomalies.severity, SEVERITIES.slice(SEVERITIES.indexOf(q.minSeverity))));
  if (q.source) where.push(eq(anomalies.source, q.source));
  if (q.name) where.push(eq(anomalies.name, q.name));
  if (q.acknowledged !== undefined) where.push(q.acknowledged ? isNotNull(anomalies.acknowledgedAt) : isNull(anomalies.acknowledgedAt));
  if (q.to !== undefined) where.push(lt(anomalies.startedAt, new Date(queryInstantMs(q.to) as number)));
  if (q.from !== undefined) {
    const from = new Date(queryInstantMs(q.from) as number);
    where.push(or(isNull(anomalies.endedAt), gte(anomalies.endedAt, from)));
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(dsql`(${anomalies.startedAt}, ${anomalies.id}) < (${c.t}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = flatten(
    await selectRows()
      .where(and(...where))
      .orderBy(desc(anomalies.startedAt), desc(anomalies.id))
      .limit(q.limit + 1),
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    anomalies: await toViews(ctx.projectId, page),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ t: last.startedAt.toISOString(), id: last.id }) : null,
  };
}

async function loadRow(ctx: Caller, id: string): Promise<Row> {
  if (!isUuid(id)) throw notFound("Anomaly not found");
  const [row] = flatten(await selectRows().where(and(eq(anomalies.projectId, ctx.projectId), eq(anomalies.id, id))));
  if (!row) throw notFound("Anomaly not found");
  return row;
}

export async function getAnomaly({ ctx, id }: { ctx: Caller; id: string }): Promise<AnomalyView> {
  requirePermission(ctx, "read");
  const [view] = await toViews(ctx.projectId, [await loadRow(ctx, id)]);
  return view;
}

const personOf = (ctx: Caller) => (ctx.kind === "user" ? ctx.userId : null);

/** Marks the episode seen; the first acknowledgement is kept (who and when). */
export async function acknowledgeAnomaly({ ctx, id }: { ctx: Caller; id: string }): Promise<AnomalyView> {
  requirePermission(ctx, "write");
  await loadRow(ctx, id);
  await db()
    .update(anomalies)
    .set({ acknowledgedAt: new Date(), acknowledgedBy: personOf(ctx), updatedAt: new Date() })
    .where(and(eq(anomalies.projectId, ctx.projectId), eq(anomalies.id, id), isNull(anomalies.acknowledgedAt)));
  return getAnomaly({ ctx, id });
}

/**
 * "This is normal" (or its undo). Later episodes of the same series and kind with a similar
 * magnitude are recorded as normal and never alert; the detector learns their buckets.
 */
export async function setAnomalyFeedback({ ctx, id, feedback }: { ctx: Caller; id: string; feedback: "normal" | null }): Promise<AnomalyView> {
  requirePermission(ctx, "write");
  if (feedback !== null && feedback !== "normal") throw invalid("Invalid feedback", [{ field: "feedback", message: "Send 'normal' or null" }]);
  await loadRow(ctx, id);
  await db()
    .update(anomalies)
    .set(feedback === "normal" ? { feedback, feedbackAt: new Date(), feedbackBy: personOf(ctx), updatedAt: new Date() } : { feedback: null, feedbackAt: null, feedbackBy: null, updatedAt: new Date() })
    .where(and(eq(anomalies.projectId, ctx.projectId), eq(anomalies.id, id)));
  return getAnomaly({ ctx, id });
}

/** PATCH /api/v1/anomalies/{id}: acknowledge and/or set feedback, validated as one body. */
export async function updateAnomaly({ ctx, id, input }: { ctx: Caller; id: string; input: unknown }): Promise<AnomalyView> {
  requirePermission(ctx, "write");
  const body = parseInput(UpdateAnomalyInput, input, "Invalid anomaly update");
  await loadRow(ctx, id);
  if (body.acknowledged) await acknowledgeAnomaly({ ctx, id });
  if (body.feedback !== undefined) await setAnomalyFeedback({ ctx, id, feedback: body.feedback });
  return getAnomaly({ ctx, id });
}

/**
 * Open episodes nobody has acknowledged, counted up to `cap` (the header says "99+" beyond):
 * every project page shows it, so it counts at most cap + 1 rows and builds no views.
 */
export async function countOpenUnacknowledged({ ctx, cap }: { ctx: Caller; cap: number }): Promise<{ count: number; more: boolean }> {
  requirePermission(ctx, "read");
  const rows = await db()
    .select({ one: dsql`1` })
    .from(anomalies)
    .where(and(eq(anomalies.projectId, ctx.projectId), isNull(anomalies.endedAt), isNull(anomalies.acknowledgedAt)))
    .limit(cap + 1);
  return { count: Math.min(rows.length, cap), more: rows.length > cap };
}
