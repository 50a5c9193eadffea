import fs from "node:fs";
import path from "node:path";
import { startApp, type RunningApp } from "../../scripts/lib/app-server";
import { ensureBuild } from "../../scripts/lib/build";
import { freePort, startEmbeddedPostgres, type RunningPostgres } from "../../scripts/lib/embedded-postgres";
import { runFirstStartFor, TEST_INIT, testAppEnv } from "../../scripts/lib/test-stack";
import { migrateDatabase } from "../../lib/db/migrate";

/** A throwaway PostgreSQL and a production build of Flux, with the process ids the CPU figures need. */
export interface RealtimeStack {
  baseUrl: string;
  databaseUrl: string;
  apiKey: string;
  email: string;
  password: string;
  /** The `next start` process (its children, if any, are found by walking /proc). */
  appPid: number;
  /** The postmaster (its backends are its children). */
  postgresPid: number;
  stop(): Promise<void>;
}

/**
 * Builds when the sources changed (into `distDir`), starts the embedded PostgreSQL (the test
 * cluster's settings: fsync off) and one Flux instance with the test environment.
 */
export async function startRealtimeStack(options: { name: string; distDir: string }): Promise<RealtimeStack> {
  const root = path.resolve(".flux", `${options.name}-${process.pid}`);
  fs.rmSync(root, { recursive: true, force: true });
  ensureBuild({ distDir: options.distDir });
  const database: RunningPostgres = await startEmbeddedPostgres({ dataDir: path.join(root, "postgres"), ephemeral: true });
  let app: RunningApp | undefined;
  const stop = async () => {
    await app?.stop();
    await database.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    await migrateDatabase({ url: database.url });
    await runFirstStartFor(database.url);
    app = await startApp({
      port: await freePort(),
      quiet: true,
      env: testAppEnv({ databaseUrl: database.url, distDir: options.distDir }),
    });
    const postgresPid = Number(fs.readFileSync(path.join(database.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    if (!app.process.pid || !postgresPid) throw new Error("could not find the app's or PostgreSQL's process id");
    return { baseUrl: app.url, databaseUrl: database.url, ...TEST_INIT, appPid: app.process.pid, postgresPid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
