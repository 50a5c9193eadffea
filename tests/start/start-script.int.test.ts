import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/lib/embedded-postgres";
import { testDistDir } from "@/scripts/lib/test-stack";
import { storagePath } from "@/tests/fixtures";

// `npm start` from a clean data folder: embedded PostgreSQL, migrations, first-run user,
// the app on PORT; Ctrl-C stops everything; the next start reuses the data.
const dataDir = path.resolve(".flux", `start-test-${process.pid}`);
const children: ChildProcess[] = [];

function start(port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], {
    env: { ...process.env, DATABASE_URL: "", AUTH_SECRET: "", FLUX_DATA_DIR: dataDir, FLUX_DIST_DIR: testDistDir(), PORT: String(port), FLUX_DEMO_DATA: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("Flux is running at")) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`start exited with ${code}:\n${output}`));
    });
  });
  return { child, ready, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGINT");
  });
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) await stop(c);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// `npm start` runs its own embedded PostgreSQL whatever the leg: once, on the plain leg, is enough.
describe.skipIf(storagePath === "timescaledb")("npm start", () => {
  it("starts an embedded PostgreSQL, creates the first user, serves sign-up, stops cleanly and reuses the data", { timeout: 240_000 }, async () => {
    const port = await freePort();
    const first = start(port, { FLUX_INIT_EMAIL: "first@flux.test", FLUX_INIT_PASSWORD: "first-password", FLUX_INIT_API_KEY: "flux_start_test_key_abcdefghijklmnopqrstuvwxyz" });
    await first.ready;
    expect(first.output()).toContain("Sign in as  first@flux.test");
    expect(first.output()).toContain("PostgreSQL: embedded");

    const signUp = await fetch(`http://127.0.0.1:${port}/sign-up`);
    expect(signUp.status).toBe(200);
    expect(await signUp.text()).toContain("Create your account");
    const project = await fetch(`http://127.0.0.1:${port}/api/v1/project`, { headers: { authorization: "Bearer flux_start_test_key_abcdefghijklmnopqrstuvwxyz" } });
    expect(await project.json()).toMatchObject({ project: { name: "Demo" }, key: { scopes: ["ingest", "read", "admin"] } });

    expect(await stop(first.child)).toBe(0);
    const pidFile = fs.readdirSync(dataDir, { recursive: true }).map(String).find((f) => f.endsWith("postmaster.pid"));
    expect(pidFile).toBeUndefined();

    const second = start(port);
    await second.ready;
    expect(second.output()).not.toContain("First start");
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/project`, { headers: { authorization: "Bearer flux_start_test_key_abcdefghijklmnopqrstuvwxyz" } });
    expect(again.status).toBe(200);
    expect(await stop(second.child)).toBe(0);
  });
});
