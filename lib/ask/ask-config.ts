import { env } from "@/lib/env";
import { FluxError } from "@/lib/errors";
import type { AskStatus } from "./ask-events";

/** Tokens one question may use over all its model calls (input and output), in model calls' max_tokens. */
export const TOKEN_BUDGET_FACTOR = 100;

export interface AskConfig {
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  maxTokens: number;
  maxToolCalls: number;
  tokenBudget: number;
  questionsPerHour: number;
}

export function askConfig(): AskConfig {
  const e = env();
  return {
    apiKey: e.ANTHROPIC_API_KEY,
    baseURL: e.ANTHROPIC_BASE_URL,
    model: e.FLUX_ASK_MODEL,
    maxTokens: e.FLUX_ASK_MAX_TOKENS,
    maxToolCalls: e.FLUX_ASK_MAX_TOOL_CALLS,
    tokenBudget: e.FLUX_ASK_MAX_TOKENS * TOKEN_BUDGET_FACTOR,
    questionsPerHour: e.FLUX_ASK_RATE_PER_HOUR,
  };
}

/** How to reach this Flux from Claude Code (or any MCP client) with a project API key instead. */
export function mcpInstructions(base: string): AskStatus["mcp"] {
  const url = `${base.replace(/\/+$/, "")}/api/mcp`;
  return { url, command: `claude mcp add --transport http flux ${url} --header "Authorization: Bearer <project API key>"` };
}

export function askStatus(base: string): AskStatus {
  const c = askConfig();
  return {
    configured: Boolean(c.apiKey),
    model: c.apiKey ? c.model : null,
    limits: { maxTokens: c.maxTokens, maxToolCalls: c.maxToolCalls, tokenBudget: c.tokenBudget, questionsPerHour: c.questionsPerHour },
    mcp: mcpInstructions(base),
  };
}

/** 409 when no ANTHROPIC_API_KEY is set: the box shows how to connect an assistant over MCP instead. */
export function assertAskConfigured(base: string): AskConfig & { apiKey: string } {
  const c = askConfig();
  if (!c.apiKey) {
    throw new FluxError({
      code: "conflict",
      message: "The Ask box is not configured on this Flux (ANTHROPIC_API_KEY is not set). Connect an assistant over MCP instead.",
      details: { reason: "not_configured", mcp: mcpInstructions(base) },
    });
  }
  return { ...c, apiKey: c.apiKey };
}
