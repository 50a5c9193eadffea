import { INTERVALS, RELATIVE_RANGES, Timezone, type Interval } from "@/lib/query/model";
import { INTERVAL_MS, MAX_BUCKETS, offsetToMs } from "@/lib/query/resolve-range";
import { queryInstantMs } from "@/lib/time/instant";
import { REFRESH_CHOICES } from "./constants";
import type { DashboardDefinition, WidgetRange } from "./schema";

// What one viewer looks at: the URL's range, interval, zone and refresh over the dashboard's
// saved defaults. The server page and the browser read the URL with these same functions, so
// the server-rendered widget data answers the very requests the browser would send.
// Client-safe: zod and pure functions only.

export interface ViewState {
  range: WidgetRange;
  interval: Interval;
  /** Always a concrete zone: the URL's, else the dashboard's, else the viewer's own. */
  timezone: string;
  refreshSeconds: number;
}

/** The cookie in which the browser tells the server its zone (the server cannot know it otherwise). */
export const VIEWER_ZONE_COOKIE = "flux-tz";

export type SavedView = Pick<DashboardDefinition, "range" | "interval" | "refreshSeconds" | "timezone">;

/** A zone name as PostgreSQL spells it, or null for anything else (hostile text included). */
export function knownTimeZone(name: string | null | undefined): string | null {
  if (!name) return null;
  const parsed = Timezone.safeParse(name);
  return parsed.success ? parsed.data : null;
}

/** The view a visit without parameters shows: the saved defaults, in the viewer's zone unless the dashboard names one. */
export function viewDefaults(saved: SavedView, viewerZone: string): ViewState {
  return normalizeView({ range: saved.range, interval: saved.interval, timezone: saved.timezone ?? viewerZone, refreshSeconds: saved.refreshSeconds });
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The longest each calendar range can be (a DST day has 25 hours). */
const CALENDAR_MS: Record<string, number> = { today: DAY + HOUR, yesterday: DAY + HOUR, mtd: 31 * DAY + HOUR, ytd: 366 * DAY + HOUR };

/** The longest a range can last, without a clock: the same answer on the server and in the browser. */
export function longestRangeMs(range: WidgetRange): number {
  if (typeof range === "object") {
    const [from, to] = [queryInstantMs(range.from), queryInstantMs(range.to)];
    return typeof from === "number" && typeof to === "number" ? to - from : Infinity;
  }
  if (range in CALENDAR_MS) return CALENDAR_MS[range];
  return /^\d+[mhdw]$/.test(range) ? offsetToMs(range) : Infinity;
}

/** Whether the engine would answer the interval over the range (no more than MAX_BUCKETS buckets). */
export function intervalFits(range: WidgetRange, interval: Interval): boolean {
  if (interval === "auto") return true;
  return Math.ceil(longestRangeMs(range) / INTERVAL_MS[interval]) + 1 <= MAX_BUCKETS;
}

/** An interval too fine for the range becomes "auto" rather than an error on every widget. */
export function normalizeView(view: ViewState): ViewState {
  return intervalFits(view.range, view.interval) ? view : { ...view, interval: "auto" };
}

export type ViewParams = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function param(params: ViewParams, name: string): string | null {
  const value = typeof params.get === "function" ? (params as { get(n: string): string | null }).get(name) : (params as Record<string, string | string[] | undefined>)[name];
  const one = Array.isArray(value) ? value[0] : value;
  // Nothing valid is longer; longer text is someone's experiment, not a view.
  return typeof one === "string" && one.length > 0 && one.length <= 64 ? one : null;
}

function instantParam(text: string | null): number | null {
  if (text === null) return null;
  const ms = queryInstantMs(/^\d{1,16}$/.test(text) ? Number(text) : text);
  return typeof ms === "number" ? ms : null;
}

const iso = (ms: number) => new Date(ms).toISOString();

function readRange(params: ViewParams, fallback: WidgetRange): WidgetRange {
  const [from, to] = [instantParam(param(params, "from")), instantParam(param(params, "to"))];
  if (from !== null && to !== null && from < to) return { from: iso(from), to: iso(to) };
  const range = param(params, "range");
  if (range !== null && ((RELATIVE_RANGES as readonly string[]).includes(range) || range === fallback)) return range as WidgetRange;
  return fallback;
}

/**
 * The view a URL asks for. Each parameter stands on its own: one that is missing, unknown or
 * malformed (a zone PostgreSQL does not know, from after to, a refresh the picker does not
 * offer) falls back to the default and never fails the page.
 */
export function readViewParams(params: ViewParams, defaults: ViewState): ViewState {
  const range = readRange(params, defaults.range);
  const asked = param(params, "interval");
  const interval = asked !== null && (INTERVALS as readonly string[]).includes(asked) ? (asked as Interval) : defaults.interval;
  const refreshText = param(params, "refresh");
  const refresh = refreshText !== null && /^\d{1,4}$/.test(refreshText) ? Number(refreshText) : NaN;
  // Only the picker's choices (or the saved one): a link must not make its readers poll every second.
  const refreshSeconds = (REFRESH_CHOICES as readonly number[]).includes(refresh) || refresh === defaults.refreshSeconds ? refresh : defaults.refreshSeconds;
  const timezone = knownTimeZone(param(params, "tz")) ?? defaults.timezone;
  const view = { range, interval, timezone, refreshSeconds };
  if (intervalFits(range, interval)) return view;
  return { ...view, interval: intervalFits(range, defaults.interval) ? defaults.interval : "auto" };
}

export function sameRange(a: WidgetRange, b: WidgetRange): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return queryInstantMs(a.from) === queryInstantMs(b.from) && queryInstantMs(a.to) === queryInstantMs(b.to);
}

export function sameView(a: ViewState, b: ViewState): boolean {
  return sameRange(a.range, b.range) && a.interval === b.interval && a.timezone === b.timezone && a.refreshSeconds === b.refreshSeconds;
}

// "/" and ":" may stand in a query string: ?tz=Europe/Berlin reads better than Europe%2FBerlin.
const encode = (value: string) => encodeURIComponent(value).replace(/%2F/gi, "/").replace(/%3A/gi, ":");

/** The search string ("" or "range=6h&tz=…") of a view: only what differs from the defaults. */
export function viewSearch(view: ViewState, defaults: ViewState): string {
  const parts: [string, string][] = [];
  if (!sameRange(view.range, defaults.range)) {
    if (typeof view.range === "string") parts.push(["range", view.range]);
    else {
      const [from, to] = [queryInstantMs(view.range.from), queryInstantMs(view.range.to)];
      if (typeof from === "number" && typeof to === "number") parts.push(["from", iso(from)], ["to", iso(to)]);
    }
  }
  if (view.interval !== defaults.interval) parts.push(["interval", view.interval]);
  if (view.timezone !== defaults.timezone) parts.push(["tz", view.timezone]);
  if (view.refreshSeconds !== defaults.refreshSeconds) parts.push(["refresh", String(view.refreshSeconds)]);
  return parts.map(([k, v]) => `${k}=${encode(v)}`).join("&");
}
