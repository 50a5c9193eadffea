import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { startApp, type RunningApp } from "../../scripts/lib/app-server";
import { ensureBuild } from "../../scripts/lib/build";
import { freePort, startEmbeddedPostgres, type RunningPostgres } from "../../scripts/lib/embedded-postgres";
import { runFirstStartFor, TEST_INIT, testAppEnv } from "../../scripts/lib/test-stack";
import { migrateDatabase } from "../../lib/db/migrate";
import { PgRelay } from "./pg-relay";

/** The application_name of the bench's own connections, to tell them from the app's. */
export const BENCH_CLIENT = "flux-outage-bench";

/** What the app wrote to stderr, by kind: a 500 logs "unhandled error", a 503 "database unavailable". */
export interface AppLog {
  unhandled: string[];
  unavailable: Map<string, number>;
}

/**
 * A throwaway PostgreSQL and a production build of Flux that can each be taken down and
 * brought back: the database on the same port and data folder, the app (killed with
 * SIGKILL) on the same port. Commit timestamps are on, so a row's storage time is known.
 * The app reaches PostgreSQL through `relay` (see pg-relay.ts); the bench's client does not.
 */
export interface OutageStack {
  databaseUrl: string;
  baseUrl: string;
  apiKey: string;
  /** A client of the bench's own, for checks (reconnects on its own after an outage). */
  db: postgres.Sql;
  relay: PgRelay;
  log: AppLog;
  appPid(): number | undefined;
  stopDatabase(): Promise<void>;
  startDatabase(): Promise<void>;
  /** SIGKILL: no shutdown hook runs, requests in flight lose their connection. */
  killApp(): Promise<void>;
  startApp(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOutageStack(options: {
  name: string;
  distDir: string;
  /** Build when the sources changed (the bench); tests use the build the test run made. */
  build: boolean;
  /** fsync on, as in production (the bench); off for tests, as every test cluster. */
  durable: boolean;
}): Promise<OutageStack> {
  const root = path.resolve(".flux", `outage-${options.name}-${process.pid}`);
  fs.rmSync(root, { recursive: true, force: true });
  if (options.build) ensureBuild({ distDir: options.distDir });
  const database: RunningPostgres = await startEmbeddedPostgres({
    dataDir: path.join(root, "postgres"),
    ephemeral: !options.durable,
    settings: { track_commit_timestamp: "on" },
  });
  const log: AppLog = { unhandled: [], unavailable: new Map() };
  let app: RunningApp | undefined;
  let db: postgres.Sql | undefined;
  let relay: PgRelay | undefined;
  const cleanup = async () => {
    if (app && app.process.exitCode === null && app.process.signalCode === null) await app.stop();
    await db?.end({ timeout: 2 }).catch(() => {});
    await relay?.stop();
    await database.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    await migrateDatabase({ url: database.url });
    await runFirstStartFor(database.url);
    db = postgres(database.url, { max: 2, onnotice: () => {}, connection: { application_name: BENCH_CLIENT } });
    const direct = new URL(database.url);
    relay = await PgRelay.start({ host: direct.hostname, port: Number(direct.port) });
    const viaRelay = new URL(database.url);
    viaRelay.port = String(relay.port);
    const port = await freePort();
    const env = testAppEnv({ databaseUrl: viaRelay.toString(), distDir: options.distDir });
    let pending = "";
    const stderr = (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) record(log, line);
    };
    const launch = async () => {
      app = await startApp({ port, quiet: true, env, stderr });
    };
    await launch();
    const sql = db;
    const pgRelay = relay;
    return {
      databaseUrl: database.url,
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: TEST_INIT.apiKey,
      db: sql,
      relay: pgRelay,
      log,
      appPid: () => app?.process.pid,
      async stopDatabase() {
        await database.stopServer();
        await pgRelay.pause();
      },
      async startDatabase() {
        await database.startServer();
        await pgRelay.resume();
      },
      killApp: () =>
        new Promise<void>((resolve) => {
          const child = app!.process;
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
      startApp: launch,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function record(log: AppLog, line: string): void {
  if (line.includes("unhandled error")) log.unhandled.push(line);
  const unavailable = /database unavailable: (.*)$/.exec(line);
  if (unavailable) {
    // "connect ECONNREFUSED 127.0.0.1:40123" and the like: the port does not make a kind.
    const kind = unavailable[1].replace(/\d+\.\d+\.\d+\.\d+:\d+/g, "<addr>").slice(0, 120);
    log.unavailable.set(kind, (log.unavailable.get(kind) ?? 0) + 1);
  }
}
