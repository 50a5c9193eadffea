import { ANOMALY_KINDS, SEVERITIES } from "@/lib/anomaly/anomaly-schemas";

// The anomalies list's filters live in the URL, so a filtered list survives a reload and can be
// shared. Each parameter that is missing or not understood falls back to "any" on its own: a
// hand-edited URL never breaks the page. Pure and client-safe.

export const STATUSES = ["all", "open", "closed"] as const;
export const ACKNOWLEDGED = ["", "yes", "no"] as const;
export const SOURCES = ["", "metric", "event"] as const;
/** Relative windows the list offers; "" is all time. */
export const RANGES = [
  { value: "", label: "Any time", ms: null },
  { value: "24h", label: "Last 24 hours", ms: 24 * 3_600_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { value: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
  { value: "90d", label: "Last 90 days", ms: 90 * 86_400_000 },
] as const;

export interface AnomalyFilters {
  status: (typeof STATUSES)[number];
  kind: "" | (typeof ANOMALY_KINDS)[number];
  minSeverity: "" | (typeof SEVERITIES)[number];
  source: (typeof SOURCES)[number];
  name: string;
  acknowledged: (typeof ACKNOWLEDGED)[number];
  range: (typeof RANGES)[number]["value"];
  cursor: string;
}

export const DEFAULT_FILTERS: AnomalyFilters = { status: "all", kind: "", minSeverity: "", source: "", name: "", acknowledged: "", range: "", cursor: "" };

type Params = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const oneOf = <T extends string>(values: readonly T[], v: string, fallback: T): T => ((values as readonly string[]).includes(v) ? (v as T) : fallback);

export function parseAnomalyFilters(params: Params): AnomalyFilters {
  const name = first(params.name).trim();
  const cursor = first(params.cursor);
  return {
    status: oneOf(STATUSES, first(params.status), "all"),
    kind: oneOf(["", ...ANOMALY_KINDS], first(params.kind), ""),
    minSeverity: oneOf(["", ...SEVERITIES], first(params.severity), ""),
    source: oneOf(SOURCES, first(params.source), ""),
    // The catalog's names are at most 200 characters; a longer one names nothing.
    name: name.length <= 200 ? name : "",
    acknowledged: oneOf(ACKNOWLEDGED, first(params.ack), ""),
    range: oneOf(RANGES.map((r) => r.value), first(params.range), ""),
    cursor: cursor.length <= 200 ? cursor : "",
  };
}

/** The URL's query string for these filters: defaults are left out; "" when everything is. */
export function filtersSearch(filters: AnomalyFilters): string {
  const q = new URLSearchParams();
  if (filters.status !== "all") q.set("status", filters.status);
  if (filters.kind) q.set("kind", filters.kind);
  if (filters.minSeverity) q.set("severity", filters.minSeverity);
  if (filters.source) q.set("source", filters.source);
  if (filters.name) q.set("name", filters.name);
  if (filters.acknowledged) q.set("ack", filters.acknowledged);
  if (filters.range) q.set("range", filters.range);
  if (filters.cursor) q.set("cursor", filters.cursor);
  return q.toString();
}

/** Whether anything narrows the list (the cursor only pages through it). */
export function isFiltered(filters: AnomalyFilters): boolean {
  return filtersSearch({ ...filters, cursor: "" }) !== "";
}

/** What listAnomalies is asked (its schema, ListAnomaliesInput, checks it again). */
export interface ListInput {
  status: AnomalyFilters["status"];
  kind?: (typeof ANOMALY_KINDS)[number];
  minSeverity?: (typeof SEVERITIES)[number];
  source?: "metric" | "event";
  name?: string;
  acknowledged?: boolean;
  from?: string;
  cursor?: string;
  limit: number;
}

/** The input of listAnomalies for these filters, with relative ranges measured back from `now`. */
export function listInput(filters: AnomalyFilters, now: number, limit: number): ListInput {
  const ms = RANGES.find((r) => r.value === filters.range)?.ms ?? null;
  return {
    status: filters.status,
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.minSeverity ? { minSeverity: filters.minSeverity } : {}),
    ...(filters.source ? { source: filters.source } : {}),
    ...(filters.name ? { name: filters.name } : {}),
    ...(filters.acknowledged ? { acknowledged: filters.acknowledged === "yes" } : {}),
    ...(ms !== null ? { from: new Date(now - ms).toISOString() } : {}),
    ...(filters.cursor ? { cursor: filters.cursor } : {}),
    limit,
  };
}
