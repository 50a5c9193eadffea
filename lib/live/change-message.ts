import { z } from "zod";

// What a live update says: which names changed and the time span touched. Client-safe: the
// server builds and throttles it (lib/live), browsers parse it and decide which widgets refetch.

export interface LiveChange {
  metrics: string[];
  events: string[];
  /** Earliest and latest point or event time touched, ISO instants, both inclusive. */
  from: string;
  to: string;
  /** The names did not fit in one message: every widget of the project refetches. */
  all?: true;
}

/** NOTIFY payloads stop at 8,000 bytes and Pusher messages at 10 KB; names beyond this say "all". */
export const MAX_CHANGE_BYTES = 6_000;
/** Names kept while merging; more say "all" anyway, and a set this small merges cheaply. */
const MAX_NAMES = 200;

export const LiveChangeSchema = z.object({
  metrics: z.array(z.string()).max(MAX_NAMES),
  events: z.array(z.string()).max(MAX_NAMES),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  all: z.literal(true).optional(),
});

/** One change that covers both: names united, span widened. */
export function mergeChanges(a: LiveChange, b: LiveChange): LiveChange {
  const from = a.from < b.from ? a.from : b.from;
  const to = a.to > b.to ? a.to : b.to;
  if (a.all || b.all) return { metrics: [], events: [], from, to, all: true };
  const metrics = [...new Set([...a.metrics, ...b.metrics])];
  const events = [...new Set([...a.events, ...b.events])];
  if (metrics.length + events.length > MAX_NAMES) return { metrics: [], events: [], from, to, all: true };
  return { metrics, events, from, to };
}

/** The JSON sent on the wire, falling back to `all` when the names would not fit. */
export function encodeChange(change: LiveChange): string {
  const text = JSON.stringify(change);
  if (new TextEncoder().encode(text).length <= MAX_CHANGE_BYTES) return text;
  return JSON.stringify({ metrics: [], events: [], from: change.from, to: change.to, all: true } satisfies LiveChange);
}

/** What one widget reads: names by source and the instants its answer depends on. */
export interface LiveInterest {
  metrics: ReadonlySet<string>;
  events: ReadonlySet<string>;
  /** Epoch ms; a change entirely outside [from, to] cannot alter the widget. */
  from: number;
  to: number;
}

/** Whether a change can alter what a widget shows. */
export function changeTouches(change: LiveChange, interest: LiveInterest): boolean {
  if (Date.parse(change.to) < interest.from || Date.parse(change.from) > interest.to) return false;
  if (change.all) return true;
  return change.metrics.some((m) => interest.metrics.has(m)) || change.events.some((e) => interest.events.has(e));
}
