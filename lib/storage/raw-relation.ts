/** The raw tables the query engine and the rollups read. */
export type RawTable = "points" | "set_points" | "events";

const RAW_TABLES: readonly RawTable[] = ["points", "set_points", "events"];

/**
 * The FROM item that yields a raw table's rows with time in [from, to) (SQL expressions),
 * with the table's own columns. Every reader of raw rows goes through here, so storage
 * layouts beside the table itself (compressed ranges) stay invisible to readers.
 *
 * It is `flux_raw_<table>(from, to)` (drizzle/0005_compression.sql): on TimescaleDB the
 * table itself, whose compressed chunks TimescaleDB reads transparently; on plain
 * PostgreSQL the table plus the rows unpacked from `<table>_packed`. PostgreSQL inlines these
 * SQL functions, so the caller's predicates reach the table and the packed rows, and only the
 * partitions in [from, to) are read – but only while `from` and `to` hold no sub-select and
 * nothing volatile (PostgreSQL does not inline a function with such arguments, and would then
 * unpack every row in range before filtering). Parameters, casts and now() are fine.
 */
export function rawRelation(options: { table: RawTable; from: string; to: string }): string {
  if (!RAW_TABLES.includes(options.table)) throw new Error(`rawRelation: ${String(options.table)} is not a raw table`);
  for (const bound of [options.from, options.to]) {
    if (/\bselect\b|\brandom\s*\(|\bclock_timestamp\s*\(|\bnextval\s*\(/i.test(bound)) {
      throw new Error(`rawRelation: a bound must be a parameter or a plain expression, not ${bound}`);
    }
  }
  return `flux_raw_${options.table}(${options.from}, ${options.to})`;
}
