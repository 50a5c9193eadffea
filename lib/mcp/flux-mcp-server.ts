import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import packageJson from "@/package.json";
import { projectOverview } from "@/lib/assistant/project-overview";
import { findTool, runFluxTool, toolsFor } from "@/lib/assistant/run-tool";
import { FluxToolError, type FluxTool } from "@/lib/assistant/tool";
import { can, type Caller } from "@/lib/auth/caller";
import { FluxError } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/http/respond";

export const OVERVIEW_URI = "flux://project/overview";
export const OVERVIEW_PROMPT = "project_overview";

/**
 * One MCP server for one caller and one request (app/api/mcp is stateless): the tools this
 * caller may use, and for readers the project overview as a resource and a prompt.
 *
 * Tools are served through the low-level handlers rather than McpServer.registerTool: that
 * helper validates arguments itself and hands the handler the parsed values, so runFluxTool —
 * where the MCP server and the Ask box both check arguments, permission and output — would
 * parse twice (a transform or default applied twice) and answer with the SDK's wording
 * instead of Flux's.
 */
export function createFluxMcpServer({ ctx, base }: { ctx: Caller; base: string }): McpServer {
  const tools = toolsFor(ctx);
  const reads = can(ctx, "read");
  const server = new McpServer(
    { name: "flux", title: "Flux", version: packageJson.version, websiteUrl: base || undefined },
    { instructions: instructions(tools, reads) },
  );

  // Declared here, not in the options: McpServer would install its own tool handlers for it.
  server.server.registerCapabilities({ tools: { listChanged: false } });
  const listed = tools.map(describeTool);
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name, arguments: args } = request.params;
    // A name Flux does not know is the client's protocol error; one this key may not use is
    // a tool error the model can act on (runFluxTool names the missing scope).
    if (!findTool(name)) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    return callTool({ ctx, base, name, args });
  });

  if (reads) {
    server.registerResource(
      "project_overview",
      OVERVIEW_URI,
      {
        title: "Project overview",
        description: "This Flux project's metrics, events, dashboards and last week's anomalies (open first), with links: read it first to learn which names exist.",
        mimeType: "text/plain",
      },
      async (uri) => {
        const { structured, text } = await projectOverview({ ctx, base });
        return {
          contents: [
            { uri: uri.href, mimeType: "text/plain", text },
            { uri: uri.href, mimeType: "application/json", text: JSON.stringify(structured) },
          ],
        };
      },
    );
    server.registerPrompt(
      OVERVIEW_PROMPT,
      {
        title: "Orient yourself in this Flux project",
        description: "Starts a conversation with the project's metrics, events, dashboards and recent anomalies, and how to ask about them.",
      },
      async () => {
        const { text } = await projectOverview({ ctx, base });
        return {
          description: "The Flux project's overview",
          messages: [{ role: "user", content: { type: "text", text: `${text}\n\n${PROMPT_GUIDE}` } }],
        };
      },
    );
  }
  return server;
}

function describeTool(tool: FluxTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.input, "input") as Tool["inputSchema"],
    outputSchema: jsonSchema(tool.output, "output") as Tool["outputSchema"],
    annotations: { title: tool.title, readOnlyHint: !tool.writes, destructiveHint: false, idempotentHint: !tool.writes, openWorldHint: false },
  };
}

// Draft 7, as the SDK writes tool schemas itself: the SDK's client compiles output schemas
// with a draft-07 Ajv.
const jsonSchema = (schema: z.ZodObject, io: "input" | "output") => z.toJSONSchema(schema, { io, target: "draft-7", unrepresentable: "any" });

/** Runs one tool; every failure is a tool result (isError) a model can read, never a stack. */
export async function callTool({ ctx, base, name, args }: { ctx: Caller; base: string; name: string; args: unknown }): Promise<CallToolResult> {
  try {
    const { structured, text } = await runFluxTool({ ctx, name, args, base });
    return { structuredContent: structured, content: [{ type: "text", text }] };
  } catch (error) {
    return toolFailure(name, error);
  }
}

export function toolFailure(name: string, error: unknown): CallToolResult {
  const failed = (text: string, field?: string): CallToolResult => ({ isError: true, content: [{ type: "text", text }], ...(field ? { _meta: { field } } : {}) });
  if (error instanceof FluxToolError) {
    const named = !error.field || error.message.includes(error.field) ? error.message : `${error.field}: ${error.message}`;
    return failed(named, error.field);
  }
  if (error instanceof FluxError && error.status < 500) return failed(error.message);
  if (isDatabaseUnavailable(error) || (error instanceof FluxError && error.code === "unavailable")) {
    console.error(`[flux] mcp ${name}: database unavailable`);
    return failed(`Flux's database is unavailable right now; retry ${name} shortly.`);
  }
  if ((error as { code?: string })?.code === "57014") return failed(`${name} took too long and was stopped; narrow the range or the filters.`);
  console.error(`[flux] mcp tool ${name} failed:`, error);
  return failed(`${name} failed because of an error inside Flux (logged on the server). Try again, or answer with what the other tools give.`);
}

const PROMPT_GUIDE =
  "Those are the names you can ask about. Use describe_metric for a metric's unit, tags and good direction before querying it; query_metric, compare_periods and query_events for numbers. Every tool answer states its time range, time zone and units and carries a link that opens the same chart in Flux: cite those links.";

function instructions(tools: FluxTool[], reads: boolean): string {
  const names = tools.map((t) => t.name).join(", ");
  if (!reads) {
    return `Flux is a metrics and events platform. This API key may only record events (tools: ${names || "none"}); it cannot read the project's data. Ask for a key with the 'read' scope to answer questions.`;
  }
  return [
    "Flux holds one project's metrics (numeric time series: gauges, counters, distributions, sets) and events (things that happened, with properties and users).",
    `How to start: read the project overview (resource ${OVERVIEW_URI} or prompt ${OVERVIEW_PROMPT}) to learn which metrics, events, dashboards and anomalies exist; then list and describe (the list_* and describe_* tools) to learn a name's unit, tags and good direction; then query (query_*, compare_periods, get_dashboard) for the numbers.`,
    "Use only names the overview or the list tools return. Every answer states its time range (ISO instants), time zone and units, the exact query it ran and a link that opens the same chart in Flux: give people the link.",
    `Tools of this key: ${names || "none"}.`,
  ].join("\n");
}
