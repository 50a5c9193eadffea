import { z } from "zod";
import type { WidgetConfig, WidgetQuery } from "@/lib/dashboards/schema";
import { QUERY_NAMES, widgetQueries } from "@/lib/dashboards/widget-request";
import type { QueryResult, Series } from "@/lib/query/model";

// A widget's answer as the few numbers a person reads off it, for a model: pure, so each
// widget type's reading is unit-tested on its own.

export const MAX_WIDGET_ROWS = 10;

export const WidgetNumbers = z.object({
  columns: z.array(z.string()).describe('what each of a row\'s values is; "over range" is the aggregation over the whole range, "change %" against the previous period of the same length'),
  rows: z.array(z.object({ label: z.string(), values: z.array(z.number().nullable()) })),
  omittedRows: z.number(),
});
export type WidgetNumbers = z.infer<typeof WidgetNumbers>;

const labelOf = (q: WidgetQuery) => q.label || `${q.name} ${q.aggregation}`;
const groupLabel = (s: Series) => (s.key === "*" ? "" : Object.values(s.tags).join(", ") || s.key);
const lastValue = (s: Series) => [...s.points].reverse().find((p) => p[1] !== null)?.[1] ?? null;

function top(rows: WidgetNumbers["rows"], cap = MAX_WIDGET_ROWS): Pick<WidgetNumbers, "rows" | "omittedRows"> {
  return { rows: rows.slice(0, cap), omittedRows: Math.max(0, rows.length - cap) };
}

/** The numbers a widget shows, from the results of its widgetRequest (keyed a, b, …). */
export function summariseWidget(config: WidgetConfig, results: Record<string, QueryResult>): WidgetNumbers {
  const queries = widgetQueries(config);
  const a = results.a?.series ?? [];
  switch (config.type) {
    case "number": {
      const s = a[0];
      return { columns: ["over range", "previous period", "change %"], rows: [{ label: labelOf(config.query), values: [s?.total ?? null, s?.previous?.total ?? null, s?.change ?? null] }], omittedRows: 0 };
    }
    case "graph": {
      const rows = queries.flatMap((q, i) =>
        (results[QUERY_NAMES[i]]?.series ?? []).map((s) => ({
          label: [labelOf(q), groupLabel(s)].filter(Boolean).join(" · "),
          values: config.compare ? [s.total, lastValue(s), s.change ?? null] : [s.total, lastValue(s)],
        })),
      );
      return { columns: config.compare ? ["over range", "last bucket", "change %"] : ["over range", "last bucket"], ...top(rows) };
    }
    case "bar":
    case "pie": {
      const sorted = [...a].sort((x, y) => (y.total ?? -Infinity) - (x.total ?? -Infinity));
      const sum = sorted.reduce((t, s) => t + (s.total ?? 0), 0);
      const rows = sorted.map((s) => ({ label: groupLabel(s) || labelOf(config.query), values: [s.total, sum > 0 && s.total !== null ? (s.total / sum) * 100 : null] }));
      return { columns: ["over range", "share %"], ...top(rows) };
    }
    case "table": {
      const byKey = queries.map((_, i) => new Map((results[QUERY_NAMES[i]]?.series ?? []).map((s) => [s.key, s.total])));
      const rows = a.map((s) => ({ label: groupLabel(s) || "all", values: byKey.map((m) => m.get(s.key) ?? null) }));
      return { columns: queries.map(labelOf), ...top(rows) };
    }
    case "heatmap": {
      if (config.mode === "distribution") {
        return { columns: ["count"], ...top(a.map((s) => ({ label: s.tags.bucket ?? s.key, values: [s.total] })), 20) };
      }
      const s = a[0];
      const peak = s?.points.reduce<[number, number] | null>((best, [t, v]) => (v !== null && (!best || v > best[1]) ? [t, v] : best), null) ?? null;
      const rows = [{ label: labelOf(config.query), values: [s?.total ?? null] }];
      if (peak) rows.push({ label: `busiest hour, starting ${new Date(peak[0]).toISOString()}`, values: [peak[1]] });
      return { columns: ["over range"], rows, omittedRows: 0 };
    }
  }
}
