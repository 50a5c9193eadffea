import fs from "node:fs";
import path from "node:path";
import { prepareDatabase } from "./database";
import { ensureBuild } from "./build";
import { startApp, type RunningApp } from "./app-server";
import { freePort } from "./embedded-postgres";

export interface TestStack {
  databaseUrl: string;
  baseUrl?: string;
  apiKey: string;
  email: string;
  password: string;
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
    NODE_ENV: "production",
  };
}

/**
 * A throwaway PostgreSQL (unless DATABASE_URL is set) with migrations applied, and with
 * `app: true` a production build of Flux served on a free port. Each stack has its own
 * data folder, so several can run side by side.
 */
export async function startTestStack(options: { app: boolean; name?: string }): Promise<TestStack> {
  const root = path.resolve(".flux", `test-${options.name ?? "stack"}-${process.pid}`);
  fs.rmSync(root, { recursive: true, force: true });
  const database = await prepareDatabase({ dataRoot: root, ephemeral: true });
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
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
  await runFirstStartFor(database.url);
  return {
    databaseUrl: database.url,
    baseUrl: app?.url,
    ...TEST_INIT,
    async stop() {
      await app?.stop();
      await database.embedded?.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
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
    await bootstrapFirstRun({ email: TEST_INIT.email, password: TEST_INIT.password, apiKey: TEST_INIT.apiKey });
    await closeDb();
  } finally {
    process.env = previous;
  }
}
