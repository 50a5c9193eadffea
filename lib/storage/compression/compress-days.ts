import { sql } from "@/lib/db/client";
import type { RawTable } from "@/lib/storage/raw-relation";
import { storagePathOf, type StoragePath } from "./compression-age";
import { compressChunks } from "./compress-timescale";
import { packDays, RAW_TABLES, type PackedDay } from "./pack-days";

const DAY_MS = 86_400_000;

/**
 * Compresses the raw rows of the given UTC days (YYYY-MM-DD) now, whatever their age: packs
 * them on plain PostgreSQL, compresses their chunks with TimescaleDB. For tests and benchmarks
 * that own those days; the upkeep runner calls compressOldData, which follows the age in force.
 */
export async function compressDays(options: { days: string[]; tables?: readonly RawTable[] }): Promise<{ path: StoragePath; packed: PackedDay[]; chunks: string[] }> {
  const path = await storagePathOf(sql());
  if (path === "postgres") return { path, packed: await packDays(options), chunks: [] };
  const chunks: string[] = [];
  for (const day of options.days) {
    const from = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(from.getTime())) throw new Error(`compressDays: ${day} is not a YYYY-MM-DD day`);
    for (const table of options.tables ?? RAW_TABLES) {
      const done = await compressChunks(sql(), { table, from, to: new Date(from.getTime() + DAY_MS) });
      chunks.push(...done.compressed, ...done.recompressed);
    }
  }
  return { path, packed: [], chunks };
}
