import path from "node:path";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { ADVISORY_LOCKS } from "./advisory-locks";
import { migrate } from "drizzle-orm/postgres-js/migrator";

export interface MigrationResult {
  timescale: boolean;
  timescaleVersion: string | null;
}

const MIGRATION_LOCK = ADVISORY_LOCKS.migrate;

/**
 * Brings the database to the current schema. Safe to run from several instances at
 * once (advisory lock). Tries to enable TimescaleDB first so that the raw-table
 * migration can choose hypertables; records the outcome in instance_settings.
 */
export async function migrateDatabase(options: { url: string; migrationsFolder?: string }): Promise<MigrationResult> {
  const client = postgres(options.url, { max: 1, onnotice: () => {} });
  try {
    await client`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    const timescaleVersion = await enableTimescale(client);
    await migrate(drizzle(client), {
      migrationsFolder: options.migrationsFolder ?? path.join(process.cwd(), "drizzle"),
    });
    await client`
      INSERT INTO instance_settings (key, value, updated_at)
      VALUES ('timescaledb', ${JSON.stringify({ available: timescaleVersion !== null, version: timescaleVersion })}::jsonb, now())
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`;
    await client`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`;
    return { timescale: timescaleVersion !== null, timescaleVersion };
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function enableTimescale(client: postgres.Sql): Promise<string | null> {
  const available = await client<{ default_version: string }[]>`
    SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'`;
  if (available.length === 0) return null;
  try {
    await client`CREATE EXTENSION IF NOT EXISTS timescaledb`;
  } catch {
    // Installed but not preloaded (shared_preload_libraries): run as plain PostgreSQL.
    return null;
  }
  const [row] = await client<{ extversion: string }[]>`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`;
  return row?.extversion ?? null;
}
