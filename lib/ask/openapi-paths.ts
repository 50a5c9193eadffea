import { errors, jsonBody, ok, schema, type Json } from "@/lib/openapi/spec-parts";
import { AskRequestSchema } from "./ask-request";

const projectParam: Json = { name: "project", in: "query", required: false, schema: { type: "string", format: "uuid" }, description: "The project, for a signed-in person (a key names its own)." };

const AskStatusView: Json = {
  type: "object",
  required: ["configured", "model", "limits", "mcp"],
  properties: {
    configured: { type: "boolean", description: "false: no ANTHROPIC_API_KEY on this server; connect an assistant over MCP instead" },
    model: { type: ["string", "null"] },
    limits: {
      type: "object",
      properties: { maxTokens: { type: "integer" }, maxToolCalls: { type: "integer" }, tokenBudget: { type: "integer" }, questionsPerHour: { type: "integer" } },
    },
    mcp: { type: "object", properties: { url: { type: "string" }, command: { type: "string" } } },
  },
};

/** The Ask box routes of the OpenAPI document (lib/openapi/spec.ts). */
export function askPaths(): Record<string, Json> {
  const security = [{ apiKey: [] }];
  const tags = ["Ask"];
  return {
    "/api/v1/ask": {
      get: { summary: "Whether the Ask box answers on this server, its limits, and how to connect over MCP", tags, security, parameters: [projectParam], responses: { ...ok("Status", AskStatusView), ...errors(401, 403, 404) } },
      post: {
        summary: "Ask a question about the project's data (or answer a pending confirmation); the answer streams as NDJSON",
        description:
          "Streams one JSON object per line: `text`, `tool_call` (name, input, query, link), `tool_result` (summary, isError), `confirm` (a tool that writes waits for `confirm: { id, approve }` with the history), `error`, and last `done` (usage and the history to post with the next question). The server keeps no conversation.",
        tags,
        security,
        parameters: [projectParam],
        requestBody: jsonBody(schema(AskRequestSchema)),
        responses: {
          "200": { description: "NDJSON events", content: { "application/x-ndjson": { schema: { type: "object", required: ["type"], properties: { type: { enum: ["text", "tool_call", "tool_result", "confirm", "done", "error"] } } } } } },
          ...errors(400, 401, 403, 404, 413, 422),
          "409": { description: "Not configured: no ANTHROPIC_API_KEY (details: { reason: \"not_configured\", mcp: { url, command } })", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
          "429": { description: "FLUX_ASK_RATE_PER_HOUR questions reached; retry after Retry-After seconds", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        },
      },
    },
  };
}
