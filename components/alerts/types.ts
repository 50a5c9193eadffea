import type { ActionResult } from "@/lib/actions/types";

/** A server action bound to the project (and an id where it names one), as the settings page passes it. */
export type Act<A extends unknown[], T = unknown> = (...args: A) => Promise<ActionResult<T>>;

/** A channel as the settings page shows it (AlertChannelView: URL, recipients and secret for admins only). */
export interface ChannelRow {
  id: string;
  name: string;
  kind: "webhook" | "slack" | "email";
  url?: string;
  to?: string[];
  secret?: string | null;
}

export type TestOutcome = { status: "delivered" | "failed"; responseStatus: number | null; error: string | null };
