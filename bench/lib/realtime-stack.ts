import fs from "node:fs";
import path from "node:path";
import { startTestStack, type TestStack } from "../../scripts/lib/test-stack";

/** The test stack (throwaway PostgreSQL, production build), with the process ids the CPU figures need. */
export interface RealtimeStack extends TestStack {
  baseUrl: string;
  /** The `next start` process (its children, if any, are found by walking /proc). */
  appPid: number;
  /** The postmaster (its backends are its children). */
  postgresPid: number;
}

/** Builds when the sources changed (into FLUX_DIST_DIR) and starts the stack the tests use. */
export async function startRealtimeStack(options: { name: string }): Promise<RealtimeStack> {
  const stack = await startTestStack({ app: true, name: options.name });
  const postgresPid = stack.postgresDataDir ? Number(fs.readFileSync(path.join(stack.postgresDataDir, "postmaster.pid"), "utf8").split("\n")[0]) : 0;
  if (!stack.baseUrl || !stack.appPid || !postgresPid) {
    await stack.stop();
    throw new Error("the bench needs its own PostgreSQL and app (unset DATABASE_URL): could not find their process ids");
  }
  return { ...stack, baseUrl: stack.baseUrl, appPid: stack.appPid, postgresPid };
}
