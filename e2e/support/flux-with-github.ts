import type { RunningApp } from "../../scripts/lib/app-server";
import { startE2eFlux } from "./e2e-flux";
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
  const github = await startFakeGitHub();
  const { flux, url } = await startE2eFlux(name, { AUTH_GITHUB_ID: github.clientId, AUTH_GITHUB_SECRET: github.clientSecret, AUTH_GITHUB_ENTERPRISE_URL: github.url });
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
