import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { queryInstantMs } from "@/lib/time/instant";
import { MAX_BUCKETS } from "@/lib/query/resolve-range";
import { createDetector } from "./detector";
import { isBurst } from "./burst-guard";
import { ExpectedBandInput, type ExpectedBand } from "./anomaly-schemas";
import { readBuckets, type SeriesRef } from "./read-buckets";
import { annotationsBetween, inSpan } from "./episode-store";
import { BUSY_PER_BUCKET, detectorKind, judgedAggregation, type MetricKind } from "./series-spec";

// The expected value and band of a series for charts: the detector replayed over the range at
// the requested interval, after a bounded warm-up of the history before it.

const BAND_SECONDS: Record<string, number> = { "1m": 60, "5m": 300, "15m": 900, "1h": 3600 };
/** Buckets of history replayed before the range (at most two weeks). */
const WARMUP_BUCKETS = 4000;
const WARMUP_MAX_MS = 14 * 86_400_000;
/** An interval chosen for the caller keeps the range at about this many buckets at most. */
const AUTO_BUCKETS = 500;

function chooseInterval(spanMs: number): number {
  return [60, 300, 900, 3600].find((s) => spanMs / (s * 1000) <= AUTO_BUCKETS) ?? 3600;
}

async function metricTypeOf(projectId: string, source: "metric" | "event", name: string): Promise<MetricKind | null> {
  if (source === "event") {
    const rows = await sql()`SELECT 1 FROM event_names WHERE project_id = ${projectId}::uuid AND name = ${name}`;
    if (rows.length === 0) throw notFound(`Event '${name}' not found`);
    return null;
  }
  const rows = await sql()<{ type: MetricKind }[]>`SELECT type::text AS type FROM metrics WHERE project_id = ${projectId}::uuid AND name = ${name}`;
  if (rows.length === 0) throw notFound(`Metric '${name}' not found`);
  return rows[0].type;
}

export async function expectedBand({ ctx, input, now = Date.now() }: { ctx: Caller; input: unknown; now?: number }): Promise<ExpectedBand> {
  requirePermission(ctx, "read");
  const q = parseInput(ExpectedBandInput, input, "Invalid band request");
  const type = await metricTypeOf(ctx.projectId, q.source, q.name);
  const aggregation = q.aggregation ?? judgedAggregation(q.source, type);
  const fromMs = queryInstantMs(q.from) as number;
  const toMs = queryInstantMs(q.to) as number;
  const bucketSeconds = q.interval ? BAND_SECONDS[q.interval] : chooseInterval(toMs - fromMs);
  const b = bucketSeconds * 1000;
  const from = Math.floor(fromMs / b) * b;
  // Nothing is expected of buckets that have not begun.
  const to = Math.min(Math.ceil(toMs / b) * b, Math.ceil((now + 1) / b) * b);
  if (to <= from) return { bucketSeconds, aggregation, points: [] };
  if ((to - from) / b > MAX_BUCKETS) {
    throw invalid("Invalid band request", [{ field: "interval", message: `The interval gives more than ${MAX_BUCKETS} buckets for this range; choose a coarser one` }]);
  }
  const warmFrom = Math.max(0, from - Math.min(WARMUP_BUCKETS * b, WARMUP_MAX_MS));
  const series: SeriesRef = { projectId: ctx.projectId, source: q.source, name: q.name, aggregation, tags: q.tags ?? {} };
  const buckets = await readBuckets({ series, from: warmFrom, to, bucketSeconds, now, ctx });
  const spans = await annotationsBetween(ctx.projectId, warmFrom, to);
  const history = buckets.filter((x) => x.t < from && x.value !== null);
  const mean = history.length ? history.reduce((s, x) => s + (x.value ?? 0), 0) / history.length : BUSY_PER_BUCKET;
  // Another aggregation than the one the job judges is read as a level.
  const kind = aggregation === judgedAggregation(q.source, type) ? detectorKind(q.source, type, mean) : "level";
  const options = { bucketSeconds, kind };
  let detector = createDetector(options);
  let burstStartedAt: number | null = null;
  const points: ExpectedBand["points"] = [];
  for (const x of buckets) {
    const exclude = inSpan(spans, x.t, b);
    const before = detector.snapshot();
    const a = detector.update({ t: x.t, value: x.value, exclude });
    burstStartedAt = a.anomalous && (a.kind === "spike" || a.kind === "drop") ? (burstStartedAt ?? x.t) : null;
    if (isBurst({ anomalous: a.anomalous, kind: a.kind, startedAt: burstStartedAt, t: x.t, bucketMs: b })) {
      // Learned as the detection job learns it: the start of a burst leaves the baseline alone.
      detector = createDetector(options, before);
      detector.update({ t: x.t, value: x.value, exclude: true });
    }
    if (x.t >= from) points.push({ t: new Date(x.t).toISOString(), value: x.value, expected: a.expected, lower: a.lower, upper: a.upper });
  }
  return { bucketSeconds, aggregation, points };
}
