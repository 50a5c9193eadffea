import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { publicBaseUrl } from "@/lib/alerts/alert-links";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import type { Caller } from "@/lib/auth/caller";
import { FluxError, type ErrorCode } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/body";
import { errorResponse, toErrorResponse } from "@/lib/http/respond";
import { createFluxMcpServer } from "./flux-mcp-server";
import { MCP_MAX_BODY_BYTES } from "./limits";
import { requestOrigin } from "./request-origin";

/**
 * POST /api/mcp: one JSON-RPC message (or batch) in, its answers out as JSON. Stateless: a
 * fresh server and transport per request, no session id, so any instance answers any request
 * and nothing outlives the response. The key is checked before the body is read.
 */
export async function serveMcpPost(req: Request): Promise<Response> {
  try {
    const ctx = await mcpCaller(req);
    const body = await readJsonBody(req, { maxBytes: MCP_MAX_BODY_BYTES });
    const server = createFluxMcpServer({ ctx, base: publicBaseUrl() ?? requestOrigin(req) });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await inFluxEnvelope(await transport.handleRequest(req, { parsedBody: body }));
    } finally {
      await server.close();
    }
  } catch (error) {
    return mcpErrorResponse(error);
  }
}

/** GET (a server-sent event stream) and DELETE (ending a session) have nothing to act on here. */
export async function refuseMcpMethod(req: Request): Promise<Response> {
  try {
    await mcpCaller(req);
    const response = errorResponse(
      new FluxError({
        code: "method_not_allowed",
        message: `This MCP server is stateless: POST each JSON-RPC message to /api/mcp. There is no event stream to open and no session to end (${req.method}).`,
      }),
    );
    response.headers.set("Allow", "POST");
    return response;
  } catch (error) {
    return mcpErrorResponse(error);
  }
}

const unauthorized = (message: string) => new FluxError({ code: "unauthorized", message });

/** A project API key and nothing else: MCP clients are programs, not signed-in browsers. */
async function mcpCaller(req: Request): Promise<Caller> {
  const authorization = req.headers.get("authorization");
  if (authorization === null) throw unauthorized("Send 'Authorization: Bearer <project API key>' (a key with the 'read' scope; 'ingest' for track_event)");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw unauthorized("Use 'Authorization: Bearer <project API key>'");
  const ctx = await authenticateApiKey(match[1]);
  if (!ctx) throw unauthorized("The API key is invalid or has been revoked");
  return ctx;
}

function mcpErrorResponse(error: unknown): Response {
  const response = toErrorResponse(error);
  // RFC 6750: say which scheme the endpoint takes.
  if (response.status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="flux"');
  return response;
}

const TRANSPORT_CODES: Partial<Record<number, ErrorCode>> = {
  400: "bad_request",
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/**
 * The transport refuses a request (wrong Accept or Content-Type, not JSON-RPC, an unknown
 * MCP-Protocol-Version) with a JSON-RPC error body. The spec leaves the body of such an HTTP
 * error open, so Flux answers in its own envelope as every other /api route does.
 */
async function inFluxEnvelope(response: Response): Promise<Response> {
  if (response.status < 400) return response;
  const body = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null;
  const message = typeof body?.error?.message === "string" ? body.error.message : `The MCP request was refused (HTTP ${response.status})`;
  const code = TRANSPORT_CODES[response.status];
  if (!code) {
    console.error(`[flux] mcp transport answered ${response.status}: ${message}`);
    return errorResponse(new FluxError({ code: "internal", message: "Something went wrong on our side" }));
  }
  return errorResponse(new FluxError({ code, message }));
}
