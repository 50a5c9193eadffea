import type postgres from "postgres";
import { DEFAULT_STORAGE_SETTINGS, storageSettingsOf } from "@/lib/storage/storage-settings";

export type StoragePath = "timescaledb" | "postgres";

const DAY_MS = 86_400_000;

/**
 * The age past which raw rows are compressed, in days: the LONGEST compressAfterDays of any
 * project, since a chunk or partition holds every project's rows and none may be compressed
 * before its project's age. With no project at all, the default.
 */
export async function compressionAgeDays(conn: postgres.Sql): Promise<number> {
  const rows = await conn<{ storage: unknown }[]>`SELECT DISTINCT settings->'storage' AS storage FROM projects`;
  if (rows.length === 0) return DEFAULT_STORAGE_SETTINGS.compressAfterDays;
  return Math.max(...rows.map((r) => storageSettingsOf({ storage: r.storage }).compressAfterDays));
}

/** Raw rows before this instant (epoch ms) are past the age at `now`. */
export const compressionCutoff = (now: number, ageDays: number) => now - ageDays * DAY_MS;

/** Packed tables exist only on plain PostgreSQL (the compression migration). */
export async function storagePathOf(conn: postgres.Sql): Promise<StoragePath> {
  const [{ plain }] = await conn<{ plain: boolean }[]>`SELECT to_regclass('points_packed') IS NOT NULL AS plain`;
  return plain ? "postgres" : "timescaledb";
}
