import { LATEST_PROTOCOL_VERSION, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLUX_TOOLS } from "@/lib/assistant/tools";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { insertPoints } from "@/tests/query-data";
import { connectMcp, DASHBOARD, EVENT, initialize, mcpUrl, METRIC, postMcp, seedProject, textOf, type Seed } from "./mcp-fixtures";

// The MCP endpoint with the SDK's own client against the running app: protocol versions,
// the key's tools, the overview resource and prompt, and every refusal at the HTTP level.

let seed: Seed;
let other: TestProject;
const keys: Record<"full" | "read" | "ingest" | "revoked" | "other", string> = { full: "", read: "", ingest: "", revoked: "", other: "" };
const clients: { close(): Promise<void> }[] = [];

async function client(key: string, options?: { protocolVersion?: string }) {
  const c = await connectMcp(key, options);
  clients.push(c.client);
  return c;
}

beforeAll(async () => {
  seed = await seedProject("MCP server project");
  other = await createTestProject("Someone else's project");
  await insertPoints({ projectId: other.projectId, name: "other.load", type: "gauge", points: [{ time: Date.now() - 60_000, value: 1 }] });
  keys.full = await seed.p.key(["read", "ingest"]);
  keys.read = await seed.p.key(["read"]);
  keys.ingest = await seed.p.key(["ingest"]);
  keys.other = await other.key(["read", "ingest"]);
  const revoked = await createApiKey({ ctx: seed.p.ctx, input: { name: "revoked", scopes: ["read"] } });
  await revokeApiKey({ ctx: seed.p.ctx, keyId: revoked.apiKey.id });
  keys.revoked = revoked.key;
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

describe("protocol", () => {
  it("negotiates the latest version (2025-11-25) and names itself with instructions on how to start", async () => {
    const { client: c, transport } = await client(keys.read);
    expect(LATEST_PROTOCOL_VERSION).toBe("2025-11-25");
    expect(transport.protocolVersion).toBe("2025-11-25");
    expect(c.getServerVersion()).toMatchObject({ name: "flux", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const instructions = c.getInstructions() ?? "";
    expect(instructions).toContain("flux://project/overview");
    expect(instructions.indexOf("overview")).toBeLessThan(instructions.indexOf("query"));
    expect(c.getServerCapabilities()).toMatchObject({ tools: {}, resources: {}, prompts: {} });
  });

  it.each(["2025-06-18", "2025-03-26"])("still serves a client that offers %s, which then sends that version on every request", async (version) => {
    const { client: c, transport, sentVersions } = await client(keys.read, { protocolVersion: version });
    expect(transport.protocolVersion).toBe(version);
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name)).toContain("list_metrics");
    const result = (await c.callTool({ name: "list_metrics", arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain(METRIC);
    expect(sentVersions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sentVersions)).toEqual(new Set([version]));
  });

  it("is stateless: no session id, and a request without initialize is answered by any instance", async () => {
    const init = await postMcp(initialize(), { key: keys.read });
    expect(init.status).toBe(200);
    expect(init.headers.get("mcp-session-id")).toBeNull();
    expect((await init.json()).result.protocolVersion).toBe("2025-11-25");
    const list = await postMcp({ jsonrpc: "2.0", id: 2, method: "tools/list" }, { key: keys.read, headers: { "mcp-protocol-version": "2025-11-25" } });
    expect(list.status).toBe(200);
    expect(list.headers.get("content-type")).toContain("application/json");
    expect((await list.json()).result.tools.length).toBeGreaterThan(0);
  });

  it("answers a notification with 202 and refuses an unknown protocol version header with 400 in the Flux envelope", async () => {
    const note = await postMcp({ jsonrpc: "2.0", method: "notifications/initialized" }, { key: keys.read });
    expect(note.status).toBe(202);
    const res = await postMcp({ jsonrpc: "2.0", id: 3, method: "tools/list" }, { key: keys.read, headers: { "mcp-protocol-version": "1999-01-01" } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "bad_request", message: expect.stringContaining("Unsupported protocol version") });
  });
});

describe("tools the key may use", () => {
  it("lists every tool a read+ingest key may call, with titles, descriptions and input and output schemas", async () => {
    const { client: c } = await client(keys.full);
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name)).toEqual(FLUX_TOOLS.map((t) => t.name));
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) {
      const flux = FLUX_TOOLS.find((t) => t.name === tool.name)!;
      expect(tool.title).toBe(flux.title);
      expect(tool.description).toBe(flux.description);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
      expect(Object.keys(tool.outputSchema?.properties ?? {}).length, tool.name).toBeGreaterThan(0);
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect((schema as { description?: string }).description, `${tool.name}.${field} is described`).toBeTruthy();
      }
      expect(tool.annotations?.readOnlyHint).toBe(!flux.writes);
    }
  });

  it("shows a read-only key no tool that needs ingest, and refuses track_event as a tool error naming the scope", async () => {
    const { client: c } = await client(keys.read);
    const names = (await c.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(FLUX_TOOLS.filter((t) => t.permission === "read").map((t) => t.name));
    expect(names).not.toContain("track_event");
    if (FLUX_TOOLS.some((t) => t.name === "track_event")) {
      const result = (await c.callTool({ name: "track_event", arguments: { name: "sneaky" } })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("'ingest' scope");
    }
  });

  it("shows an ingest-only key only the tools that need ingest, and no overview", async () => {
    const { client: c } = await client(keys.ingest);
    const names = (await c.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(FLUX_TOOLS.filter((t) => t.permission === "ingest").map((t) => t.name));
    expect(c.getServerCapabilities()?.resources).toBeUndefined();
    expect(c.getServerCapabilities()?.prompts).toBeUndefined();
    expect(c.getInstructions()).toContain("only record events");
    const result = (await c.callTool({ name: "list_metrics", arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("'read' scope");
  });

  it("answers an unknown tool with a JSON-RPC invalid-params error", async () => {
    const { client: c } = await client(keys.read);
    await expect(c.callTool({ name: "drop_database", arguments: {} })).rejects.toThrow(/Unknown tool: drop_database/);
  });
});

describe("project overview", () => {
  it("serves flux://project/overview with this project's metrics, events and dashboards, as text and JSON", async () => {
    const { client: c } = await client(keys.read);
    const { resources } = await c.listResources();
    expect(resources).toEqual([expect.objectContaining({ uri: "flux://project/overview", name: "project_overview", mimeType: "text/plain" })]);
    const { contents } = await c.readResource({ uri: "flux://project/overview" });
    const text = (contents.find((x) => x.mimeType === "text/plain") as { text: string }).text;
    for (const name of [METRIC, EVENT, DASHBOARD, "MCP server project"]) expect(text).toContain(name);
    const json = JSON.parse((contents.find((x) => x.mimeType === "application/json") as { text: string }).text);
    expect(json.project.id).toBe(seed.p.projectId);
    expect(json.metrics.items.map((m: { name: string }) => m.name)).toEqual([METRIC]);
    expect(json.anomalies.items.map((a: { id: string }) => a.id)).toContain(seed.anomalyId);
    expect(json.dashboards.items[0].link).toBe(`${mcpUrl().origin}/projects/${seed.p.projectId}/dashboards/${seed.dashboardId}`);
  });

  it("offers the prompt project_overview that opens a conversation with the same names", async () => {
    const { client: c } = await client(keys.read);
    expect((await c.listPrompts()).prompts.map((x) => x.name)).toEqual(["project_overview"]);
    const prompt = await c.getPrompt({ name: "project_overview" });
    const message = prompt.messages[0];
    expect(message.role).toBe("user");
    const text = message.content.type === "text" ? message.content.text : "";
    for (const name of [METRIC, EVENT, DASHBOARD]) expect(text).toContain(name);
    expect(text).toContain("describe_metric");
  });
});

describe("links", () => {
  const overviewLink = async (headers: Record<string, string>) => {
    const res = await postMcp({ jsonrpc: "2.0", id: 9, method: "resources/read", params: { uri: "flux://project/overview" } }, { key: keys.read, headers });
    expect(res.status).toBe(200);
    const { result } = await res.json();
    return JSON.parse(result.contents.find((x: { mimeType: string }) => x.mimeType === "application/json").text).dashboards.items[0].link as string;
  };

  it("point at the address the client used, through a proxy's X-Forwarded-Host and -Proto, and never at a malformed host", async () => {
    const path = `/projects/${seed.p.projectId}/dashboards/${seed.dashboardId}`;
    expect(await overviewLink({ "x-forwarded-host": "flux.example.com", "x-forwarded-proto": "https" })).toBe(`https://flux.example.com${path}`);
    expect(await overviewLink({ "x-forwarded-host": "evil.example/phish?x=" })).not.toContain("evil.example");
  });
});

describe("another project's key", () => {
  it("sees nothing of this project: not its names, not its numbers, not its dashboard", async () => {
    const { client: c } = await client(keys.other);
    const list = (await c.callTool({ name: "list_metrics", arguments: {} })) as CallToolResult;
    expect(list.isError).toBeFalsy();
    expect(JSON.stringify(list)).toContain("other.load");
    expect(JSON.stringify(list)).not.toContain(METRIC);
    const query = (await c.callTool({ name: "query_metric", arguments: { name: METRIC, range: "30d" } })) as CallToolResult;
    expect(query.isError).toBe(true);
    expect(textOf(query)).toContain(METRIC);
    const dashboard = (await c.callTool({ name: "get_dashboard", arguments: { id: seed.dashboardId } })) as CallToolResult;
    expect(dashboard.isError).toBe(true);
    expect(JSON.stringify(dashboard)).not.toContain(DASHBOARD);
    const { contents } = await c.readResource({ uri: "flux://project/overview" });
    const all = contents.map((x) => ("text" in x ? x.text : "")).join("\n");
    expect(all).toContain("other.load");
    for (const name of [METRIC, EVENT, DASHBOARD, seed.p.projectId]) expect(all).not.toContain(name);
  });
});

describe("HTTP refusals", () => {
  const expectUnauthorized = async (res: Response) => {
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    expect((await res.json()).error).toMatchObject({ code: "unauthorized", message: expect.any(String) });
  };

  it("refuses no key, a malformed header, a wrong key and a revoked key with 401 before reading the body", async () => {
    await expectUnauthorized(await postMcp("{ not json"));
    await expectUnauthorized(await postMcp(initialize(), { headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }));
    await expectUnauthorized(await postMcp("{ not json", { key: "flux_wrong_key_0123456789abcdef" }));
    await expectUnauthorized(await postMcp(initialize(), { key: keys.revoked }));
    await expectUnauthorized(await fetch(mcpUrl(), { method: "GET" }));
  });

  it("makes the SDK client fail to connect with a revoked key (HTTP 401)", async () => {
    const failure = await connectMcp(keys.revoked).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StreamableHTTPError);
    expect((failure as StreamableHTTPError).code).toBe(401);
  });

  it("answers GET and DELETE with 405 Allow: POST (no stream to resume, no session to end)", async () => {
    for (const method of ["GET", "DELETE"]) {
      const res = await fetch(mcpUrl(), { method, headers: { authorization: `Bearer ${keys.read}`, accept: "text/event-stream" } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect((await res.json()).error.code).toBe("method_not_allowed");
    }
  });

  it("refuses a wrong Accept, a body that is not JSON-RPC, bad JSON and a body over the cap, each in the Flux envelope", async () => {
    const accept = await postMcp(initialize(), { key: keys.read, headers: { accept: "application/json" } });
    expect(accept.status).toBe(406);
    expect((await accept.json()).error.code).toBe("not_acceptable");
    const notRpc = await postMcp({ hello: "world" }, { key: keys.read });
    expect(notRpc.status).toBe(400);
    expect((await notRpc.json()).error.code).toBe("bad_request");
    const badJson = await postMcp("{ not json", { key: keys.read });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.message).toContain("not valid JSON");
    const huge = await postMcp({ ...initialize(), padding: "x".repeat(300 * 1024) }, { key: keys.read });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("payload_too_large");
  });
});
