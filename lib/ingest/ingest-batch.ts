import { z } from "zod";
import { sql } from "@/lib/db/client";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { FluxError, invalid } from "@/lib/errors";
import { notifyBatchCommitted } from "./after-commit";
import { ensurePartitions, forgetPartitions } from "./ensure-partitions";
import { INGEST_LIMITS as L } from "./limits";
import { parseItems, type ParsedEvent, type ParsedPoint, type Rejection } from "./parse-items";
import { cacheCreated, clearSeriesCache, lookupCommitted, resolveSeries } from "./resolve-series";
import { touchCatalog } from "./touch-catalog";
import { insertEvents, insertPoints, storeResponse } from "./write-batch";
import { parseInput } from "@/lib/validation";
import { refuseBeyondRawRetention } from "@/lib/storage/retention/raw-horizon";

export type { Rejection } from "./parse-items";

export const IngestBatchInput = z.object(
  {
    events: z.array(z.unknown(), { error: "events must be an array" }).nullish(),
    metrics: z.array(z.unknown(), { error: "metrics must be an array" }).nullish(),
  },
  { error: "the body must be a JSON object with an `events` and/or `metrics` array" },
);

export interface IngestResult {
  accepted: number;
  rejected: Rejection[];
  /** True when this answers a retried Idempotency-Key from the stored first response. */
  replayed?: boolean;
}

class ConcurrentReplay extends Error {}

/**
 * Stores a batch of events and metric points for the caller's project: each item is
 * validated on its own, valid ones are written in ONE transaction (so a returned result
 * means committed, and a failure writes nothing), and after commit the listeners of
 * `onBatchCommitted` hear about it. Throws 422 when every item was rejected, 413 past the
 * item limit. With an `idempotencyKey` the first result is stored with the data and a
 * retry gets it back without writing again.
 */
export async function ingestBatch(options: { ctx: Caller; input: { events?: unknown[]; metrics?: unknown[] } | unknown; idempotencyKey?: string | null }): Promise<IngestResult> {
  const { ctx } = options;
  requirePermission(ctx, "ingest");
  const envelope = parseInput(IngestBatchInput, options.input, "Invalid batch");
  const events = envelope.events ?? [];
  const metrics = envelope.metrics ?? [];
  if (events.length + metrics.length > L.maxItemsPerBatch) {
    throw new FluxError({ code: "payload_too_large", message: `A batch holds at most ${L.maxItemsPerBatch} items (got ${events.length + metrics.length}); split it` });
  }
  const key = options.idempotencyKey ?? null;
  if (key !== null && (key.length === 0 || key.length > L.maxIdempotencyKeyLength)) {
    throw new FluxError({ code: "bad_request", message: `Idempotency-Key must be 1–${L.maxIdempotencyKeyLength} characters` });
  }
  if (key !== null) {
    const stored = await storedResponse(ctx.projectId, key);
    if (stored) return { ...stored, replayed: true };
  }

  const now = Date.now();
  const parsed = await refuseBeyondRawRetention(ctx.projectId, parseItems({ events, metrics, now }), now);
  if (parsed.points.length + parsed.events.length === 0) return finish(0, parsed.rejected);
  await ensureAllPartitions(parsed.points, parsed.events);

  let written: Awaited<ReturnType<typeof write>>;
  try {
    written = await write(ctx.projectId, parsed.points, parsed.events, parsed.rejected, key).catch(async (error) => {
      // A dropped partition or a deleted metric behind a cached id: forget and try once more.
      if (!isStaleCacheError(error)) throw error;
      forgetPartitions();
      clearSeriesCache();
      await ensureAllPartitions(parsed.points, parsed.events);
      return write(ctx.projectId, parsed.points, parsed.events, parsed.rejected, key);
    });
  } catch (error) {
    if (!(error instanceof ConcurrentReplay) || key === null) throw error;
    const stored = await storedResponse(ctx.projectId, key);
    if (!stored) throw error;
    return { ...stored, replayed: true };
  }

  cacheCreated(written.created);
  if (written.result.accepted > 0) {
    notifyBatchCommitted(written.summary);
    touchCatalog({ metricIds: written.metricIds, seriesIds: written.seriesIds });
  }
  return finish(written.result.accepted, written.result.rejected);
}

function finish(accepted: number, rejected: Rejection[]): IngestResult {
  if (accepted === 0 && rejected.length > 0) throw invalid(`No item was accepted: ${rejected.length} rejected`, rejected);
  return { accepted, rejected };
}

async function write(projectId: string, points: ParsedPoint[], events: ParsedEvent[], rejectedBefore: Rejection[], key: string | null) {
  const known = points.length > 0 ? await lookupCommitted(projectId, points) : new Map();
  // The hot path – known series, one table, nothing else to store – is a single INSERT,
  // atomic on its own, which saves the BEGIN / COMMIT round trips.
  let sets = 0;
  for (const p of points) if (p.member !== null) sets++;
  const oneTable = sets === 0 || sets === points.length;
  const cached = events.length === 0 && key === null && oneTable ? await resolveSeries(null, projectId, points, known) : null;
  if (cached) return summarise(projectId, points, [], rejectedBefore, cached, await insertPoints(sql({ pool: "ingest" }), points, cached.seriesIds));

  return sql({ pool: "ingest" }).begin(async (tx) => {
    const resolution = points.length > 0 ? await resolveSeries(tx, projectId, points, known) : null;
    const pointCount = resolution ? await insertPoints(tx, points, resolution.seriesIds) : 0;
    const stored = events.length > 0 ? await insertEvents(tx, projectId, events) : [];
    const written = summarise(projectId, points, stored, rejectedBefore, resolution, pointCount, events.length);
    if (key !== null && written.result.accepted > 0 && !(await storeResponse(tx, projectId, key, written.result))) throw new ConcurrentReplay();
    return written;
  });
}

/** The response, the after-commit summary and what to cache for one written batch. */
function summarise(
  projectId: string,
  points: ParsedPoint[],
  stored: ParsedEvent[],
  rejectedBefore: Rejection[],
  resolution: NonNullable<Awaited<ReturnType<typeof resolveSeries>>> | null,
  pointCount: number,
  validEvents = 0,
) {
  const rejected = [...rejectedBefore];
  for (const i of resolution?.conflicts ?? []) {
    const p = points[i];
    rejected.push({
      index: p.index,
      kind: "metric",
      field: `metrics[${p.index}].type`,
      message: `metric '${p.name}' is a ${resolution!.metrics.get(p.name)!.type}; a ${p.type} point cannot be added to it (use another name)`,
    });
  }
  rejected.sort((a, b) => (a.kind === b.kind ? a.index - b.index : a.kind === "event" ? -1 : 1));
  // Events skipped as resends of a stored id count as accepted: they are stored.
  const result = { accepted: pointCount + validEvents, rejected };

  let minTime = Infinity;
  let maxTime = -Infinity;
  const metricNames = new Set<string>();
  points.forEach((p, i) => {
    if (resolution!.seriesIds[i] === 0) return;
    metricNames.add(p.name);
    if (p.time < minTime) minTime = p.time;
    if (p.time > maxTime) maxTime = p.time;
  });
  for (const e of stored) {
    if (e.time < minTime) minTime = e.time;
    if (e.time > maxTime) maxTime = e.time;
  }
  return {
    result,
    created: resolution?.created ?? { metrics: [], series: [] },
    metricIds: [...metricNames].map((n) => resolution!.metrics.get(n)!.id),
    seriesIds: resolution?.seriesIds ?? new Int32Array(0),
    summary: {
      projectId,
      metricNames: [...metricNames],
      eventNames: [...new Set(stored.map((e) => e.name))],
      pointCount,
      eventCount: stored.length,
      minTime: new Date(Number.isFinite(minTime) ? minTime : Date.now()),
      maxTime: new Date(Number.isFinite(maxTime) ? maxTime : Date.now()),
    },
  };
}

async function ensureAllPartitions(points: ParsedPoint[], events: ParsedEvent[]): Promise<void> {
  const num = [Infinity, -Infinity];
  const set = [Infinity, -Infinity];
  for (const p of points) {
    const r = p.member === null ? num : set;
    if (p.time < r[0]) r[0] = p.time;
    if (p.time > r[1]) r[1] = p.time;
  }
  const ev = [Infinity, -Infinity];
  for (const e of events) {
    if (e.time < ev[0]) ev[0] = e.time;
    if (e.time > ev[1]) ev[1] = e.time;
  }
  if (num[0] <= num[1]) await ensurePartitions("points", num[0], num[1]);
  if (set[0] <= set[1]) await ensurePartitions("set_points", set[0], set[1]);
  if (ev[0] <= ev[1]) await ensurePartitions("events", ev[0], ev[1]);
}

/** 23514: no partition for a row; 23503: a cached metric or series id no longer exists. */
function isStaleCacheError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === "23514" || code === "23503";
}

async function storedResponse(projectId: string, key: string): Promise<{ accepted: number; rejected: Rejection[] } | null> {
  const [row] = await sql({ pool: "ingest" })<{ response: { accepted: number; rejected: Rejection[] } }[]>`
    SELECT response FROM ingest_requests WHERE project_id = ${projectId} AND key = ${key} AND created_at > now() - interval '1 day'`;
  return row?.response ?? null;
}
