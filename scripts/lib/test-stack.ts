import fs from "node:fs";
import path from "node:path";
import { prepareDatabase } from "./database";
import { ensureBuild } from "./build";
import { startApp, type RunningApp } from "./app-server";
import { freePort, type RunningPostgres } from "./embedded-postgres";
import { startTimescaleCluster, type TimescaleInstall } from "./timescale-cluster";
import { migrateDatabase } from "../../lib/db/migrate";

/** How the test database stores time series: hypertables and continuous aggregates, or Flux's own partitions and rollup tables. */
export type StoragePath = "timescaledb" | "postgres";

export interface TestStack {
  databaseUrl: string;
  baseUrl?: string;
  storagePath: StoragePath;
  apiKey: string;
  email: string;
  password: string;
  /** The `next start` process, when the stack runs the app (benchmarks read its CPU time). */
  appPid?: number;
  /** The data folder of the PostgreSQL the stack started (none when DATABASE_URL was given). */
  postgresDataDir?: string;
  stop(): Promise<void>;
}

/** Tests build into their own folder, so `npm test` never rebuilds under a running `npm start`. */
export const testDistDir = () => process.env.FLUX_DIST_DIR ?? ".next-test";

/** The fixed first-run identity of every test stack (FLUX_INIT_*). */
export const TEST_INIT = {
  email: "owner@flux.test",
  password: "correct horse battery staple",
  apiKey: "flux_test_init_key_0123456789abcdefghijklmnop",
  masterKey: "flux_test_master_key_0123456789abcdefghijklm",
};

/** The test app's CRON_SECRET: tests/cron.ts calls /api/cron/<job> with it. */
export const TEST_CRON_SECRET = "flux_test_cron_secret_0123456789abcdef";

/** The environment of a production Flux under test: fixed first-run identity, no demo data. */
export function testAppEnv(options: { databaseUrl: string; distDir: string }): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    AUTH_SECRET: "flux-test-secret-0123456789abcdef",
    FLUX_DIST_DIR: options.distDir,
    FLUX_INIT_EMAIL: TEST_INIT.email,
    FLUX_INIT_PASSWORD: TEST_INIT.password,
    FLUX_INIT_API_KEY: TEST_INIT.apiKey,
    FLUX_MASTER_KEY: TEST_INIT.masterKey,
    FLUX_DEMO_DATA: "off",
    // Tests drive rollups, compression, retention and every other job themselves (directly or
    // through /api/cron/<job>); a scheduler on the real clock would drop other tests' old data
    // from the shared database and move state under their exact answers.
    FLUX_SCHEDULER: "off",
    CRON_SECRET: TEST_CRON_SECRET,
    NODE_ENV: "production",
  };
}

/**
 * A throwaway PostgreSQL with migrations applied, and with `app: true` a production build of
 * Flux served on a free port. The database is the embedded PostgreSQL (or DATABASE_URL when
 * set), or with `timescale` a PostgreSQL + TimescaleDB cluster of its own, which must come
 * up with the extension enabled. Each stack has its own data folder, so several can run side
 * by side.
 */
export async function startTestStack(options: { app: boolean; name?: string; timescale?: TimescaleInstall }): Promise<TestStack> {
  const root = path.resolve(".flux", `test-${options.name ?? "stack"}-${process.pid}`);
  fs.rmSync(root, { recursive: true, force: true });
  const database = options.timescale
    ? await prepareTimescaleDatabase({ dataRoot: root, install: options.timescale })
    : await prepareDatabase({ dataRoot: root, ephemeral: true });
  const server = database.embedded;
  let app: RunningApp | undefined;
  try {
    if (options.app) {
      const distDir = testDistDir();
      ensureBuild({ distDir });
      app = await startApp({
        port: Number(process.env.FLUX_TEST_PORT ?? (await freePort())),
        quiet: true,
        env: testAppEnv({ databaseUrl: database.url, distDir }),
      });
    }
    await runFirstStartFor(database.url);
  } catch (error) {
    await app?.stop();
    await server?.stop();
    throw error;
  }
  return {
    databaseUrl: database.url,
    baseUrl: app?.url,
    storagePath: database.timescale ? "timescaledb" : "postgres",
    ...TEST_INIT,
    appPid: app?.process.pid,
    postgresDataDir: server?.dataDir,
    async stop() {
      await app?.stop();
      await server?.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The TimescaleDB cluster with migrations applied; a migration that ran without the extension is an error. */
async function prepareTimescaleDatabase(options: { dataRoot: string; install: TimescaleInstall }): Promise<{
  url: string;
  embedded: RunningPostgres;
  timescale: true;
}> {
  const logFile = path.join(options.dataRoot, "timescale.log");
  const cluster = await startTimescaleCluster({ install: options.install, dataDir: path.join(options.dataRoot, "timescale"), logFile });
  console.log(`PostgreSQL ${options.install.postgresVersion} + TimescaleDB ${options.install.timescaleVersion} test cluster on ${cluster.url.replace(/^.*@/, "")}, log in ${path.relative(process.cwd(), logFile)}`);
  const stop = cluster.stop;
  // The server log outlives the stack, for a failed run's post-mortem (CI keeps .flux/results).
  cluster.stop = async () => {
    await stop();
    fs.mkdirSync(path.resolve(".flux", "results"), { recursive: true });
    fs.copyFileSync(logFile, path.resolve(".flux", "results", "int-timescale-postgres.log"));
  };
  try {
    const { timescale, timescaleVersion } = await migrateDatabase({ url: cluster.url });
    if (!timescale) throw new Error(`TimescaleDB ${options.install.timescaleVersion} is installed, but the migration could not enable it`);
    if (timescaleVersion !== options.install.timescaleVersion) {
      throw new Error(`the test cluster enabled TimescaleDB ${timescaleVersion}, not the installed ${options.install.timescaleVersion}`);
    }
    return { url: cluster.url, embedded: cluster, timescale: true };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Creates the first-run user, project and key (TEST_INIT) in the database at `url`. */
export async function runFirstStartFor(url: string): Promise<void> {
  const previous = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: url,
    FLUX_INIT_EMAIL: TEST_INIT.email,
    FLUX_INIT_PASSWORD: TEST_INIT.password,
    FLUX_INIT_API_KEY: TEST_INIT.apiKey,
  });
  try {
    const { bootstrapFirstRun } = await import("../../lib/bootstrap/first-run");
    const { closeDb } = await import("../../lib/db/client");
    const { reloadEnv } = await import("../../lib/env");
    // A second stack in this process (npm test's TimescaleDB leg) must not reach the first's database.
    reloadEnv();
    try {
      await bootstrapFirstRun({ email: TEST_INIT.email, password: TEST_INIT.password, apiKey: TEST_INIT.apiKey });
    } finally {
      await closeDb();
      reloadEnv();
    }
  } finally {
    process.env = previous;
  }
}
