import type { LiveInterest } from "@/lib/live/change-message";
import { resolveWindow } from "@/lib/query/resolve-range";
import type { WidgetConfig } from "./schema";
import type { ViewState } from "./view-state";
import { widgetRequest } from "./widget-request";

/** Points stamped a little ahead of this clock (skewed senders) still count as inside a window ending now. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The names and instants a widget's answer depends on, from the very request it sends: each
 * query's bucket-aligned window (in the viewer's range, interval and zone), and the previous
 * period when it compares. A live change outside all of them cannot alter the widget, so it
 * is not refetched.
 */
export function widgetInterest(config: WidgetConfig, view: Pick<ViewState, "range" | "timezone"> & Partial<Pick<ViewState, "interval">>, now = Date.now()): LiveInterest {
  const metrics = new Set<string>();
  const events = new Set<string>();
  let from = Infinity;
  let to = -Infinity;
  for (const q of Object.values(widgetRequest(config, view.range, view.timezone, view.interval).queries)) {
    (q.source === "event" ? events : metrics).add(q.name);
    try {
      const w = resolveWindow({ range: q.range, interval: q.interval, timezone: q.timezone, now });
      from = Math.min(from, q.compare ? w.from - (w.end - w.from) : w.from);
      to = Math.max(to, w.end + CLOCK_SKEW_MS);
    } catch {
      // A window the engine refuses shows an error; any change may fix what it reads.
      from = -Infinity;
      to = Infinity;
    }
  }
  return { metrics, events, from, to };
}
