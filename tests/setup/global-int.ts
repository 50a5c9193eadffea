import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { startTestStack, type StoragePath } from "../../scripts/lib/test-stack";
import { findTimescale, type TimescaleInstall } from "../../scripts/lib/timescale-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    baseUrl: string;
    storagePath: StoragePath;
  }
}

/**
 * Integration tests get a real PostgreSQL and a running Flux. `npm test` starts them once
 * per leg and passes FLUX_TEST_DATABASE_URL / FLUX_TEST_BASE_URL / FLUX_TEST_STORAGE_PATH;
 * run alone, this starts its own (embedded PostgreSQL; PostgreSQL + TimescaleDB with
 * FLUX_TEST_STORAGE_PATH=timescaledb).
 */
export default async function setup(project: TestProject) {
  if (process.env.FLUX_TEST_DATABASE_URL) {
    project.provide("databaseUrl", process.env.FLUX_TEST_DATABASE_URL);
    project.provide("baseUrl", process.env.FLUX_TEST_BASE_URL ?? "");
    project.provide("storagePath", await storagePathOf(process.env.FLUX_TEST_DATABASE_URL));
    return;
  }
  const stack = await startTestStack({ app: process.env.FLUX_TEST_NO_APP !== "1", name: "int", timescale: timescaleIfAsked() });
  project.provide("databaseUrl", stack.databaseUrl);
  project.provide("baseUrl", stack.baseUrl ?? "");
  project.provide("storagePath", await storagePathOf(stack.databaseUrl));
  return () => stack.stop();
}

/** FLUX_TEST_STORAGE_PATH=timescaledb without a running stack: start one on TimescaleDB. */
function timescaleIfAsked(): TimescaleInstall | undefined {
  if (process.env.FLUX_TEST_STORAGE_PATH !== "timescaledb") return undefined;
  const lookup = findTimescale();
  if (!lookup.found) throw new Error(`FLUX_TEST_STORAGE_PATH=timescaledb: ${lookup.reason}`);
  return lookup.install;
}

/**
 * The storage path the migrations chose for the test database (instance_settings
 * 'timescaledb'). When the runner says which leg this is (FLUX_TEST_STORAGE_PATH), a
 * database on the other path stops the run: a TimescaleDB leg must never pass on plain
 * PostgreSQL.
 */
async function storagePathOf(url: string): Promise<StoragePath> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let path: StoragePath;
  try {
    const [row] = await sql<{ available: boolean | null }[]>`
      SELECT (value->>'available')::boolean AS available FROM instance_settings WHERE key = 'timescaledb'`;
    if (!row) throw new Error("the test database has no instance_settings 'timescaledb': were its migrations applied?");
    path = row.available ? "timescaledb" : "postgres";
  } finally {
    await sql.end({ timeout: 5 });
  }
  const expected = process.env.FLUX_TEST_STORAGE_PATH;
  if (expected && expected !== path) {
    throw new Error(`FLUX_TEST_STORAGE_PATH=${expected}, but the test database runs the ${path} storage path`);
  }
  return path;
}
