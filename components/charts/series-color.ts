import type { Series } from "@/lib/query/model";
import type { ChartTheme } from "./chart-theme";

// A series' colour follows what it is, never where it ranks: the same group of the same metric
// has the same colour in every widget, after every refresh and at every time range. The key is
// hashed into the theme's palette; the group the query engine folds the rest into is grey.

/** The identity of the remainder group, whatever the query (see OTHER in lib/query/aggregate-sql.ts). */
export const OTHER_SERIES = "other";

/**
 * Whether a series is the group past the limit: the query engine gives it "other" for every
 * tag (lib/query/assemble-series.ts). A real group whose every tag value is "other" looks the
 * same in a result, and is coloured the same.
 */
export function isOtherSeries(series: Pick<Series, "key" | "tags">): boolean {
  const values = Object.values(series.tags);
  return series.key !== "*" && values.length > 0 && values.every((v) => v === OTHER_SERIES);
}

/** "signups" + "plan=free" → one key; the "other" group of any query → OTHER_SERIES. */
export function seriesKey(queryName: string, series: Pick<Series, "key" | "tags">): string {
  return isOtherSeries(series) ? OTHER_SERIES : `${queryName}\u0000${series.key}`;
}

/** FNV-1a: small, fast and well spread for short strings; the same in every browser. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const slotOf = (key: string, size: number) => hash(key) % size;

/** The colour of a series by its identity (seriesKey), stable across widgets, refreshes and ranges. */
export function seriesColor(key: string, theme: ChartTheme): string {
  if (key === OTHER_SERIES) return theme.other;
  return theme.palette[slotOf(key, theme.palette.length)];
}

/**
 * Colours for the series one chart draws together. Each keeps its own colour (seriesColor)
 * unless another series of the chart hashed to it too; then the one whose key sorts later
 * takes the next free colour. The order depends only on the keys, never on rank, so a
 * reordering never swaps colours; only a new series that collides may move another.
 */
export function seriesColors(keys: string[], theme: ChartTheme): Map<string, string> {
  const size = theme.palette.length;
  const uses = new Array<number>(size).fill(0);
  const colors = new Map<string, string>();
  const distinct = [...new Set(keys)].sort();
  for (const key of distinct) {
    if (key === OTHER_SERIES) {
      colors.set(key, theme.other);
      continue;
    }
    const least = Math.min(...uses);
    let slot = slotOf(key, size);
    while (uses[slot] > least) slot = (slot + 1) % size;
    uses[slot] += 1;
    colors.set(key, theme.palette[slot]);
  }
  return colors;
}
