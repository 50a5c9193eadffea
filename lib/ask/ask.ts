import Anthropic from "@anthropic-ai/sdk";
import type { Caller } from "@/lib/auth/caller";
import { findTool, runFluxTool, toolsFor } from "@/lib/assistant/run-tool";
import { FluxToolError } from "@/lib/assistant/tool";
import { getProject } from "@/lib/projects/projects";
import { anthropicTool } from "./anthropic-tools";
import type { AskConfig } from "./ask-config";
import type { AskBlock, AskEvent, AskMessage, AskStop, AskUsage } from "./ask-events";
import { toolCallsSinceQuestion, trimHistory, type AskRequest } from "./ask-request";
import { systemPrompt } from "./system-prompt";

type ToolUse = Extract<AskBlock, { type: "tool_use" }>;
type ToolResultBlock = Extract<AskBlock, { type: "tool_result" }>;
type Emit = (event: AskEvent) => void;

const SUMMARY_CHARS = 400;

interface Turn {
  ctx: Caller;
  base: string;
  config: AskConfig & { apiKey: string };
  emit: Emit;
  usage: AskUsage;
  /** Whether any text was emitted yet: text of a later block or model call starts a new paragraph. */
  wroteText: boolean;
}

/**
 * Answers one question (or resumes one after a person confirmed or declined a change): calls
 * the model with Flux's tools, runs the tools it asks for, and loops until it answers, a
 * writing tool needs a person, or a limit (tool calls, token budget) stops it. Every step is
 * emitted; the last event is always `done` with the conversation to post back next time.
 */
export async function askFlux({ ctx, input, base, config, emit, signal }: {
  ctx: Caller;
  input: AskRequest;
  base: string;
  config: AskConfig & { apiKey: string };
  emit: Emit;
  signal?: AbortSignal;
}): Promise<void> {
  const usage: AskUsage = { inputTokens: 0, outputTokens: 0, modelCalls: 0, toolCalls: 0 };
  const turn: Turn = { ctx, base, config, emit, usage, wroteText: false };
  const messages: AskMessage[] = [...input.history];
  let stopped: AskStop | undefined;
  try {
    if (input.confirm) {
      const last = messages.at(-1)!;
      messages.push({ role: "user", content: await runToolUses(turn, last.content.filter(isToolUse), input.confirm) });
    } else {
      const last = messages.at(-1);
      // After a stop at a limit the history ends with the not-run results: the question joins that turn.
      if (last?.role === "user") messages[messages.length - 1] = { role: "user", content: [...last.content, { type: "text", text: input.question! }] };
      else messages.push(questionTurn(messages, input.question!));
    }
    const client = new Anthropic({ apiKey: config.apiKey, baseURL: config.baseURL ?? null, maxRetries: 1, timeout: 120_000 });
    const project = await getProject({ ctx });
    const system = systemPrompt({ projectName: project.name, timeZone: input.timeZone ?? "UTC", now: new Date() });
    const tools = toolsFor(ctx).map(anthropicTool);
    let calls = toolCallsSinceQuestion(messages);
    for (;;) {
      const spent = usage.inputTokens + usage.outputTokens;
      if (usage.modelCalls > 0 && spent >= config.tokenBudget) {
        stopped = "token_budget";
        emit({ type: "error", code: stopped, message: `Stopped: this question used ${spent} tokens, its budget is ${config.tokenBudget}. Ask something narrower.` });
        break;
      }
      const reply = await callModel(turn, client, { system, tools, messages, signal });
      const content = reply.content;
      if (reply.stopReason === "max_tokens") {
        // A tool call cut off mid-input cannot be run or answered: keep only the text.
        const text = content.filter((b) => b.type === "text");
        if (text.length > 0) messages.push({ role: "assistant", content: text });
        stopped = "max_tokens";
        emit({ type: "error", code: stopped, message: `The answer was cut at ${config.maxTokens} tokens (FLUX_ASK_MAX_TOKENS).` });
        break;
      }
      if (content.length === 0) break;
      messages.push({ role: "assistant", content });
      const uses = content.filter(isToolUse);
      if (reply.stopReason !== "tool_use" || uses.length === 0) break;
      if (calls + uses.length > config.maxToolCalls) {
        // Answered as errors, so the conversation stays one the API accepts next time.
        messages.push({ role: "user", content: uses.map((u) => result(u.id, `Not run: this question reached its limit of ${config.maxToolCalls} tool calls.`, true)) });
        stopped = "tool_call_limit";
        emit({ type: "error", code: stopped, message: `Stopped: this question reached its limit of ${config.maxToolCalls} tool calls (FLUX_ASK_MAX_TOOL_CALLS). Ask something narrower.` });
        break;
      }
      const write = uses.find((u) => findTool(u.name)?.writes);
      if (write) {
        stopped = "confirm";
        emit({ type: "confirm", id: write.id, name: write.name, input: write.input, history: trimHistory(messages) });
        break;
      }
      calls += uses.length;
      messages.push({ role: "user", content: await runToolUses(turn, uses) });
    }
  } catch (error) {
    if (signal?.aborted) return;
    emit({ type: "error", code: "upstream", message: upstreamMessage(error, config) });
    // The conversation as the client sent it: a half-done step would be refused next time.
    emit({ type: "done", usage, history: input.history });
    return;
  }
  emit({ type: "done", usage, history: trimHistory(messages), ...(stopped && { stopped }) });
}

const isToolUse = (b: AskBlock): b is ToolUse => b.type === "tool_use";
const result = (id: string, content: string, isError = false): ToolResultBlock => ({ type: "tool_result", tool_use_id: id, content, ...(isError && { is_error: true }) });

/** The person's new question; calls still waiting for a confirmation are answered as not approved. */
function questionTurn(messages: AskMessage[], question: string): AskMessage {
  const last = messages.at(-1);
  const pending = last?.role === "assistant" ? last.content.filter(isToolUse) : [];
  const declined = pending.map((u) => result(u.id, "Not run: the person asked something else instead of confirming.", true));
  return { role: "user", content: [...declined, { type: "text", text: question }] };
}

async function callModel(turn: Turn, client: Anthropic, { system, tools, messages, signal }: { system: string; tools: Anthropic.Tool[]; messages: AskMessage[]; signal?: AbortSignal }) {
  const stream = client.messages.stream(
    { model: turn.config.model, max_tokens: turn.config.maxTokens, system, tools, messages: messages as Anthropic.MessageParam[] },
    { signal },
  );
  let blockStarted = false;
  for await (const event of stream) {
    if (event.type === "content_block_start" && event.content_block.type === "text") blockStarted = true;
    if (event.type === "content_block_delta" && event.delta.type === "text_delta" && event.delta.text) {
      if (blockStarted && turn.wroteText) turn.emit({ type: "text", text: "\n\n" });
      blockStarted = false;
      turn.wroteText = true;
      turn.emit({ type: "text", text: event.delta.text });
    }
  }
  const message = await stream.finalMessage();
  turn.usage.modelCalls += 1;
  turn.usage.inputTokens += message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0);
  turn.usage.outputTokens += message.usage.output_tokens;
  // Only the blocks this server knows how to send back: text and client tool calls.
  const content: AskBlock[] = message.content.flatMap((b): AskBlock[] => {
    if (b.type === "text" && b.text.length > 0) return [{ type: "text", text: b.text }];
    if (b.type === "tool_use") return [{ type: "tool_use", id: b.id, name: b.name, input: isRecord(b.input) ? b.input : {} }];
    return [];
  });
  return { content, stopReason: message.stop_reason };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Runs one assistant turn's tool calls in order. A writing tool runs only when it is the one
 * the person approved; otherwise its result says why it did not run.
 */
async function runToolUses(turn: Turn, uses: ToolUse[], confirm?: { id: string; approve: boolean }): Promise<ToolResultBlock[]> {
  const results: ToolResultBlock[] = [];
  for (const use of uses) {
    const tool = findTool(use.name);
    if (tool?.writes && !(confirm?.approve && confirm.id === use.id)) {
      const why = confirm?.id === use.id ? `The person declined: ${use.name} was not run and nothing changed.` : "Not run: one change at a time, each confirmed by the person; propose it again if it is still needed.";
      turn.emit({ type: "tool_call", id: use.id, name: use.name, input: use.input });
      turn.emit({ type: "tool_result", id: use.id, summary: why, isError: true });
      results.push(result(use.id, why, true));
      continue;
    }
    turn.usage.toolCalls += 1;
    try {
      const { structured, text } = await runFluxTool({ ctx: turn.ctx, name: use.name, args: use.input, base: turn.base });
      const link = typeof structured.link === "string" ? structured.link : undefined;
      turn.emit({ type: "tool_call", id: use.id, name: use.name, input: use.input, ...(structured.query !== undefined && { query: structured.query }), ...(link && { link }) });
      turn.emit({ type: "tool_result", id: use.id, summary: summarise(text), isError: false });
      results.push(result(use.id, text));
    } catch (error) {
      if (!(error instanceof FluxToolError)) throw error;
      turn.emit({ type: "tool_call", id: use.id, name: use.name, input: use.input });
      turn.emit({ type: "tool_result", id: use.id, summary: summarise(error.message), isError: true });
      results.push(result(use.id, error.message, true));
    }
  }
  return results;
}

const summarise = (text: string) => (text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS - 1)}…` : text);

/** What the person sees when the model service fails: its status and message, never our key. */
function upstreamMessage(error: unknown, config: AskConfig): string {
  if (error instanceof Anthropic.APIConnectionError) return `Could not reach the assistant service${config.baseURL ? ` at ${config.baseURL}` : ""}; try again shortly.`;
  if (error instanceof Anthropic.APIError) {
    const status = error.status ?? "no status";
    if (error.status === 401) return "The assistant service refused Flux's API key (401): check ANTHROPIC_API_KEY.";
    if (error.status === 429) return "The assistant service is rate limiting this Flux (429); try again in a minute.";
    return `The assistant service failed (${status}): ${String((error.error as { error?: { message?: string } })?.error?.message ?? error.message).slice(0, 300)}`;
  }
  console.error("[flux] ask failed:", error);
  return "The answer failed on the server; try again.";
}
