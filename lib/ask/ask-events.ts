// The Ask box's wire format (POST /api/v1/ask): one JSON object per line. Types only, so the
// browser (components/ask) and the server share them without pulling server code along.

/** A content block the conversation may hold: text, and the tool blocks this server produced. */
export type AskBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  | { type: "tool_result"; tool_use_id: string; content: string; is_error?: boolean };

/** One turn, in the Messages API's shape: the client keeps these and posts them back. */
export type AskMessage = { role: "user"; content: AskBlock[] } | { role: "assistant"; content: AskBlock[] };

export interface AskUsage {
  inputTokens: number;
  outputTokens: number;
  modelCalls: number;
  toolCalls: number;
}

export type AskEvent =
  | { type: "text"; text: string }
  | { type: "tool_call"; id: string; name: string; input: Record<string, unknown>; query?: unknown; link?: string }
  | { type: "tool_result"; id: string; summary: string; isError: boolean }
  /** A tool that writes waits for the person: re-post the history with `confirm: { id, approve }`. */
  | { type: "confirm"; id: string; name: string; input: Record<string, unknown>; history: AskMessage[] }
  /** Always the last line: what the question cost and the conversation to post with the next one. */
  | { type: "done"; usage: AskUsage; history: AskMessage[]; stopped?: AskStop }
  | { type: "error"; message: string; code?: AskStop | "upstream" };

/** Why an answer ended early. */
export type AskStop = "tool_call_limit" | "token_budget" | "max_tokens" | "confirm";

/** GET /api/v1/ask: whether the box can answer here, its limits, and how to connect over MCP instead. */
export interface AskStatus {
  configured: boolean;
  model: string | null;
  limits: { maxTokens: number; maxToolCalls: number; tokenBudget: number; questionsPerHour: number };
  mcp: { url: string; command: string };
}
