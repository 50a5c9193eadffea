import type { MetricType } from "./model";
import type { AggSpec, Source } from "./aggregate-sql";
import type { SqlParams } from "./sql-params";

export interface MetricRef {
  id: number;
  type: MetricType;
  unit: string | null;
}

/** Points (or set members) of one metric in one project, joined to their series' tags. */
export function metricSource(projectId: string, metric: MetricRef) {
  return (p: SqlParams): Source => {
    const table = metric.type === "set" ? "set_points" : "points";
    return {
      from: `${table} d`,
      where: [],
      series: { table, where: [`s.project_id = ${p.uuid(projectId)}`, `s.metric_id = ${p.int(metric.id)}`] },
      time: "d.time",
      value: metric.type === "set" ? "d.member" : "d.value",
      seriesId: "d.series_id",
      field: (key) => {
        const k = p.text(key);
        return { text: `(s.tags->>${k})`, exists: `(s.tags ? ${k})` };
      },
    };
  };
}

const PERCENTILES: Record<string, number> = { p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 };
const plain = (expr: (s: Source) => string): AggSpec => ({ kind: "plain", expr });

/** The SQL aggregate behind each metric aggregation (DESIGN.md semantics table). */
export function metricSpec(type: MetricType, aggregation: string): AggSpec {
  if (type === "set") return plain((s) => `count(DISTINCT ${s.value})`);
  if (type === "counter") return plain((s) => `sum(${s.value})`);
  if (type === "gauge") {
    if (aggregation === "last") return { kind: "series_last", combine: "avg" };
    if (aggregation === "sum") return { kind: "series_last", combine: "sum" };
    return plain((s) => `${aggregation}(${s.value})`);
  }
  if (aggregation in PERCENTILES) {
    // Interpolated (percentile_cont) over every raw value in the bucket, merged across series.
    return plain((s) => `percentile_cont(${PERCENTILES[aggregation]}) WITHIN GROUP (ORDER BY ${s.value})`);
  }
  if (aggregation === "count" || aggregation === "histogram") return plain(() => "count(*)");
  return plain((s) => `${aggregation}(${s.value})`);
}
