import { RELATIVE_RANGES } from "@/lib/query/model";
import { queryInstantMs } from "@/lib/time/instant";
import { longestRangeMs, sameRange, type ViewState } from "@/lib/dashboards/view-state";
import type { WidgetRange } from "@/lib/dashboards/schema";
import type { SharePolicy } from "./share-link-schemas";

// Which time ranges a share link lets its visitors see. Pure and client-safe: the server
// refuses (API) or falls back (page) with these functions, and the page's picker offers only
// what they allow.

const DAY = 86_400_000;
// A clock a little ahead of ours (or the time a request takes) must not refuse a range just picked.
const SLACK_MS = 5 * 60_000;

/** Whether a visitor of a link with `policy` may look at `range` of a dashboard saved with `saved`. */
export function rangeAllowed(range: WidgetRange, policy: SharePolicy, saved: WidgetRange, now = Date.now()): boolean {
  if (sameRange(range, saved)) return true;
  if (!policy.allowRangeChange) return false;
  if (policy.maxLookbackDays === null) return true;
  const earliest = now - policy.maxLookbackDays * DAY - SLACK_MS;
  if (typeof range === "object") {
    const from = queryInstantMs(range.from);
    return typeof from === "number" && from >= earliest;
  }
  // Relative ranges end now: their longest possible length says how far back they reach.
  return longestRangeMs(range) <= policy.maxLookbackDays * DAY + SLACK_MS;
}

/** The presets a visitor's picker offers. */
export function allowedPresets(policy: SharePolicy, saved: WidgetRange): string[] {
  return RELATIVE_RANGES.filter((r) => rangeAllowed(r, policy, saved));
}

/** The view a visitor sees: the URL's, with a range the link does not allow put back to the saved one. */
export function sharedView(view: ViewState, policy: SharePolicy, saved: WidgetRange, now = Date.now()): ViewState {
  return rangeAllowed(view.range, policy, saved, now) ? view : { ...view, range: saved };
}

export function rangeRefusal(policy: SharePolicy): string {
  if (!policy.allowRangeChange) return "This share link shows the dashboard's own time range; it does not let viewers change it";
  return `This share link lets viewers look back at most ${policy.maxLookbackDays} day${policy.maxLookbackDays === 1 ? "" : "s"}`;
}
