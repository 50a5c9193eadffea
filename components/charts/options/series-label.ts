import type { Series } from "@/lib/query/model";

/** "endpoint=/users, region=eu" → "/users · eu"; the ungrouped series takes the fallback. */
export function seriesLabel(series: Pick<Series, "key" | "tags">, fallback: string): string {
  const values = Object.values(series.tags);
  if (series.key === "*" || values.length === 0) return fallback;
  return values.join(" · ");
}
