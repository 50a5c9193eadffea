import { startApp, type RunningApp } from "../scripts/lib/app-server";
import { freePort } from "../scripts/lib/embedded-postgres";
import { testAppEnv, testDistDir } from "../scripts/lib/test-stack";

/**
 * Another Flux instance on the test database, from the same production build: what a second
 * replica behind a load balancer is. `env` overrides the test app's settings (Pusher, limits);
 * a variable set to undefined is left out.
 */
export async function startExtraApp(env: Record<string, string | undefined> = {}): Promise<RunningApp> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set for this test");
  return startApp({ port: await freePort(), quiet: true, env: { ...testAppEnv({ databaseUrl, distDir: testDistDir() }), ...env } });
}
