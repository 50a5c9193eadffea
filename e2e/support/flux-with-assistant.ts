import type { RunningApp } from "../../scripts/lib/app-server";
import { startE2eFlux } from "./e2e-flux";
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
  const messages = await startFakeMessages();
  const { flux, url } = await startE2eFlux(name, { ANTHROPIC_API_KEY: messages.apiKey, ANTHROPIC_BASE_URL: messages.url, ...env });
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
