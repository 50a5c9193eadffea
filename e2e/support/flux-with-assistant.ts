import { randomUUID } from "node:crypto";
import { startApp, type RunningApp } from "../../scripts/lib/app-server";
import { freePort } from "../../scripts/lib/embedded-postgres";
import { startFakeMessages, type FakeMessages } from "../../tests/anthropic/fake-messages";

export interface FluxWithAssistant {
  messages: FakeMessages;
  flux: RunningApp;
  /** Where the browser goes (the app's AUTH_URL). */
  url: string;
  stop(): Promise<void>;
}

/**
 * A Flux of its own (same build and database as the other tests) whose Ask box talks to a
 * local fake of the Anthropic Messages API (tests/anthropic/fake-messages.ts).
 */
export async function startFluxWithAssistant(name: string, env: Record<string, string> = {}): Promise<FluxWithAssistant> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set for the e2e run");
  const messages = await startFakeMessages();
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
      ANTHROPIC_API_KEY: messages.apiKey,
      ANTHROPIC_BASE_URL: messages.url,
      FLUX_DEMO_DATA: "off",
      NODE_ENV: "production",
      ...env,
    },
  });
  return {
    messages,
    flux,
    url,
    async stop() {
      await flux.stop();
      await messages.stop();
    },
  };
}
