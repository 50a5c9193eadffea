import { z } from "zod";
import { invalid } from "@/lib/errors";
import { findTool } from "@/lib/assistant/run-tool";
import { MAX_TOOL_TEXT } from "@/lib/assistant/run-tool";
import { TimeZone } from "@/lib/time/time-zones";
import { parseInput } from "@/lib/validation";
import type { AskMessage } from "./ask-events";

// The conversation lives in the browser and comes back with every question, so everything in
// it is checked again here: only the block types this server writes, bounded sizes, turns that
// alternate, and tool results that answer the tool calls just before them. Nothing a client
// sends is run as a tool result: tools run only when the model asks in this request, or when a
// person approves the one pending call of the last assistant turn.

export const MAX_QUESTION_CHARS = 4_000;
export const MAX_HISTORY_MESSAGES = 60;
const MAX_BLOCKS = 24;
const MAX_TEXT_CHARS = 40_000;
const MAX_TOOL_INPUT_CHARS = 8_000;
const ToolUseId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "A tool call id holds letters, digits, _ and - (at most 128)");

const TextBlock = z.strictObject({ type: z.literal("text"), text: z.string().min(1).max(MAX_TEXT_CHARS) });
const ToolUseBlock = z.strictObject({
  type: z.literal("tool_use"),
  id: ToolUseId,
  name: z.string().max(64).refine((n) => findTool(n) !== undefined, "Not one of Flux's tools"),
  input: z.record(z.string(), z.unknown()).refine((i) => JSON.stringify(i).length <= MAX_TOOL_INPUT_CHARS, `A tool call's input is at most ${MAX_TOOL_INPUT_CHARS} characters of JSON`),
});
const ToolResultBlock = z.strictObject({
  type: z.literal("tool_result"),
  tool_use_id: ToolUseId,
  content: z.string().max(MAX_TOOL_TEXT + 200),
  is_error: z.boolean().optional(),
});
const Message = z.discriminatedUnion("role", [
  z.strictObject({ role: z.literal("user"), content: z.array(z.discriminatedUnion("type", [TextBlock, ToolResultBlock])).min(1).max(MAX_BLOCKS) }),
  z.strictObject({ role: z.literal("assistant"), content: z.array(z.discriminatedUnion("type", [TextBlock, ToolUseBlock])).min(1).max(MAX_BLOCKS) }),
]);

export const AskRequestSchema = z
  .strictObject({
    question: z.string().trim().min(1, "Ask a question").max(MAX_QUESTION_CHARS, `Ask in at most ${MAX_QUESTION_CHARS} characters`).optional(),
    history: z.array(Message).max(MAX_HISTORY_MESSAGES, `At most ${MAX_HISTORY_MESSAGES} earlier messages; start a new conversation`).default([]),
    confirm: z.strictObject({ id: ToolUseId, approve: z.boolean() }).optional(),
    timeZone: TimeZone.optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.question === undefined) === (r.confirm === undefined)) {
      ctx.addIssue({ code: "custom", path: ["question"], message: "Send either a question or a confirm answer (not both)" });
    }
  });

export type AskRequest = z.output<typeof AskRequestSchema> & { history: AskMessage[] };

/** The body of POST /api/v1/ask, checked in shape and in how its turns fit together (422 naming the field). */
export function parseAskRequest(body: unknown): AskRequest {
  const request = parseInput(AskRequestSchema, body, "Invalid question") as AskRequest;
  const problem = conversationProblem(request.history) ?? confirmProblem(request);
  if (problem) throw invalid("Invalid question", [problem]);
  return request;
}

type Problem = { field: string; message: string };
const toolUses = (m: AskMessage) => m.content.filter((b) => b.type === "tool_use");
const toolResults = (m: AskMessage) => m.content.filter((b) => b.type === "tool_result");

/** Why a history cannot have come from this server, or null. */
export function conversationProblem(history: AskMessage[]): Problem | null {
  const seen = new Set<string>();
  for (let i = 0; i < history.length; i++) {
    const m = history[i];
    const field = `history.${i}`;
    if (m.role !== (i % 2 === 0 ? "user" : "assistant")) return { field: `${field}.role`, message: "Turns alternate, starting with the person's" };
    if (m.role === "assistant") {
      for (const use of toolUses(m)) {
        if (seen.has(use.id)) return { field, message: `Tool call ${use.id} appears twice` };
        seen.add(use.id);
      }
      continue;
    }
    // A person's turn answers every tool call of the turn before it, first, and nothing else.
    const asked = i > 0 ? toolUses(history[i - 1]).map((u) => u.id) : [];
    const answered = toolResults(m).map((r) => r.tool_use_id);
    const leading = m.content.slice(0, answered.length).every((b) => b.type === "tool_result");
    if (!leading || asked.length !== answered.length || asked.some((id, k) => answered[k] !== id)) {
      return { field: `${field}.content`, message: "Tool results must answer the previous turn's tool calls, in order, before any text" };
    }
    if (answered.length === 0 && !m.content.some((b) => b.type === "text")) return { field: `${field}.content`, message: "A turn holds a question or tool results" };
  }
  return null;
}

function confirmProblem(request: AskRequest): Problem | null {
  if (!request.confirm) return null;
  const last = request.history.at(-1);
  const pending = last?.role === "assistant" ? toolUses(last) : [];
  const firstWrite = pending.find((u) => findTool(u.name)?.writes);
  if (!firstWrite || firstWrite.id !== request.confirm.id) {
    return { field: "confirm.id", message: "Nothing waits for this confirmation: it must name the change proposed in the last answer" };
  }
  return null;
}

/** Tool calls made for the current question: results after the last turn in which the person asked something. */
export function toolCallsSinceQuestion(history: AskMessage[]): number {
  let calls = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i];
    if (m.role !== "user") continue;
    if (m.content.some((b) => b.type === "text")) break;
    calls += toolResults(m).length;
  }
  return calls;
}

/**
 * Keeps the newest turns that fit, cut where a question starts, so a long conversation stays
 * postable (MAX_HISTORY_MESSAGES) without orphaning tool results.
 */
export function trimHistory(history: AskMessage[], max = MAX_HISTORY_MESSAGES - 2): AskMessage[] {
  if (history.length <= max) return history;
  for (let i = history.length - max; i < history.length; i++) {
    const m = history[i];
    if (m.role === "user" && toolResults(m).length === 0) return history.slice(i);
  }
  return [];
}
