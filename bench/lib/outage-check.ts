import type postgres from "postgres";
import type { EventTally, MetricTally } from "./outage-load";

export interface Phase {
  name: string;
  start: number;
}

export interface StoredCount {
  name: string;
  kind: "counter" | "gauge" | "distribution" | "event";
  sent: { count: number; sum?: number };
  stored: { count: number; sum?: number };
  missing: number;
  doubled: number;
}

export interface Delays {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** The largest delay of items the SDK was given during each phase. */
  maxByPhase: { phase: string; max: number; items: number }[];
}

/**
 * Compares what is stored with what the SDK was asked to send, item by item: a metric point
 * is known by its (unique per metric) timestamp, an event by its id. The delay of an item
 * runs from the SDK call (its timestamp) to the commit of the row (`track_commit_timestamp`).
 */
export async function checkStored(db: postgres.Sql, sent: { metrics: Map<string, MetricTally>; events: Map<string, EventTally> }, phases: Phase[]) {
  const pointRows = await db<{ name: string; t: number; value: number; committed: number }[]>`
    SELECT m.name, round(extract(epoch FROM p.time) * 1000)::float8 AS t, p.value,
           (extract(epoch FROM pg_xact_commit_timestamp(p.xmin)) * 1000)::float8 AS committed
    FROM points p JOIN series s ON s.id = p.series_id JOIN metrics m ON m.id = s.metric_id
    WHERE m.name = ANY(${[...sent.metrics.keys()]}::text[])`;
  const eventRows = await db<{ name: string; event_id: string; t: number; committed: number }[]>`
    SELECT name, event_id, round(extract(epoch FROM time) * 1000)::float8 AS t,
           (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::float8 AS committed
    FROM events WHERE name = ANY(${[...sent.events.keys()]}::text[])`;

  const counts: StoredCount[] = [];
  for (const [name, tally] of sent.metrics) {
    const rows = pointRows.filter((r) => r.name === name);
    const { missing, doubled } = compare(tally.times, rows.map((r) => r.t));
    counts.push({
      name,
      kind: tally.type,
      sent: { count: tally.count, sum: tally.sum },
      stored: { count: rows.length, sum: rows.reduce((s, r) => s + r.value, 0) },
      missing,
      doubled,
    });
  }
  for (const [name, tally] of sent.events) {
    const rows = eventRows.filter((r) => r.name === name);
    const { missing, doubled } = compare(tally.ids, rows.map((r) => r.event_id));
    counts.push({ name, kind: "event", sent: { count: tally.count }, stored: { count: rows.length }, missing, doubled });
  }

  const mismatches = counts
    .filter((c) => c.missing || c.doubled || c.sent.count !== c.stored.count || c.sent.sum !== c.stored.sum)
    .map((c) => `${c.name}: sent ${c.sent.count}${c.sent.sum === undefined ? "" : ` (sum ${c.sent.sum})`}, stored ${c.stored.count}${c.stored.sum === undefined ? "" : ` (sum ${c.stored.sum})`}; ${c.missing} missing, ${c.doubled} doubled`);

  const timed = [...pointRows, ...eventRows].map((r) => ({ t: r.t, delay: r.committed - r.t }));
  return { counts, mismatches, delays: delays(timed, phases) };
}

/** Items sent but not stored, and items stored more often than sent (or never sent). */
function compare<T>(sent: T[], stored: T[]): { missing: number; doubled: number } {
  const left = new Map<T, number>();
  for (const s of sent) left.set(s, (left.get(s) ?? 0) + 1);
  let doubled = 0;
  for (const s of stored) {
    const n = left.get(s) ?? 0;
    if (n === 0) doubled++;
    else left.set(s, n - 1);
  }
  let missing = 0;
  for (const n of left.values()) missing += n;
  return { missing, doubled };
}

function delays(items: { t: number; delay: number }[], phases: Phase[]): Delays {
  const sorted = items.map((i) => i.delay).sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);
  const maxByPhase = phases.map((phase, i) => {
    const end = phases[i + 1]?.start ?? Infinity;
    const mine = items.filter((it) => it.t >= phase.start && it.t < end);
    return { phase: phase.name, max: mine.reduce((m, it) => Math.max(m, it.delay), 0), items: mine.length };
  });
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, maxByPhase };
}
