import { afterAll, beforeAll, inject } from "vitest";
import postgres from "postgres";
import { closeDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { reloadEnv } from "@/lib/env";

/**
 * Gives this test file a database of its own in the test cluster (migrated, so on the
 * TimescaleDB leg it has the extension too), for tests of instance-wide state such as rollup
 * watermarks, which other files' data would move under them. Call at the top of the file,
 * before anything touches the database.
 */
export function isolateDatabase(label: string): void {
  const shared = inject("databaseUrl");
  const name = `flux_${label}_${process.pid}_${Date.now() % 100_000}`;
  beforeAll(async () => {
    const admin = postgres(shared, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(shared);
    url.pathname = `/${name}`;
    await migrateDatabase({ url: url.toString() });
    await closeDb();
    process.env.DATABASE_URL = url.toString();
    reloadEnv();
  }, 120_000);
  afterAll(async () => {
    await closeDb();
    const admin = postgres(shared, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });
}
