import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for the Anthropic Messages API (POST /v1/messages with stream: true). It
// refuses what the real API refuses, with the real API's error shapes, and answers scripted
// turns as the real API streams them: message_start, content_block_start / _delta / _stop
// (text_delta, input_json_delta), message_delta with the stop reason and usage, message_stop.

export type ScriptedBlock = { type: "text"; text: string } | { type: "tool_use"; name: string; input: Record<string, unknown>; id?: string };

export interface ScriptedReply {
  content: ScriptedBlock[];
  /** Defaults: "tool_use" when a block calls a tool, else "end_turn". */
  stopReason?: "end_turn" | "tool_use" | "max_tokens" | "stop_sequence";
  usage?: { input_tokens: number; output_tokens: number };
  /** Instead of a message: the API's error answer with this status (e.g. 529 overloaded). */
  error?: { status: number; type: string; message: string };
  /** Pause between streamed events, so a browser sees the answer arrive in pieces. */
  delayMs?: number;
}

/** A request the fake accepted, as it arrived. */
export interface FakeRequest {
  headers: http.IncomingHttpHeaders;
  body: MessagesBody;
  /** The id of every tool call the fake streamed in answer to this request. */
  toolUseIds: string[];
}

export interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: unknown;
  stream: true;
  tools?: { name: string; description: string; input_schema: Record<string, unknown> }[];
  messages: { role: "user" | "assistant"; content: string | Block[] }[];
  [k: string]: unknown;
}
type Block = { type: string; [k: string]: unknown };

export interface FakeMessages {
  /** ANTHROPIC_BASE_URL for the app. */
  url: string;
  /** ANTHROPIC_API_KEY for the app: any other key gets the API's 401. */
  apiKey: string;
  /** Accepted requests, in order. */
  requests: FakeRequest[];
  /** Requests refused as malformed, with the reason (a test expects none). */
  refusals: { status: number; message: string }[];
  /** Answers the next requests in order; or, given a function, every request. */
  script(replies: ScriptedReply[] | ((request: FakeRequest) => ScriptedReply)): void;
  stop(): Promise<void>;
}

// The versions the API serves: 2023-06-01, and 2026-10-21 that @anthropic-ai/sdk 1.x sends.
const API_VERSIONS = ["2023-06-01", "2026-10-21"];
const BODY_KEYS = new Set(["model", "max_tokens", "messages", "system", "tools", "tool_choice", "stream", "metadata", "stop_sequences", "temperature", "top_k", "top_p", "thinking", "service_tier"]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}
const bad = (message: string) => new Refusal(400, "invalid_request_error", message);

export async function startFakeMessages(): Promise<FakeMessages> {
  const apiKey = `sk-ant-fake-${randomBytes(12).toString("hex")}`;
  const requests: FakeRequest[] = [];
  const refusals: FakeMessages["refusals"] = [];
  let queue: ScriptedReply[] = [];
  let responder: ((request: FakeRequest) => ScriptedReply) | null = null;
  const sockets = new Set<import("node:net").Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        try {
          const body = check(req, Buffer.concat(chunks).toString("utf8"), apiKey);
          const request: FakeRequest = { headers: req.headers, body, toolUseIds: [] };
          const reply = responder ? responder(request) : queue.shift();
          if (!reply) throw new Refusal(500, "api_error", "The fake has no scripted reply left for this request");
          requests.push(request);
          if (reply.error) throw new Refusal(reply.error.status, reply.error.type, reply.error.message);
          await stream(res, body.model, reply, request.toolUseIds);
        } catch (error) {
          const refusal = error instanceof Refusal ? error : new Refusal(500, "api_error", String(error));
          if (refusal.type === "invalid_request_error" || refusal.type === "authentication_error") refusals.push({ status: refusal.status, message: refusal.message });
          if (!res.headersSent) {
            res.writeHead(refusal.status, { "content-type": "application/json", "request-id": `req_${randomBytes(8).toString("hex")}` });
            res.end(JSON.stringify({ type: "error", error: { type: refusal.type, message: refusal.message } }));
          } else res.end();
        }
      })();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    refusals,
    script(replies) {
      if (typeof replies === "function") {
        responder = replies;
        queue = [];
      } else {
        responder = null;
        queue = [...replies];
      }
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The checks the real API makes that a client of it can get wrong. */
function check(req: http.IncomingMessage, raw: string, apiKey: string): MessagesBody {
  if (req.method !== "POST" || req.url?.split("?")[0] !== "/v1/messages") throw new Refusal(404, "not_found_error", `${req.method} ${req.url}: not found`);
  // The key comes as x-api-key or (how SDK 1.x sends it) Authorization: Bearer; a request with both must agree.
  const keys = [req.headers["x-api-key"], /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1]].filter((k) => k !== undefined);
  if (keys.length === 0 || keys.some((k) => k !== apiKey)) throw new Refusal(401, "authentication_error", "invalid x-api-key");
  const version = String(req.headers["anthropic-version"] ?? "");
  if (!API_VERSIONS.includes(version)) throw bad(`anthropic-version: "${version}" is not a valid version`);
  if (!/^application\/json/.test(req.headers["content-type"] ?? "")) throw bad("Content-Type must be application/json");
  let body: MessagesBody;
  try {
    body = JSON.parse(raw) as MessagesBody;
  } catch {
    throw bad("The request body is not valid JSON");
  }
  for (const key of Object.keys(body)) if (!BODY_KEYS.has(key)) throw bad(`${key}: Extra inputs are not permitted`);
  if (typeof body.model !== "string" || !body.model) throw bad("model: Field required");
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) throw bad("max_tokens: must be a positive integer");
  if (body.stream !== true) throw bad("stream: this fake answers streaming requests only (stream: true)");
  if (body.system !== undefined && typeof body.system !== "string" && !Array.isArray(body.system)) throw bad("system: Input should be a valid string or list");
  const toolNames = checkTools(body.tools);
  checkMessages(body.messages, toolNames);
  return body;
}

function checkTools(tools: MessagesBody["tools"]): Set<string> {
  const names = new Set<string>();
  if (tools === undefined) return names;
  if (!Array.isArray(tools)) throw bad("tools: Input should be a valid list");
  tools.forEach((t, i) => {
    if (typeof t?.name !== "string" || !TOOL_NAME.test(t.name)) throw bad(`tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    if (names.has(t.name)) throw bad(`tools: Tool names must be unique (${t.name})`);
    names.add(t.name);
    if (typeof t.description !== "string" || !t.description) throw bad(`tools.${i}.description: expected a description`);
    const schema = t.input_schema;
    if (typeof schema !== "object" || schema === null || schema.type !== "object") throw bad(`tools.${i}.input_schema.type: Input should be 'object'`);
    for (const k of Object.keys(t)) if (!["name", "description", "input_schema"].includes(k)) throw bad(`tools.${i}.${k}: Extra inputs are not permitted`);
  });
  return names;
}

function checkMessages(messages: MessagesBody["messages"], toolNames: Set<string>): void {
  if (!Array.isArray(messages) || messages.length === 0) throw bad("messages: at least one message is required");
  messages.forEach((m, i) => {
    if (m.role !== (i % 2 === 0 ? "user" : "assistant")) throw bad(`messages.${i}.role: roles must alternate between "user" and "assistant", starting with "user"`);
    if (typeof m.content === "string" && !m.content) throw bad(`messages.${i}: content must be non-empty`);
    const content: Block[] = typeof m.content === "string" ? [{ type: "text", text: m.content }] : m.content;
    if (!Array.isArray(content) || content.length === 0) throw bad(`messages.${i}: all messages must have non-empty content`);
    const allowed = m.role === "user" ? ["text", "tool_result"] : ["text", "tool_use"];
    content.forEach((b, k) => {
      if (!allowed.includes(b.type)) throw bad(`messages.${i}.content.${k}.type: a ${m.role} message cannot hold a ${b.type} block here`);
      if (b.type === "text" && (typeof b.text !== "string" || !b.text)) throw bad(`messages.${i}.content.${k}.text: text content blocks must be non-empty`);
      if (b.type === "tool_use") {
        if (typeof b.id !== "string" || !/^[a-zA-Z0-9_-]+$/.test(b.id)) throw bad(`messages.${i}.content.${k}.id: String should match pattern '^[a-zA-Z0-9_-]+$'`);
        if (!toolNames.has(b.name as string)) throw bad(`messages.${i}.content.${k}: tool_use names a tool not in tools: ${String(b.name)}`);
        if (typeof b.input !== "object" || b.input === null || Array.isArray(b.input)) throw bad(`messages.${i}.content.${k}.input: Input should be a valid dictionary`);
      }
      if (b.type === "tool_result") {
        if (typeof b.content !== "string" && !Array.isArray(b.content)) throw bad(`messages.${i}.content.${k}.content: a string or list of blocks`);
        if (b.is_error !== undefined && typeof b.is_error !== "boolean") throw bad(`messages.${i}.content.${k}.is_error: Input should be a valid boolean`);
      }
    });
    // Every tool_use must be answered by a tool_result in the next message, first, and only those.
    const asked = i > 0 && Array.isArray(messages[i - 1].content) ? (messages[i - 1].content as Block[]).filter((b) => b.type === "tool_use").map((b) => b.id) : [];
    if (m.role === "user") {
      const results = content.filter((b) => b.type === "tool_result");
      const leading = content.slice(0, results.length).every((b) => b.type === "tool_result");
      for (const r of results) {
        if (!asked.includes(r.tool_use_id)) throw bad(`messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(r.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`);
      }
      const missing = asked.filter((id) => !results.some((r) => r.tool_use_id === id));
      if (missing.length > 0) throw bad(`messages.${i - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`);
      if (!leading) throw bad(`messages.${i}.content: tool_result blocks must come first in the message`);
    }
  });
  const last = messages.at(-1)!;
  if (last.role !== "user") throw bad("messages: the last message must be the user's (this fake does not continue assistant prefills)");
}

const toolUseId = () => `toolu_01${randomBytes(18).toString("base64url").replace(/[-_]/g, "x").slice(0, 22)}`;

async function stream(res: http.ServerResponse, model: string, reply: ScriptedReply, toolUseIds: string[]): Promise<void> {
  const usage = reply.usage ?? { input_tokens: 1200, output_tokens: 60 };
  const stopReason = reply.stopReason ?? (reply.content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn");
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": `req_${randomBytes(8).toString("hex")}` });
  const send = async (type: string, data: Record<string, unknown>) => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  };
  await send("message_start", {
    message: { id: `msg_01${randomBytes(10).toString("hex")}`, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input_tokens, output_tokens: 1 } },
  });
  await send("ping", {});
  for (const [index, block] of reply.content.entries()) {
    if (block.type === "text") {
      await send("content_block_start", { index, content_block: { type: "text", text: "" } });
      for (const piece of pieces(block.text, 12)) await send("content_block_delta", { index, delta: { type: "text_delta", text: piece } });
    } else {
      const id = block.id ?? toolUseId();
      toolUseIds.push(id);
      await send("content_block_start", { index, content_block: { type: "tool_use", id, name: block.name, input: {} } });
      await send("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } });
      for (const piece of pieces(JSON.stringify(block.input), 9)) await send("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: piece } });
    }
    await send("content_block_stop", { index });
  }
  await send("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  await send("message_stop", {});
  res.end();
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
