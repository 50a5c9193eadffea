import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import { api, baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { insertTestAnomaly } from "@/tests/anomaly-data";
import { insertEvents, insertPoints, type EventInput, type PointInput } from "@/tests/query-data";

// A project with known numbers for the MCP tests, the SDK's own client against the running
// app, and one example input per tool.

export const METRIC = "mcp.signups";
export const EVENT = "signup";
export const PURCHASE = "purchase";
export const DASHBOARD = "MCP growth";

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface Seed {
  p: TestProject;
  /** The last 7 whole UTC days and the 7 before them. */
  current: { from: string; to: string };
  previous: { from: string; to: string };
  dashboardId: string;
  anomalyId: string;
  annotationId: string;
}

/**
 * Hourly counter points over 14 days (1 a point in the previous week, 2 in the current one;
 * every 4th point tagged plan=pro), 10 signups (4 pro) by 10 users in the current week and 3
 * purchases by the first 3 of them, 5 signups the week before; a dashboard, an annotation
 * and an anomaly.
 */
export async function seedProject(name = "MCP project"): Promise<Seed> {
  const p = await createTestProject(name);
  const today = Math.floor(Date.now() / DAY) * DAY;
  const t0 = today - 14 * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const current = { from: iso(t0 + 7 * DAY), to: iso(today) };
  const previous = { from: iso(t0), to: iso(t0 + 7 * DAY) };
  const points: PointInput[] = Array.from({ length: 14 * 24 }, (_, k) => ({ time: t0 + k * HOUR, value: k < 7 * 24 ? 1 : 2, tags: { plan: k % 4 === 0 ? "pro" : "free" } }));
  await insertPoints({ projectId: p.projectId, name: METRIC, type: "counter", points });
  const events: EventInput[] = [];
  for (let i = 0; i < 10; i++) {
    const time = t0 + 7 * DAY + i * 6 * HOUR;
    events.push({ time, name: EVENT, userId: `u${i}`, properties: { plan: i < 4 ? "pro" : "free" } });
    if (i < 3) events.push({ time: time + HOUR, name: PURCHASE, userId: `u${i}`, value: 49 });
  }
  for (let i = 0; i < 5; i++) events.push({ time: t0 + i * 6 * HOUR, name: EVENT, userId: `v${i}`, properties: { plan: "free" } });
  await insertEvents({ projectId: p.projectId, events });
  const admin = await p.key(["admin", "read"]);
  const dashboard = await api("/api/v1/dashboards", {
    key: admin,
    body: {
      name: DASHBOARD,
      timezone: "UTC",
      range: current,
      widgets: [{ id: "w1", x: 0, y: 0, w: 3, h: 2, config: { type: "number", title: "Signups", query: { source: "metric", name: METRIC, aggregation: "sum" } } }],
    },
  });
  expect(dashboard.status).toBe(201);
  const annotation = await api("/api/v1/annotations", { key: admin, body: { title: "Product Hunt launch", tags: ["launch"] } });
  expect(annotation.status).toBe(201);
  const anomalyId = await insertTestAnomaly({ projectId: p.projectId, name: METRIC });
  return { p, current, previous, dashboardId: (await dashboard.json()).id, annotationId: (await annotation.json()).id, anomalyId };
}

/** One valid input per tool: a tool the server lists without an example here fails the tests. */
export function toolExamples(seed: Seed): Record<string, Record<string, unknown>> {
  return {
    list_metrics: {},
    describe_metric: { name: METRIC },
    query_metric: { name: METRIC, aggregation: "sum", range: seed.current },
    compare_periods: { source: "metric", name: METRIC, period: "this_week_vs_last_week" },
    list_events: { range: "30d" },
    query_events: { event: EVENT, range: seed.current },
    get_dashboard: { id: seed.dashboardId },
    list_anomalies: {},
    list_annotations: {},
    track_event: { name: "mcp.tracked", properties: { plan: "pro" }, user_id: "u-mcp" },
  };
}

export const mcpUrl = () => new URL("/api/mcp", baseUrl());

/**
 * The SDK's client over Streamable HTTP with a key. `protocolVersion` makes it offer an older
 * version in initialize (the SDK always offers its latest); `sentVersions` records the
 * MCP-Protocol-Version header of every later request.
 */
export async function connectMcp(key: string, options: { protocolVersion?: string } = {}) {
  const sentVersions: string[] = [];
  const transport = new StreamableHTTPClientTransport(mcpUrl(), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
    fetch: async (url, init) => {
      let body = init?.body;
      if (options.protocolVersion && typeof body === "string") {
        const message = JSON.parse(body);
        if (message.method === "initialize") body = JSON.stringify({ ...message, params: { ...message.params, protocolVersion: options.protocolVersion } });
      }
      const version = new Headers(init?.headers).get("mcp-protocol-version");
      if (version) sentVersions.push(version);
      return fetch(url, { ...init, body });
    },
  });
  const client = new Client({ name: "flux-mcp-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport, sentVersions };
}

/** A raw POST to /api/mcp, as a client that is not the SDK sends it. */
export function postMcp(body: unknown, options: { key?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream", ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  return fetch(mcpUrl(), { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

export const initialize = (protocolVersion = "2025-11-25") => ({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

/** The text of a tool result's first content block. */
export function textOf(result: CallToolResult | Record<string, unknown>): string {
  const content = (result as CallToolResult).content ?? [];
  const first = content[0];
  return first?.type === "text" ? first.text : "";
}

/** Structured content of a successful tool call (fails the test on a tool error). */
export function structured<T = Record<string, unknown>>(result: CallToolResult | Record<string, unknown>): T {
  const r = result as CallToolResult;
  expect(r.isError, textOf(r)).toBeFalsy();
  expect(r.structuredContent).toBeDefined();
  return r.structuredContent as T;
}
