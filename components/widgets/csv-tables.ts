import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf, WidgetQuery } from "@/lib/dashboards/schema";
import { formatChange, formatValue } from "@/lib/format/format-value";
import { LIGHT_THEME } from "@/components/charts/chart-theme";
import { buildTableRows, sortRows } from "@/components/charts/options/build-table-rows";
import { aggregationLabel, queryTitle, type ChartContext } from "@/components/charts/options/chart-context";
import { buildGraphOption } from "@/components/charts/options/build-graph-option";
import { rankedTotals } from "@/components/charts/options/build-bar-option";
import { buildNumberView } from "@/components/charts/options/build-number-view";
import { distributionCells, foldWeekHours, HOURS, WEEKDAYS } from "@/components/charts/options/build-heatmap-option";
import { shownNumber, shownValue, uniqueNames, withUnit, zonedDateTime } from "./csv-values";

export type CsvValue = string | number | null;

/** What a widget shows, as a table: named columns, rows of text and rounded numbers. */
export interface CsvTable {
  columns: string[];
  rows: CsvValue[][];
  /** The unit every value column shares, said in the header line; null when mixed or none. */
  unit: string | null;
}

/** How the table heads a query: "Revenue · sum" (its label or display name, and the aggregation). */
export const queryColumnName = (q: WidgetQuery, chart?: ChartContext) => `${queryTitle(q, chart)} · ${aggregationLabel(q.aggregation)}`;

const groupColumnName = (q: WidgetQuery | undefined) => q?.groupBy.join(" · ") || "group";

const sameUnit = (units: (string | null)[]) => (units.length > 0 && units.every((u) => u === units[0]) ? units[0] : null);

/** The table widget: its group column(s), one column per query, rows in its default order, then the totals. */
export function tableCsv(results: QueryResult[], config: ConfigOf<"table">, chart?: ChartContext): CsvTable {
  const table = buildTableRows(results, config, chart);
  const groupBy = config.queries[0]?.groupBy ?? [];
  const tagsByKey = new Map((results[0]?.series ?? []).map((s) => [s.key, s.tags]));
  const groupColumns = groupBy.length > 0 ? groupBy : [table.groupLabel];
  const values = (vs: (number | null)[]) => vs.map((v, i) => shownValue(v, table.columns[i]?.unit));
  const rows: CsvValue[][] = sortRows(table.rows, 0, "desc").map((r) => {
    const tags = tagsByKey.get(r.key) ?? {};
    const groups = groupBy.length > 0 && Object.keys(tags).length > 0 ? groupBy.map((k) => tags[k] ?? "") : [r.label, ...groupBy.slice(1).map(() => "")];
    return [...groups, ...values(r.values)];
  });
  if (table.totals.some((t) => t !== null)) rows.push(["Total", ...groupColumns.slice(1).map(() => ""), ...values(table.totals)]);
  return {
    columns: uniqueNames([...groupColumns, ...table.columns.map((c) => withUnit(c.label, c.unit))]),
    rows,
    unit: sameUnit(table.columns.map((c) => c.unit)),
  };
}

type DataItem = [number, number | null] | { value?: [number, number | null] } | null | undefined;
const pointOf = (d: DataItem): [number, number | null] | null => {
  const p = Array.isArray(d) ? d : d?.value;
  return Array.isArray(p) && typeof p[0] === "number" ? [p[0], typeof p[1] === "number" ? p[1] : null] : null;
};

/**
 * The graph: one row per bucket, one column per line the chart draws (named as in its
 * legend, "(previous)" lines included), read from the very option the chart renders.
 */
export function graphCsv(results: QueryResult[], config: ConfigOf<"graph">, chart?: ChartContext): CsvTable {
  const option = buildGraphOption(results, config, LIGHT_THEME, chart) as { series: { name?: string; type?: string; data?: DataItem[] }[] };
  const unit = config.unit ?? results.find((r) => r.unit)?.unit ?? null;
  const lines = option.series.filter((s) => s.type === "line" || s.type === undefined);
  const byTime = lines.map((s) => new Map((s.data ?? []).map(pointOf).filter((p): p is [number, number | null] => p !== null)));
  const times = [...new Set(byTime.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const zone = results[0]?.timezone || "UTC";
  return {
    columns: uniqueNames([`time (${zone})`, ...lines.map((s) => withUnit(s.name ?? "", unit))]),
    rows: times.map((t) => [zonedDateTime(t, zone), ...byTime.map((m) => shownValue(m.get(t), unit))]),
    unit,
  };
}

/** Bar: one row per group, ranked as the bars are. */
export function barCsv(result: QueryResult, config: ConfigOf<"bar">, chart?: ChartContext): CsvTable {
  const unit = config.unit ?? result.unit;
  const rows = rankedTotals(result, config.query.label || config.query.name);
  return {
    columns: uniqueNames([groupColumnName(config.query), withUnit(queryColumnName(config.query, chart), unit)]),
    rows: rows.map((r) => [r.label, shownValue(r.value, unit)]),
    unit,
  };
}

const share = (v: number, total: number) => shownNumber(total > 0 ? (v / total) * 100 : null, (x) => x.toFixed(1));

/** Pie: one row per slice with its value and share of the whole, then the total. */
export function pieCsv(result: QueryResult, config: ConfigOf<"pie">, chart?: ChartContext): CsvTable {
  const unit = config.unit ?? result.unit;
  const rows = rankedTotals(result, config.query.label || config.query.name).filter((r) => r.value > 0);
  const total = rows.reduce((sum, r) => sum + r.value, 0);
  return {
    columns: uniqueNames([groupColumnName(config.query), withUnit(queryColumnName(config.query, chart), unit), "share (%)"]),
    rows: [...rows.map((r) => [r.label, shownValue(r.value, unit), share(r.value, total)]), ["Total", shownValue(total, unit), rows.length > 0 ? 100 : null]],
    unit,
  };
}

/** Number: the value, the previous period's and the change, as the widget says them. */
export function numberCsv(result: QueryResult | undefined, config: ConfigOf<"number">, chart?: ChartContext): CsvTable {
  const view = result ? buildNumberView(result, config) : null;
  const unit = view?.unit ?? config.unit ?? null;
  const name = queryColumnName(config.query, chart);
  return {
    columns: uniqueNames([withUnit(name, unit), withUnit("previous period", unit), "change (%)"]),
    rows: [[shownValue(view?.value, unit), shownValue(view?.previous, unit), shownNumber(view?.change, (v) => formatChange(v) ?? "")]],
    unit,
  };
}

/**
 * Heatmap, rows as drawn: a row per weekday and a column per hour of day, or (value buckets
 * of a distribution) a row per time and a column per value bucket with its unit.
 */
export function heatmapCsv(result: QueryResult, config: ConfigOf<"heatmap">): CsvTable {
  const unit = config.unit ?? result.unit;
  const zone = result.timezone || "UTC";
  if (config.mode === "week_hours") {
    const grid = WEEKDAYS.map(() => HOURS.map((): number | null => null));
    for (const [h, d, v] of foldWeekHours(result, config.query.aggregation)) grid[d][h] = v;
    return {
      columns: [`day (${zone})`, ...HOURS.map((h) => `${h}:00`)],
      rows: WEEKDAYS.map((day, d) => [day, ...grid[d].map((v) => shownValue(v, unit))]),
      unit,
    };
  }
  const dist = distributionCells(result, unit);
  const grid = dist.times.map(() => dist.buckets.map((): number | null => null));
  for (const [x, y, v] of dist.cells) grid[x][y] = v;
  return {
    // Cells count observations; the buckets are ranges of the metric's values, labelled in its unit as drawn.
    columns: uniqueNames([`time (${zone})`, ...dist.buckets]),
    rows: dist.times.map((t, x) => [zonedDateTime(t, zone), ...grid[x].map((v) => shownNumber(v, (n) => formatValue(n)))]),
    unit: null,
  };
}
