import type { QueryResult } from "@/lib/query/model";

const cell = (v: string | number | null) => {
  if (v === null) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * A widget's data as CSV: one row per point (query, series, each tag, time, value), then
 * one row per series total, so both the chart and the headline numbers are exported.
 */
export function resultsToCsv(results: QueryResult[], labels: string[]): string {
  const tagKeys = [...new Set(results.flatMap((r) => r.series.flatMap((s) => Object.keys(s.tags))))].sort();
  const lines = [["query", "series", ...tagKeys, "time", "value"].map(cell).join(",")];
  results.forEach((r, qi) => {
    for (const s of r.series) {
      const prefix = [labels[qi] ?? `query ${qi + 1}`, s.key, ...tagKeys.map((k) => s.tags[k] ?? "")];
      for (const [t, v] of s.points) lines.push([...prefix, new Date(t).toISOString(), v].map(cell).join(","));
      lines.push([...prefix, "total", s.total].map(cell).join(","));
    }
  });
  return `${lines.join("\n")}\n`;
}
