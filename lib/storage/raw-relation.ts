/** The raw tables the query engine and the rollups read. */
export type RawTable = "points" | "set_points" | "events";

/**
 * The FROM item that yields a raw table's rows with time in [from, to) (SQL expressions),
 * with the table's own columns. Every reader of raw rows goes through here, so storage
 * layouts beside the table itself (compressed ranges) stay invisible to readers.
 */
export function rawRelation(options: { table: RawTable; from: string; to: string }): string {
  void options.from;
  void options.to;
  return options.table;
}
