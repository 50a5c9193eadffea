"use client";

import { useMemo, useState } from "react";
import { buildTableRows, sortRows } from "@/components/charts/options/build-table-rows";
import { formatValue } from "@/lib/format/format-value";
import { NoData } from "./widget-message";
import type { WidgetOptionsProps, WidgetRendererProps } from "./types";

/** A leaderboard: HTML, not canvas, so it sorts, selects and reads well with a screen reader. */
export function TableWidget({ widgetId, config, results, context }: WidgetRendererProps<"table">) {
  const table = useMemo(() => buildTableRows(results, config, context), [results, config, context]);
  const [sort, setSort] = useState<{ column: number; dir: "asc" | "desc" }>({ column: 0, dir: "desc" });
  const rows = sortRows(table.rows, sort.column, sort.dir);
  const toggle = (column: number) => setSort((s) => ({ column, dir: s.column === column && s.dir === "desc" ? "asc" : "desc" }));
  const aria = (column: number) => (sort.column === column ? (sort.dir === "asc" ? "ascending" : "descending") : "none");
  // Rows are the first query's groups: without them there is nothing to rank.
  if (rows.length === 0) return <NoData name={config.queries[0].name} />;
  return (
    <div className="table-widget">
      <table className="list leaderboard" data-testid={`table-${widgetId}`}>
        <thead>
          <tr>
            <th className="rank">#</th>
            <th aria-sort={aria(-1)}><button type="button" onClick={() => toggle(-1)}>{table.groupLabel}</button></th>
            {table.columns.map((c, i) => (
              <th key={i} aria-sort={aria(i)} className="num"><button type="button" onClick={() => toggle(i)}>{c.label}{sort.column === i ? (sort.dir === "desc" ? " ↓" : " ↑") : ""}</button></th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, idx) => (
            <tr key={r.key} data-row={r.label}>
              <td className="rank muted">{idx + 1}</td>
              <td>{r.label}</td>
              {r.values.map((v, i) => (
                <td key={i} className="num" data-value={v ?? ""}>{formatValue(v, table.columns[i].unit)}</td>
              ))}
            </tr>
          ))}
        </tbody>
        {table.totals.some((t) => t !== null) && (
          <tfoot>
            <tr>
              <td />
              <td>Total</td>
              {table.totals.map((t, i) => (
                <td key={i} className="num" data-total={t ?? ""}>{t === null ? "" : formatValue(t, table.columns[i].unit)}</td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

export function TableOptions(_props: WidgetOptionsProps<"table">) {
  return <p className="small muted">Rows are the groups of the first metric; add more metrics above for more columns.</p>;
}
