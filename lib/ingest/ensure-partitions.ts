import { sql } from "@/lib/db/client";
import type { PartitionedTable } from "@/lib/db/raw-tables";

const DAY_MS = 86_400_000;

// Days whose partition is known to exist, per table. On globalThis so all route bundles
// share it; the hot path then touches the database only on the first batch of a day.
const holder = globalThis as unknown as { __fluxEnsuredDays?: Map<PartitionedTable, Set<number>> };
const ensured = (holder.__fluxEnsuredDays ??= new Map());

/**
 * Makes sure `table` has a daily partition for every day in [fromMs, toMs] (a no-op on
 * TimescaleDB hypertables). Runs outside the ingest transaction so its DDL and advisory
 * lock are not held while the batch writes. The current day also creates the next one, so
 * midnight does not stall the first batch of the day.
 */
export async function ensurePartitions(table: PartitionedTable, fromMs: number, toMs: number): Promise<void> {
  let days = ensured.get(table);
  if (!days) ensured.set(table, (days = new Set()));
  const first = Math.floor(fromMs / DAY_MS);
  let last = Math.floor(toMs / DAY_MS);
  if (last === Math.floor(Date.now() / DAY_MS)) last += 1;
  let missing = false;
  for (let d = first; d <= last && !missing; d++) missing = !days.has(d);
  if (!missing) return;
  await sql({ pool: "ingest" })`SELECT flux_ensure_partitions(${table}, ${new Date(first * DAY_MS).toISOString()}::timestamptz, ${new Date(last * DAY_MS).toISOString()}::timestamptz)`;
  for (let d = first; d <= last; d++) days.add(d);
}

/** Forget what was ensured (a partition may have been dropped by retention). */
export function forgetPartitions(): void {
  ensured.clear();
}
