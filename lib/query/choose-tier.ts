import type { Tier } from "./model";
import type { Window } from "./resolve-range";

/**
 * The one place that decides which storage tier answers a window. Only raw rows exist
 * today; rollup tiers (1m/1h/1d tables) plug in here by range and interval, and the SQL
 * builders read the tier they are given, so no caller changes.
 */
export function chooseTier(_options: { window: Window; source: "metric" | "event"; aggregation: string }): Tier {
  return "raw";
}
