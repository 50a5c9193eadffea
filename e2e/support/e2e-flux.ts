import { randomUUID } from "node:crypto";
import { startApp, type RunningApp } from "../../scripts/lib/app-server";
import { freePort } from "../../scripts/lib/embedded-postgres";

/**
 * A Flux of its own for one spec, on the e2e run's build and database, with extra settings
 * (a fake GitHub, a fake Messages API). `url` is where the browser goes and the app's AUTH_URL:
 * without it Auth.js and links would name the bind address (0.0.0.0).
 */
export async function startE2eFlux(name: string, env: Record<string, string>): Promise<{ flux: RunningApp; url: string }> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set for the e2e run");
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const flux = await startApp({
    port,
    quiet: true,
    env: {
      AUTH_URL: url,
      DATABASE_URL: process.env.DATABASE_URL,
      FLUX_DIST_DIR: process.env.FLUX_DIST_DIR ?? ".next-test",
      AUTH_SECRET: `${name}-${randomUUID()}`,
      FLUX_DEMO_DATA: "off",
      NODE_ENV: "production",
      ...env,
    },
  });
  return { flux, url };
}
