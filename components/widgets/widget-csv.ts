import type { QueryResult } from "@/lib/query/model";
import type { WidgetConfig } from "@/lib/dashboards/schema";
import type { ChartContext } from "@/components/charts/options/chart-context";
import { barCsv, graphCsv, heatmapCsv, numberCsv, pieCsv, tableCsv, type CsvTable } from "./csv-tables";
import { zonedDateTime } from "./csv-values";

// A spreadsheet evaluates a text cell that starts with = + - @ (or tab, CR, LF, NUL, or
// spaces before one of them) as a formula: =HYPERLINK() leaks data, DDE runs commands
// (OWASP "CSV injection"). Such text gets a leading apostrophe, which spreadsheets read as
// "text" and do not show. Numbers are written as numbers, so -5 stays a negative value.
const FORMULA_START = /^[\s\u0000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n\u0000]/;
// Text that is only a decimal number ("-5", "-1.5e3") is read as that number, never a formula.
const NUMBER_TEXT = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** One CSV field: formula-looking text neutralised, then quoted when it holds a quote, comma or line break. */
export function csvCell(v: string | number | null): string {
  if (v === null) return "";
  let s: string;
  if (typeof v === "number") s = Number.isFinite(v) ? String(v) : "";
  else s = FORMULA_START.test(v) && !NUMBER_TEXT.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** What the header line says about the view the data was read in. */
export interface CsvContext {
  title: string;
  /** How the range reads in the toolbar: "Last 7 days". */
  rangeLabel: string;
  /** The zone the dashboard counts days and hours in (the results' own zone wins). */
  timezone: string;
}

/**
 * The first line: "# Revenue — Last 7 days (2026-11-23 14:00 – 2026-11-30 14:00, Europe/Berlin)
 * · unit USD". One CSV field (quoted when it holds a comma), so a reader can skip one row.
 */
export function csvHeaderLine(results: QueryResult[] | undefined, table: Pick<CsvTable, "unit">, context: CsvContext): string {
  const line = `# ${context.title} — ${rangeCaption(results, context)}${table.unit ? ` · unit ${table.unit}` : ""}`;
  return csvCell(line.replace(/\s+/g, " "));
}

/** "Last 7 days (2026-11-23 14:00 – 2026-11-30 14:00, Europe/Berlin)": the range as queried, in its zone. */
export function rangeCaption(results: QueryResult[] | undefined, context: Pick<CsvContext, "rangeLabel" | "timezone">): string {
  const first = results?.[0];
  const zone = first?.timezone || context.timezone || "UTC";
  const from = first ? Date.parse(first.from) : NaN;
  const to = first ? Date.parse(first.to) : NaN;
  const span = Number.isFinite(from) && Number.isFinite(to) ? `${zonedDateTime(from, zone)} – ${zonedDateTime(to, zone)}, ` : "";
  return `${context.rangeLabel} (${span}${zone})`;
}

/** The table a widget shows, by widget type (csv-tables.ts). */
export function widgetCsvTable(config: WidgetConfig, results: QueryResult[], chart?: ChartContext): CsvTable {
  switch (config.type) {
    case "table":
      return tableCsv(results, config, chart);
    case "graph":
      return graphCsv(results, config, chart);
    case "bar":
      return barCsv(results[0] ?? EMPTY, config, chart);
    case "pie":
      return pieCsv(results[0] ?? EMPTY, config, chart);
    case "number":
      return numberCsv(results[0], config, chart);
    case "heatmap":
      return heatmapCsv(results[0] ?? EMPTY, config);
  }
}

const EMPTY: QueryResult = { from: "", to: "", interval: "", intervalSeconds: 60, timezone: "UTC", tier: "raw", unit: null, series: [] };

/**
 * A widget's CSV: the header line, the column names, then the rows it shows, rounded as shown.
 * `chart` is the catalog context the widget renders with (display names, metric types).
 */
export function widgetCsv({ config, results, context, chart }: { config: WidgetConfig; results: QueryResult[]; context: CsvContext; chart?: ChartContext }): string {
  const table = widgetCsvTable(config, results, chart);
  const lines = [csvHeaderLine(results, table, context), table.columns.map(csvCell).join(","), ...table.rows.map((r) => r.map(csvCell).join(","))];
  return `${lines.join("\n")}\n`;
}
