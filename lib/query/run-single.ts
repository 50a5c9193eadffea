import { env } from "@/lib/env";
import { FluxError, invalid, notFound } from "@/lib/errors";
import { AGGREGATIONS, type MetricType, type QueryResult, type Series, type SingleQuery } from "./model";
import { aggregateSql, OTHER, type Exec, type Grouping, type Row, type Source, type Statement } from "./aggregate-sql";
import { aggregationDef, rollupFamily, type AggregationDef, type RollupFamily } from "./aggregations";
import { assembleGroups, percentChange, pointsOf, seriesIdentity, type GroupData } from "./assemble-series";
import { chooseTier, type Segment, type TierRange } from "./choose-tier";
import { eventSource } from "./event-sql";
import { bucketLabel, histogramGrouping, type HistogramEdges } from "./histogram";
import { metricSource, type MetricRef } from "./metric-sql";
import { partialSql } from "./partial-sql";
import { previousWindow, resolveWindow, type Window } from "./resolve-range";
import type { SqlParams } from "./sql-params";

export const DEFAULT_LIMIT = 10;

interface Target {
  def: AggregationDef;
  source: (p: SqlParams) => Source;
  unit: string | null;
  /** Whether rollups can answer it (events only unfiltered, ungrouped, by their own value). */
  rollups: boolean;
}

/**
 * Where rollup tiers may be read (loaded once per request, inside its transaction), or
 * "raw" to answer from raw rows only.
 */
export type TierSource = (() => Promise<Map<RollupFamily, TierRange[]>>) | "raw";

const field = (name: string, message: string) => invalid("Invalid query", [{ field: name, message }]);

async function resolveTarget(exec: Exec, projectId: string, q: SingleQuery): Promise<Target> {
  if (q.source === "event") {
    if (!(AGGREGATIONS.event as readonly string[]).includes(q.aggregation)) {
      throw field("aggregation", `Events aggregate by ${AGGREGATIONS.event.join(", ")}`);
    }
    if (q.property && q.aggregation !== "sum" && q.aggregation !== "avg") throw field("property", "A property is read by sum and avg only");
    return {
      def: aggregationDef("event", q.aggregation),
      source: eventSource(projectId, q.name, q.property),
      unit: null,
      rollups: !q.property && !q.filters?.length && !q.groupBy?.length,
    };
  }
  const [metric] = await exec<MetricRef>({
    text: "SELECT id, type::text AS type, unit FROM metrics WHERE project_id = $1::uuid AND name = $2::text",
    values: [projectId, q.name],
  });
  if (!metric) throw notFound(`Metric '${q.name}' not found`);
  const allowed = AGGREGATIONS[metric.type as MetricType] as readonly string[];
  if (!allowed.includes(q.aggregation)) throw field("aggregation", `A ${metric.type} metric aggregates by ${allowed.join(", ")}`);
  if (q.property) throw field("property", "Metrics have no properties; filter or group by tags");
  const countLike = ["count", "unique", "histogram"].includes(q.aggregation);
  return {
    def: aggregationDef(metric.type as MetricType, q.aggregation),
    source: metricSource(projectId, metric),
    unit: countLike ? null : metric.unit,
    rollups: true,
  };
}

interface Computed {
  order: string[];
  groups: Map<string, GroupData>;
  grouping: Grouping;
}

type BuildStatement = (options: { grouping: Grouping; bucketed: boolean; rank?: number; rowCap?: number }) => Statement;

/** Statements for one window: exact SQL over raw rows, or merged partial states when a rollup tier takes part. */
function statementsFor(options: { target: Target; window: Window; query: SingleQuery; segments: Segment[] }): BuildStatement {
  const { target, window, segments } = options;
  const base = { source: target.source, window, filters: options.query.filters ?? [] };
  const partial = target.def.partial;
  if (!partial || segments.every((s) => s.tier === "raw")) return (o) => aggregateSql({ ...base, spec: target.def.raw, ...o });
  return (o) => partialSql({ ...base, partial, segments, ...o });
}

/** Totals per group (ranked, top N kept, the rest folded into OTHER), then the buckets. */
async function compute(options: { exec: Exec; target: Target; statement: BuildStatement; window: Window; query: SingleQuery; grouping: Grouping; order?: string[] }): Promise<Computed> {
  const { exec, target, window, query, statement } = options;
  const limit = query.limit ?? DEFAULT_LIMIT;
  let grouping = options.grouping;
  let order = options.order;
  // Sums, counts, minima and maxima over the range follow exactly from the buckets, which
  // saves a second scan; anything else (avg, percentiles, uniques, last) is read whole.
  const derive = target.def.total === "whole" ? null : target.def.total;
  const totals = async (g: Grouping) => (derive ? null : exec(statement({ grouping: g, bucketed: false })));
  let totalRows: Row[] | null;
  if (order) {
    totalRows = await totals(grouping);
  } else if (grouping.keys.length > 0) {
    const ranked = await exec(statement({ grouping, bucketed: false, rank: limit + 1 }));
    order = ranked.slice(0, limit).map((r) => r.g);
    grouping = { ...grouping, top: order };
    if (ranked.length > limit) {
      order.push(OTHER);
      totalRows = await totals(grouping);
    } else totalRows = ranked;
  } else {
    totalRows = await totals(grouping);
    order = grouping.expr ? [] : [""];
  }
  const rowCap = env().FLUX_QUERY_MAX_ROWS;
  const bucketRows = await exec(statement({ grouping, bucketed: true, rowCap }));
  if (bucketRows.length > rowCap) {
    throw new FluxError({
      code: "invalid",
      message: `The query returns more than ${rowCap} rows`,
      details: [{ field: "interval", message: "Choose a coarser interval, a shorter range or a lower limit" }],
    });
  }
  totalRows ??= totalsFromBuckets(bucketRows, derive!);
  return { order, grouping, groups: assembleGroups({ def: target.def, window, order, bucketRows, totalRows }) };
}

function totalsFromBuckets(rows: Row[], how: "sum" | "min" | "max"): Row[] {
  const byGroup = new Map<string, number>();
  for (const { g, v } of rows) {
    if (v === null) continue;
    const seen = byGroup.get(g);
    byGroup.set(g, seen === undefined ? v : how === "sum" ? seen + v : how === "min" ? Math.min(seen, v) : Math.max(seen, v));
  }
  return [...byGroup].map(([g, v]) => ({ g, b: null, v }));
}

type RunSingleOptions = { exec: Exec; projectId: string; query: SingleQuery; now?: number; tiers?: TierSource };

/** Answers one query: resolves its window and target, computes series, adds the comparison. */
export async function runSingle(options: RunSingleOptions): Promise<QueryResult> {
  return (await runSingleDetailed(options)).result;
}

/** runSingle, also saying whether an absent group means zero (formulas need to know). */
export async function runSingleDetailed(options: RunSingleOptions): Promise<{ result: QueryResult; zeroWhenEmpty: boolean }> {
  const { exec, query } = options;
  const window = resolveWindow({ ...query, now: options.now });
  const target = await resolveTarget(exec, options.projectId, query);
  const keys = query.groupBy ?? [];
  let grouping: Grouping = { keys };
  let edges: HistogramEdges | undefined;
  let order: string[] | undefined;
  if (query.aggregation === "histogram") {
    if (keys.length) throw field("groupBy", "A histogram is one series per value bucket; it cannot be grouped");
    const histogram = await histogramGrouping({ exec, source: target.source, window, filters: query.filters ?? [] });
    if (histogram) {
      grouping = histogram.grouping;
      edges = histogram.edges;
      order = Array.from({ length: edges.count }, (_, i) => String(i));
    } else order = [];
  }
  // Rollups cannot answer value buckets (a histogram needs the values themselves).
  const partial = target.def.partial;
  const available = target.rollups && partial && !edges && options.tiers && options.tiers !== "raw" ? ((await options.tiers()).get(rollupFamily(partial)) ?? []) : [];
  const plan = (w: Window) => {
    const chosen = chooseTier({ window: w, available });
    return { tier: chosen.tier, statement: statementsFor({ target, window: w, query, segments: chosen.segments }) };
  };
  const currentPlan = plan(window);
  const current = await compute({ exec, target, statement: currentPlan.statement, window, query, grouping, order });
  let previous: Computed | undefined;
  if (query.compare) {
    const prevWindow = previousWindow(window, query.compare);
    const prevGrouping = keys.length ? { ...current.grouping, top: current.order.filter((g) => g !== OTHER) } : current.grouping;
    previous = await compute({ exec, target, statement: plan(prevWindow).statement, window: prevWindow, query, grouping: prevGrouping, order: current.order });
  }
  const zero = target.def.empty === 0;
  const series: Series[] = current.order.map((g) => {
    const data = current.groups.get(g)!;
    const s: Series = { ...identity(g, keys, edges), points: pointsOf(window, data.values), total: data.total };
    if (previous) {
      const prev = previous.groups.get(g) ?? { values: window.starts.map(() => (zero ? 0 : null)), total: zero ? 0 : null };
      s.previous = { points: pointsOf(window, prev.values), total: prev.total };
      s.change = percentChange(data.total, prev.total);
    }
    return s;
  });
  const result: QueryResult = {
    from: new Date(window.from).toISOString(),
    to: new Date(window.end).toISOString(),
    interval: window.interval,
    intervalSeconds: window.intervalSeconds,
    timezone: window.timezone,
    tier: currentPlan.tier,
    unit: target.unit,
    series,
  };
  return { result, zeroWhenEmpty: zero };
}

function identity(g: string, keys: string[], edges?: HistogramEdges): Pick<Series, "key" | "tags" | "bucketLow" | "bucketHigh"> {
  if (!edges) return seriesIdentity(g, keys);
  const low = edges.low + Number(g) * edges.step;
  const high = low + edges.step;
  const label = bucketLabel(low, high);
  return { key: `bucket=${label}`, tags: { bucket: label }, bucketLow: low, bucketHigh: high };
}
