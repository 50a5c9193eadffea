import { randomUUID } from "node:crypto";
import { startApp, type RunningApp } from "../../scripts/lib/app-server";
import { freePort } from "../../scripts/lib/embedded-postgres";
import { startFakeGitHub, type FakeGitHub } from "../../tests/fake-github";

export interface FluxWithGitHub {
  github: FakeGitHub;
  flux: RunningApp;
  /** Where the browser must go: Next.js calls 127.0.0.1 "localhost" in the URLs it builds. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A Flux of its own (same build and database as the other tests) whose GitHub is a local
 * stand-in for GitHub Enterprise, so the real Auth.js flow runs end to end.
 */
export async function startFluxWithGitHub(name: string): Promise<FluxWithGitHub> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set for the e2e run");
  const github = await startFakeGitHub();
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const flux = await startApp({
    port,
    quiet: true,
    env: {
      // Without it Auth.js builds the callback URL from the bind address (0.0.0.0).
      AUTH_URL: url,
      DATABASE_URL: process.env.DATABASE_URL,
      FLUX_DIST_DIR: process.env.FLUX_DIST_DIR ?? ".next-test",
      AUTH_SECRET: `${name}-${randomUUID()}`,
      AUTH_GITHUB_ID: github.clientId,
      AUTH_GITHUB_SECRET: github.clientSecret,
      AUTH_GITHUB_ENTERPRISE_URL: github.url,
      FLUX_DEMO_DATA: "off",
      NODE_ENV: "production",
    },
  });
  return {
    github,
    flux,
    url,
    async stop() {
      await flux.stop();
      await github.stop();
    },
  };
}
