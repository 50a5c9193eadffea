import type { Point } from "./model";
import { OTHER, type Row } from "./aggregate-sql";
import type { Window } from "./resolve-range";
import type { AggregationDef } from "./aggregations";

export interface GroupData {
  values: (number | null)[];
  total: number | null;
}

/** Turns `g, b, v` rows into one value per bucket per group, with empty buckets filled. */
export function assembleGroups(options: { def: Pick<AggregationDef, "empty" | "post">; window: Window; order: string[]; bucketRows: Row[]; totalRows: Row[] }): Map<string, GroupData> {
  const { def, window } = options;
  const index = new Map(window.starts.map((s, i) => [s, i]));
  const zero = def.empty === 0;
  const perSecond = def.post === "per_second";
  const groups = new Map<string, GroupData>();
  for (const g of options.order) groups.set(g, { values: window.starts.map(() => null), total: null });
  for (const row of options.bucketRows) {
    const i = row.b === null ? undefined : (index.get(Number(row.b)) ?? containing(window, Number(row.b)));
    const group = groups.get(row.g);
    if (group && i !== undefined) group.values[i] = row.v;
  }
  for (const row of options.totalRows) {
    const group = groups.get(row.g);
    if (group) group.total = row.v;
  }
  for (const group of groups.values()) {
    if (zero) {
      group.values = group.values.map((v) => v ?? 0);
      group.total ??= 0;
    }
    if (perSecond) {
      group.values = group.values.map((v, i) => (v === null ? null : v / ((window.ends[i] - window.starts[i]) / 1000)));
      if (group.total !== null) group.total /= (window.end - window.from) / 1000;
    }
    if (def.post === "cumulative") {
      let running = 0;
      group.values = group.values.map((v) => (running += v ?? 0));
    }
  }
  return groups;
}

/**
 * The bucket holding an instant, for the rare zone whose local midnight does not exist (a
 * DST gap at 00:00), where PostgreSQL and Intl may name the day's start differently.
 */
function containing(window: Window, t: number): number | undefined {
  let lo = 0;
  let hi = window.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < window.starts[mid]) hi = mid - 1;
    else if (t >= window.ends[mid]) lo = mid + 1;
    else return mid;
  }
  return undefined;
}

export function pointsOf(window: Window, values: (number | null)[]): Point[] {
  return window.starts.map((s, i) => [s, values[i] ?? null]);
}

/** A group id (JSON array of tag values) as series tags and a stable key. */
export function seriesIdentity(groupId: string, keys: string[]): { key: string; tags: Record<string, string> } {
  if (keys.length === 0) return { key: "*", tags: {} };
  const values: (string | null)[] = groupId === OTHER ? keys.map(() => "other") : JSON.parse(groupId);
  const tags: Record<string, string> = {};
  keys.forEach((k, i) => (tags[k] = values[i] ?? "(none)"));
  return { key: keys.map((k) => `${k}=${tags[k]}`).join(","), tags };
}

export function percentChange(total: number | null, previous: number | null): number | null {
  if (total === null || previous === null || previous === 0) return null;
  return ((total - previous) / Math.abs(previous)) * 100;
}
