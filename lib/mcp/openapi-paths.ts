import { errors, type Json } from "@/lib/openapi/spec-parts";
import { MCP_MAX_BODY_BYTES } from "./limits";

const envelope = (description: string): Json => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

const refused: Json = {
  ...errors(401),
  "405": envelope("GET and DELETE: the server is stateless (no event stream, no session); POST every message"),
};

/** /api/mcp: the Model Context Protocol endpoint (JSON-RPC, not REST), described for completeness. */
export function mcpPaths(): Record<string, Json> {
  return {
    "/api/mcp": {
      post: {
        summary: "Model Context Protocol (Streamable HTTP, stateless, JSON responses) for Claude and other assistants",
        description:
          "Send one JSON-RPC 2.0 message or a batch (initialize, tools/list, tools/call, resources/read flux://project/overview, prompts/get project_overview) with `Accept: application/json, text/event-stream`. Protocol versions 2025-11-25 and older ones the MCP SDK negotiates. The key's scopes decide the tools listed: 'read' for the query tools, 'ingest' for track_event. Tool failures come back as results with isError, not as HTTP errors.",
        tags: ["Assistants"],
        security: [{ apiKey: [] }],
        requestBody: { required: true, content: { "application/json": { schema: { description: `A JSON-RPC 2.0 message or batch, at most ${MCP_MAX_BODY_BYTES} bytes`, type: ["object", "array"] } } } },
        responses: {
          "200": { description: "The JSON-RPC response(s)", content: { "application/json": { schema: { type: ["object", "array"] } } } },
          "202": { description: "Only notifications or responses were sent: nothing to answer" },
          ...errors(400, 401, 413),
          "406": envelope("The Accept header must list application/json and text/event-stream"),
          "415": envelope("The body must be application/json"),
        },
      },
      get: { summary: "Refused: no server-sent event stream (stateless server)", tags: ["Assistants"], security: [{ apiKey: [] }], responses: refused },
      delete: { summary: "Refused: no session to end (stateless server)", tags: ["Assistants"], security: [{ apiKey: [] }], responses: refused },
    },
  };
}
