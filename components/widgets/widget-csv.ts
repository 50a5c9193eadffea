import type { QueryResult } from "@/lib/query/model";

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

/**
 * A widget's data as CSV: one row per point (query, series, each tag, time, value), then
 * one row per series total, so both the chart and the headline numbers are exported.
 */
export function resultsToCsv(results: QueryResult[], labels: string[]): string {
  const tagKeys = [...new Set(results.flatMap((r) => r.series.flatMap((s) => Object.keys(s.tags))))].sort();
  const lines = [["query", "series", ...tagKeys, "time", "value"].map(csvCell).join(",")];
  results.forEach((r, qi) => {
    for (const s of r.series) {
      const prefix = [labels[qi] ?? `query ${qi + 1}`, s.key, ...tagKeys.map((k) => s.tags[k] ?? "")];
      for (const [t, v] of s.points) lines.push([...prefix, new Date(t).toISOString(), v].map(csvCell).join(","));
      lines.push([...prefix, "total", s.total].map(csvCell).join(","));
    }
  });
  return `${lines.join("\n")}\n`;
}
