import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { freePort, makeEnterable, type RunningPostgres } from "./embedded-postgres";

/** PostgreSQL 15 with the TimescaleDB extension installed in it (see ../shared/timescaledb). */
export interface TimescaleInstall {
  bindir: string;
  pkglibdir: string;
  sharedir: string;
  postgresVersion: string;
  /** The extension's default_version from timescaledb.control. */
  timescaleVersion: string;
  /** As root, PostgreSQL runs as this OS user (it refuses to run as root). */
  runAs: { uid: number; gid: number } | null;
}

export type TimescaleLookup = { found: true; install: TimescaleInstall } | { found: false; reason: string };

const PG_MAJOR = "15";
const DEBIAN_PG15 = "/usr/lib/postgresql/15";
export const INSTALL_HINT = "install it with `bash ../shared/timescaledb/install.sh` (as root)";

/**
 * Finds PostgreSQL 15 (Debian's /usr/lib/postgresql/15, else `pg_config` on PATH when it is
 * version 15) and checks that TimescaleDB is installed into it: the loader library in the
 * pkglibdir, the versioned library it loads, and the control file in sharedir/extension.
 */
export function findTimescale(where: { debianRoot?: string; debianShare?: string; pgConfigs?: string[] } = {}): TimescaleLookup {
  const debianRoot = where.debianRoot ?? DEBIAN_PG15;
  const pgConfigs = where.pgConfigs ?? [path.join(debianRoot, "bin", "pg_config"), "pg_config"];
  const layouts = [debianLayout(debianRoot, where.debianShare ?? `/usr/share/postgresql/${PG_MAJOR}`), ...pgConfigs.map(pgConfigLayout)];
  const candidates = layouts.filter((l): l is Layout => l !== null);
  const pg15 = candidates.find((l) => l.version.split(".")[0] === PG_MAJOR && fs.existsSync(path.join(l.bindir, "postgres")));
  if (!pg15) {
    const others = candidates.map((l) => `PostgreSQL ${l.version} in ${l.bindir}`);
    return { found: false, reason: `no PostgreSQL ${PG_MAJOR} server found${others.length ? ` (only ${others.join(", ")})` : ""}; ${INSTALL_HINT}` };
  }
  const control = path.join(pg15.sharedir, "extension", "timescaledb.control");
  const loader = path.join(pg15.pkglibdir, "timescaledb.so");
  if (!fs.existsSync(control) || !fs.existsSync(loader)) {
    return { found: false, reason: `TimescaleDB is not installed into PostgreSQL ${pg15.version} (no ${fs.existsSync(control) ? loader : control}); ${INSTALL_HINT}` };
  }
  const version = /default_version\s*=\s*'([^']+)'/.exec(fs.readFileSync(control, "utf8"))?.[1];
  if (!version || !fs.existsSync(path.join(pg15.pkglibdir, `timescaledb-${version}.so`))) {
    return { found: false, reason: `TimescaleDB ${version ?? "(unknown version)"} is only partly installed in ${pg15.pkglibdir}; ${INSTALL_HINT}` };
  }
  let runAs: TimescaleInstall["runAs"] = null;
  if (process.getuid?.() === 0) {
    const uid = idOf("-u"), gid = idOf("-g");
    if (uid === null || gid === null) return { found: false, reason: "running as root, and there is no `postgres` OS user to run PostgreSQL as" };
    runAs = { uid, gid };
  }
  const { bindir, pkglibdir, sharedir } = pg15;
  return { found: true, install: { bindir, pkglibdir, sharedir, postgresVersion: pg15.version, timescaleVersion: version, runAs } };
}

interface Layout {
  bindir: string;
  pkglibdir: string;
  sharedir: string;
  version: string;
}

/** Debian's server package without postgresql-server-dev has no pg_config: its fixed paths. */
function debianLayout(root: string, sharedir: string): Layout | null {
  const bindir = path.join(root, "bin");
  if (!fs.existsSync(path.join(bindir, "postgres"))) return null;
  const out = spawnSync(path.join(bindir, "postgres"), ["--version"], { encoding: "utf8" });
  const version = /(\d+(?:\.\d+)?)/.exec(out.stdout ?? "")?.[1];
  if (!version) return null;
  return { bindir, pkglibdir: path.join(root, "lib"), sharedir, version };
}

function pgConfigLayout(pgConfig: string): Layout | null {
  const out = spawnSync(pgConfig, ["--version", "--bindir", "--pkglibdir", "--sharedir"], { encoding: "utf8" });
  if (out.status !== 0 || !out.stdout) return null;
  const [versionLine, bindir, pkglibdir, sharedir] = out.stdout.trim().split("\n");
  const version = /(\d+(?:\.\d+)?)/.exec(versionLine ?? "")?.[1];
  if (!version || !bindir || !pkglibdir || !sharedir) return null;
  return { bindir, pkglibdir, sharedir, version };
}

function idOf(flag: "-u" | "-g"): number | null {
  const out = spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  const id = Number(out.stdout?.trim());
  return out.status === 0 && Number.isInteger(id) ? id : null;
}

/**
 * Server settings of the throwaway cluster. Durability is traded for speed (it is deleted
 * after the run); the connection and lock limits match the embedded test cluster, since the
 * same tests run in parallel against it; TimescaleDB never phones home.
 */
const SETTINGS: Record<string, string> = {
  listen_addresses: "127.0.0.1",
  shared_preload_libraries: "timescaledb",
  "timescaledb.telemetry_level": "off",
  fsync: "off",
  synchronous_commit: "off",
  full_page_writes: "off",
  max_connections: "200",
  shared_buffers: "256MB",
  max_locks_per_transaction: "512",
  // No policy jobs: tests and benchmarks refresh, compress and drop themselves, and a policy
  // refreshing the shared database would turn other tests' exact answers over recent data
  // into rollup answers. The policies still exist (tests check them).
  max_worker_processes: "8",
  "timescaledb.max_background_workers": "0",
  // A test that hangs on a lock shows in the log who held it.
  log_lock_waits: "on",
};

/**
 * A throwaway PostgreSQL 15 + TimescaleDB cluster: initdb into `dataDir` (which must not hold
 * a cluster yet), the server on a free loopback port with its unix socket in the data folder,
 * and an empty `flux` database. As root, initdb and postgres run as the `postgres` OS user.
 */
export async function startTimescaleCluster(options: {
  install: TimescaleInstall;
  dataDir: string;
  database?: string;
  /** Where the server's log goes (default: beside the data folder); kept after stop(). */
  logFile?: string;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const { install } = options;
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const user = "flux";
  const password = randomBytes(18).toString("base64url");
  const owner = install.runAs;
  const env = { ...process.env, LC_MESSAGES: "C" };

  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (fs.readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty: the TimescaleDB test cluster starts from a fresh folder`);
  const pwfile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.pw`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    makeEnterable(path.dirname(dataDir), log);
    fs.chownSync(dataDir, owner.uid, owner.gid);
    fs.chownSync(pwfile, owner.uid, owner.gid);
  }
  try {
    const init = spawnSync(
      path.join(install.bindir, "initdb"),
      ["-D", dataDir, `--username=${user}`, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--no-sync"],
      { encoding: "utf8", env, cwd: path.dirname(dataDir), ...(owner ?? {}) },
    );
    if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.signal}):\n${init.stderr || init.stdout}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }

  const port = await freePort();
  const settings = { ...SETTINGS, port: String(port), unix_socket_directories: dataDir };
  const args = ["-D", dataDir, ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])];
  const logFile = options.logFile ?? path.join(path.dirname(dataDir), `${path.basename(dataDir)}.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, "");

  let server: ReturnType<typeof spawn> | null = null;
  // The server writes its log straight to the file: through a pipe, a parent whose event loop
  // is busy (a spawnSync) would leave it unread, and PostgreSQL blocks once the pipe is full.
  const startServer = () =>
    new Promise<void>((resolve, reject) => {
      const from = fs.statSync(logFile).size;
      const fd = fs.openSync(logFile, "a");
      const child = spawn(path.join(install.bindir, "postgres"), args, { env, cwd: path.dirname(dataDir), stdio: ["ignore", fd, fd], ...(owner ?? {}) });
      fs.closeSync(fd);
      server = child;
      const logSinceStart = () => {
        const text = fs.readFileSync(logFile, "utf8");
        return text.slice(Math.min(from, text.length));
      };
      const started = Date.now();
      const poll = setInterval(() => {
        if (logSinceStart().includes("database system is ready to accept connections")) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - started > 60_000) {
          clearInterval(poll);
          reject(new Error(`PostgreSQL ${install.postgresVersion} did not start within 60 s; its log: ${logFile}`));
        }
      }, 100);
      child.once("exit", (code, signal) => {
        clearInterval(poll);
        if (server === child) server = null;
        reject(new Error(`PostgreSQL ${install.postgresVersion} exited (${code ?? signal}) while starting:\n${logSinceStart().slice(-4000)}`));
      });
    });
  const stopServer = async () => {
    const child = server;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT"); // fast shutdown: sessions end, no wait for clients
    const timer = setTimeout(() => child.kill("SIGQUIT"), 30_000);
    await exited;
    clearTimeout(timer);
  };

  await startServer();
  const database = options.database ?? "flux";
  const base = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  try {
    const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  } catch (error) {
    await stopServer();
    throw error;
  }

  let stopped = false;
  return {
    url: `${base}/${database}`,
    dataDir,
    async stop() {
      stopped = true;
      await stopServer();
    },
    stopServer,
    async startServer() {
      if (stopped) throw new Error("this PostgreSQL was stopped for good");
      await startServer();
    },
  };
}
