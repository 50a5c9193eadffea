import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { seriesLabel } from "./series-label";
import { aggregationLabel, queryTitle, type ChartContext } from "./chart-context";

export interface TableColumn {
  label: string;
  unit: string | null;
  /** Whether a column total is meaningful (sums add; averages and percentiles do not). */
  additive: boolean;
}
export interface TableRow {
  key: string;
  label: string;
  values: (number | null)[];
}

const ADDITIVE = new Set(["count", "sum", "rate", "per_second"]);

/**
 * A leaderboard: the groups of the first query, one column per query, matched by series key.
 * Totals add up only the additive columns; the rest show the whole-range value when ungrouped.
 */
export function buildTableRows(results: QueryResult[], config: ConfigOf<"table">, context?: ChartContext) {
  const columns: TableColumn[] = config.queries.map((q, i) => ({
    // "Revenue · sum": the label or the catalog's display name, and what is done to it.
    label: `${queryTitle(q, context)} · ${aggregationLabel(q.aggregation)}`,
    unit: config.queries.length === 1 ? (config.unit ?? results[i]?.unit ?? null) : (results[i]?.unit ?? null),
    additive: ADDITIVE.has(q.aggregation),
  }));
  const first = results[0]?.series ?? [];
  const lookups = results.map((r) => new Map(r.series.map((s) => [s.key, s.total])));
  const rows: TableRow[] = first.map((s) => ({
    key: s.key,
    label: seriesLabel(s, config.queries[0]?.label || config.queries[0]?.name || "All"),
    values: lookups.map((m) => m.get(s.key) ?? null),
  }));
  const totals = columns.map((c, i) => (c.additive ? rows.reduce((sum, r) => sum + (r.values[i] ?? 0), 0) : null));
  return { columns, rows, totals, groupLabel: config.queries[0]?.groupBy.join(" · ") || "Group" };
}

export function sortRows(rows: TableRow[], column: number, dir: "asc" | "desc"): TableRow[] {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (column < 0) return sign * a.label.localeCompare(b.label);
    const av = a.values[column] ?? Number.NEGATIVE_INFINITY;
    const bv = b.values[column] ?? Number.NEGATIVE_INFINITY;
    return sign * (av - bv);
  });
}
