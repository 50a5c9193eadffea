import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLUX_TOOLS } from "@/lib/assistant/tools";
import { MAX_TOOL_TEXT } from "@/lib/assistant/run-tool";
import { runQuery } from "@/lib/query/run-query";
import type { QueryResult } from "@/lib/query/model";
import { connectMcp, EVENT, mcpUrl, METRIC, PURCHASE, seedProject, structured, textOf, toolExamples, type Seed } from "./mcp-fixtures";

// Every tool through MCP on seeded data: each answers its example within its output schema,
// the numbers equal runQuery's and the seeded arithmetic, bad arguments are tool errors that
// name the field.

let seed: Seed;
let c: Client;
const has = (name: string) => FLUX_TOOLS.some((t) => t.name === name);
const call = async (name: string, args: Record<string, unknown>) => (await c.callTool({ name, arguments: args })) as CallToolResult;
const total = async (input: Record<string, unknown>) => ((await runQuery({ ctx: seed.p.ctx, input })) as QueryResult).series[0]?.total ?? null;

beforeAll(async () => {
  seed = await seedProject("MCP tools project");
  ({ client: c } = await connectMcp(await seed.p.key(["read", "ingest"])));
  // The client checks structuredContent against the output schemas it lists.
  await c.listTools();
}, 60_000);

afterAll(async () => {
  await c?.close();
});

describe("every tool", () => {
  it("answers its example with structured content within its output schema and a text under the cap that states the link", async () => {
    const examples = toolExamples(seed);
    const { tools } = await c.listTools();
    expect(tools.length).toBe(FLUX_TOOLS.length);
    for (const tool of tools) {
      expect(examples, `an example input for ${tool.name}`).toHaveProperty(tool.name);
      const result = await call(tool.name, examples[tool.name]);
      const data = structured(result);
      const check = FLUX_TOOLS.find((t) => t.name === tool.name)!.output.safeParse(data);
      expect(check.success, `${tool.name}: ${check.error?.message}`).toBe(true);
      const text = textOf(result);
      expect(text.length, tool.name).toBeGreaterThan(0);
      expect(text.length, tool.name).toBeLessThanOrEqual(MAX_TOOL_TEXT);
      if (typeof data.link === "string") {
        expect(data.link.startsWith(`${mcpUrl().origin}/projects/${seed.p.projectId}/`), `${tool.name} link ${data.link}`).toBe(true);
        expect(text, tool.name).toContain(data.link);
      }
    }
  }, 60_000);
});

describe("numbers", () => {
  it.runIf(has("query_metric"))("query_metric: the sum over the current week is 7 × 24 × 2 = 336, as runQuery says, with range, unit and the query it ran", async () => {
    const data = structured<{ series: { total: number | null }[]; range: { from: string; to: string; timezone: string }; query: Record<string, unknown> }>(
      await call("query_metric", { name: METRIC, aggregation: "sum", range: seed.current }),
    );
    expect(data.series[0].total).toBe(336);
    expect(await total({ source: "metric", name: METRIC, aggregation: "sum", range: seed.current })).toBe(336);
    expect(await total(data.query)).toBe(336);
    expect(data.range).toMatchObject({ from: new Date(seed.current.from).toISOString(), to: new Date(seed.current.to).toISOString(), timezone: "UTC" });
  });

  it.runIf(has("query_metric"))("query_metric: grouped by plan, pro holds every 4th point", async () => {
    const data = structured<{ series: { tags: Record<string, string>; total: number | null }[] }>(
      await call("query_metric", { name: METRIC, aggregation: "sum", range: seed.current, group_by: ["plan"] }),
    );
    const byPlan = Object.fromEntries(data.series.map((s) => [s.tags.plan, s.total]));
    expect(byPlan).toEqual({ pro: 84, free: 252 });
  });

  it.runIf(has("compare_periods"))("compare_periods: the current week doubles the previous one (336 vs 168, +100%), pro and free explain it", async () => {
    const data = structured<{
      current: { total: number | null };
      previous: { total: number | null };
      change: { absolute: number | null; percent: number | null; direction: string };
      breakdown: { values: { value: string; difference: number | null }[] } | null;
      query: Record<string, unknown>;
    }>(await call("compare_periods", { source: "metric", name: METRIC, aggregation: "sum", period: "custom", current: seed.current, previous: seed.previous, breakdown: "plan" }));
    expect(data.current.total).toBe(336);
    expect(data.previous.total).toBe(168);
    expect(await total({ source: "metric", name: METRIC, aggregation: "sum", range: seed.previous })).toBe(168);
    expect(data.change).toMatchObject({ absolute: 168, percent: 100, direction: "up" });
    expect(Object.fromEntries(data.breakdown!.values.map((v) => [v.value, v.difference]))).toEqual({ pro: 42, free: 126 });
  });

  it.runIf(has("compare_periods"))("compare_periods on events: 10 signups this week against 5 the week before is +100%, as runQuery counts", async () => {
    const data = structured<{ current: { total: number | null }; previous: { total: number | null }; change: { percent: number | null } }>(
      await call("compare_periods", { source: "event", name: EVENT, period: "custom", current: seed.current, previous: seed.previous }),
    );
    expect([data.current.total, data.previous.total, data.change.percent]).toEqual([10, 5, 100]);
    expect(await total({ source: "event", name: EVENT, aggregation: "count", range: seed.previous })).toBe(5);
  });

  it.runIf(has("query_events"))("query_events: 10 signups by 10 users in the current week, 4 of them pro, as runQuery says", async () => {
    const count = structured<{ total: number | null }>(await call("query_events", { event: EVENT, range: seed.current }));
    expect(count.total).toBe(10);
    expect(await total({ source: "event", name: EVENT, aggregation: "count", range: seed.current })).toBe(10);
    const users = structured<{ total: number | null }>(await call("query_events", { event: EVENT, measure: "unique_users", range: seed.current }));
    expect(users.total).toBe(10);
    const split = structured<{ breakdown: { total: number | null }[] }>(await call("query_events", { event: EVENT, range: seed.current, breakdown: "plan" }));
    expect(split.breakdown.map((r) => r.total).sort()).toEqual([4, 6]);
  });

  it.runIf(has("query_events"))("query_events: 3 of the 10 signed-up users purchased (30%)", async () => {
    const data = structured<{ conversion: { startedUsers: number; convertedUsers: number; ratePercent: number | null } }>(
      await call("query_events", { event: EVENT, range: seed.current, conversion: { to_event: PURCHASE } }),
    );
    expect(data.conversion).toMatchObject({ startedUsers: 10, convertedUsers: 3, ratePercent: 30 });
  });

  it.runIf(has("list_events"))("list_events: 15 signups and 3 purchases in the last 30 days", async () => {
    const data = structured<{ events: { name: string; countInRange: number }[] }>(await call("list_events", { range: "30d" }));
    // Events that track_event stored in this file's other tests are listed too.
    expect(Object.fromEntries(data.events.map((e) => [e.name, e.countInRange]))).toMatchObject({ [EVENT]: 15, [PURCHASE]: 3 });
  });

  it.runIf(has("get_dashboard"))("get_dashboard: the number widget reads 336 over the dashboard's saved range, as its own query gives", async () => {
    const data = structured<{ widgets: { rows: { values: (number | null)[] }[]; query: Record<string, unknown> }[] }>(await call("get_dashboard", { id: seed.dashboardId }));
    expect(data.widgets).toHaveLength(1);
    expect(data.widgets[0].rows[0].values).toContain(336);
  });

  it.runIf(has("describe_metric"))("describe_metric: a counter with the tag plan, free the most common value", async () => {
    const text = textOf(await call("describe_metric", { name: METRIC }));
    expect(text).toContain("counter");
    expect(text).toContain("plan");
  });

  it.runIf(has("list_anomalies") && has("list_annotations"))("list_anomalies and list_annotations find the seeded episode and the launch note", async () => {
    expect(JSON.stringify(structured(await call("list_anomalies", {})))).toContain(seed.anomalyId);
    expect(JSON.stringify(structured(await call("list_annotations", {})))).toContain("Product Hunt launch");
  });

  it.runIf(has("track_event"))("track_event stores an event that runQuery then counts", async () => {
    const data = structured<{ accepted: boolean }>(await call("track_event", { name: "mcp.tracked.once", properties: { plan: "pro" }, user_id: "u-1" }));
    expect(data.accepted).toBe(true);
    expect(await total({ source: "event", name: "mcp.tracked.once", aggregation: "count", range: "1h" })).toBe(1);
  });
});

describe("bad arguments", () => {
  it.runIf(has("query_metric"))("are tool errors (isError) whose message names the field, not protocol errors", async () => {
    const wrongType = await call("query_metric", { name: 42 });
    expect(wrongType.isError).toBe(true);
    expect(textOf(wrongType)).toMatch(/^name\b/);
    expect(wrongType._meta).toEqual({ field: "name" });
    const badRange = await call("query_metric", { name: METRIC, range: "forever" });
    expect(badRange.isError).toBe(true);
    expect(textOf(badRange)).toContain("range");
    const unknownField = await call("query_metric", { name: METRIC, bogus: 1 });
    expect(unknownField.isError).toBe(true);
    expect(textOf(unknownField)).toContain("bogus");
    const unknownMetric = await call("query_metric", { name: "mcp.nope" });
    expect(unknownMetric.isError).toBe(true);
    expect(textOf(unknownMetric)).toContain("mcp.nope");
  });

  it("every tool refuses a field it does not take", async () => {
    const examples = toolExamples(seed);
    for (const tool of FLUX_TOOLS) {
      const result = await call(tool.name, { ...examples[tool.name], no_such_field: true });
      expect(result.isError, tool.name).toBe(true);
      expect(textOf(result), tool.name).toContain("no_such_field");
    }
  });
});
