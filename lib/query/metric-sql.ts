import type { MetricType } from "./model";
import type { Source } from "./aggregate-sql";
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
      table,
      alias: "d",
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
