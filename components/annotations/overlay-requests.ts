import type { ConfigOf, WidgetQuery } from "@/lib/dashboards/schema";
import type { QueryResult } from "@/lib/query/model";
import { BAND_INTERVALS } from "@/lib/anomaly/anomaly-schemas";

// Which overlays a graph asks for, from its config and the window its data covers. Pure, so
// the rules are unit-tested: the band is the detector's view of one series, so it is drawn
// only where the graph's first query is one series (no group-by, equality filters on tags).

export interface OverlayWindow {
  from: string;
  to: string;
  intervalSeconds: number;
}

/** The window the graph shows: its queries' union. */
export function overlayWindow(results: readonly QueryResult[] | undefined): OverlayWindow | null {
  const froms = (results ?? []).map((r) => Date.parse(r.from)).filter(Number.isFinite);
  const tos = (results ?? []).map((r) => Date.parse(r.to)).filter(Number.isFinite);
  if (froms.length === 0 || tos.length === 0) return null;
  const from = Math.min(...froms);
  const to = Math.max(...tos);
  if (!(to > from)) return null;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), intervalSeconds: Math.max(...(results ?? []).map((r) => r.intervalSeconds)) };
}

/** The metrics and events whose anomaly episodes the graph marks, each once. */
export function anomalySources(config: ConfigOf<"graph">): { source: WidgetQuery["source"]; name: string }[] {
  const seen = new Map<string, { source: WidgetQuery["source"]; name: string }>();
  for (const q of config.queries) if (q.name) seen.set(`${q.source}:${q.name}`, { source: q.source, name: q.name });
  return [...seen.values()];
}

const BAND_SECONDS: Record<(typeof BAND_INTERVALS)[number], number> = { "1m": 60, "5m": 300, "15m": 900, "1h": 3600 };

/** The band's bucket: the coarsest the detector offers that is not coarser than the graph's. */
export function bandInterval(intervalSeconds: number): (typeof BAND_INTERVALS)[number] {
  let chosen: (typeof BAND_INTERVALS)[number] = "1m";
  for (const i of BAND_INTERVALS) if (BAND_SECONDS[i] <= intervalSeconds) chosen = i;
  return chosen;
}

/** The band request of a graph, or null when it asks for none or its first query is not one series. */
export function bandRequest(config: ConfigOf<"graph">, window: OverlayWindow | null) {
  const q = config.queries[0];
  if (!config.expectedBand || !window || !q?.name || q.groupBy.length > 0) return null;
  const tags: Record<string, string> = {};
  for (const f of q.filters) {
    if (q.source !== "metric" || f.op !== "eq" || typeof f.value !== "string") return null;
    tags[f.key] = f.value;
  }
  return {
    source: q.source,
    name: q.name,
    aggregation: q.aggregation,
    ...(Object.keys(tags).length > 0 ? { tags: JSON.stringify(tags) } : {}),
    from: window.from,
    to: window.to,
    interval: bandInterval(window.intervalSeconds),
  };
}

/** Why a graph draws no band though asked to (said next to the editor's checkbox). */
export function bandUnavailableReason(config: ConfigOf<"graph">): string | null {
  const q = config.queries[0];
  if (!q) return null;
  if (q.groupBy.length > 0) return "Drawn for a single series: remove the group-by of the first query.";
  if (q.filters.some((f) => q.source !== "metric" || f.op !== "eq" || typeof f.value !== "string")) return "Drawn for a single series: only equality filters on metric tags.";
  return null;
}
