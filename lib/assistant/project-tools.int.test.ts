import { describe, expect, it } from "vitest";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { createAnnotation } from "@/lib/annotations/annotations";
import type { Caller } from "@/lib/auth/caller";
import { createDashboard } from "@/lib/dashboards/dashboards";
import type { Widget } from "@/lib/dashboards/schema";
import { widgetRequest } from "@/lib/dashboards/widget-request";
import type { MultiQueryResult, QueryResult, SingleQuery } from "@/lib/query/model";
import { runQuery } from "@/lib/query/run-query";
import { insertTestAnomaly } from "@/tests/anomaly-data";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { insertEvents, insertPoints, type EventInput } from "@/tests/query-data";
import { projectOverview } from "./project-overview";
import { runFluxTool } from "./run-tool";
import { FluxToolError } from "./tool";
import { PROJECT_TOOLS } from "./tools/project-tools";

const BASE = "https://flux.example.test";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(ctx: Caller, name: string, args: unknown): Promise<{ s: Structured; text: string }> {
  const { structured, text } = await runFluxTool({ ctx, name, args, base: BASE });
  return { s: structured as Structured, text };
}

async function toolError(p: Promise<unknown>): Promise<FluxToolError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FluxToolError) return e;
    throw e;
  }
  throw new Error("expected a FluxToolError");
}

/** The same resolved range: "to" is the clock's now, read by each call. */
function expectSameRange(actual: Structured, expected: { from: string; to: string; timezone: string; interval?: string }) {
  expect({ ...actual, to: undefined }).toEqual({ from: expected.from, timezone: expected.timezone, to: undefined, ...(actual.interval ? { interval: expected.interval } : {}) });
  expect(Math.abs(Date.parse(actual.to) - Date.parse(expected.to))).toBeLessThan(10_000);
}
const withoutTo = (widgets: Structured[]) => widgets.map((w) => ({ ...w, range: w.range && { ...w.range, to: undefined } }));

const single = async (ctx: Caller, q: SingleQuery) => (await runQuery({ ctx, input: q })) as QueryResult;

/** Ten users sign up 20 days ago (6 pro, 4 free, one more signup without a user); some buy later. */
async function seedFunnel(p: TestProject) {
  const t0 = Date.now() - 20 * DAY;
  const events: EventInput[] = [];
  for (let i = 1; i <= 10; i++) {
    events.push({ time: t0 + i * 60_000, name: "signup", userId: `u${i}`, properties: { plan: i <= 6 ? "pro" : "free", amount: i * 10 } });
  }
  events.push({ time: t0, name: "signup", properties: { plan: "pro", amount: 5 } });
  // u1's later signup says "free": the breakdown reads each user's first signup.
  events.push({ time: t0 + 15 * DAY, name: "signup", userId: "u1", properties: { plan: "free", amount: 1 } });
  const buy = (user: string, at: number, value = 20) => events.push({ time: at, name: "purchase", userId: user, value, properties: { plan: "x" } });
  buy("u1", t0 + 1 * 60_000 + HOUR);
  buy("u2", t0 + 2 * 60_000 + 2 * DAY);
  buy("u3", t0 + 3 * 60_000 + 6 * DAY);
  buy("u7", t0 + 7 * 60_000 + DAY);
  buy("u4", t0 + 4 * 60_000 - HOUR); // before signing up: not a conversion
  buy("u5", t0 + 5 * 60_000 + 10 * DAY); // converts, but not within 7 days
  buy("stranger", t0 + DAY); // never signed up
  await insertEvents({ projectId: p.projectId, events });
}

describe("project tools", () => {
  it("come in the contract's order, each described and with bounded, described inputs", () => {
    expect(PROJECT_TOOLS.map((t) => t.name)).toEqual(["list_events", "query_events", "get_dashboard", "list_anomalies", "list_annotations", "track_event"]);
    for (const tool of PROJECT_TOOLS) {
      expect(tool.description.length).toBeGreaterThan(80);
      for (const [field, schema] of Object.entries(tool.input.shape)) {
        expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
    expect(PROJECT_TOOLS.filter((t) => t.writes).map((t) => [t.name, t.permission])).toEqual([["track_event", "ingest"]]);
  });

  it("list_events gives each name's count and unique users in the range as runQuery counts them", async () => {
    const p = await createTestProject();
    await seedFunnel(p);
    const { s, text } = await call(p.ctx, "list_events", { range: "30d" });
    const signup = s.events.find((e: Structured) => e.name === "signup");
    const count = await single(p.ctx, { source: "event", name: "signup", aggregation: "count", range: "30d" });
    const users = await single(p.ctx, { source: "event", name: "signup", aggregation: "unique_users", range: "30d" });
    expect(signup).toMatchObject({ countInRange: count.series[0].total, uniqueUsersInRange: users.series[0].total, countEver: 12 });
    expect([signup.countInRange, signup.uniqueUsersInRange]).toEqual([12, 10]);
    expect(signup.link).toBe(`${BASE}/projects/${p.projectId}/catalog/events/signup`);
    expectSameRange(s.range, count);
    expect(text).toContain(count.from.replace(".000Z", "Z"));
    expect(text).toContain("signup: 12 events, 10 unique users");

    const filtered = await call(p.ctx, "list_events", { search: "PURCH" });
    expect(filtered.s.events.map((e: Structured) => e.name)).toEqual(["purchase"]);
    const limited = await call(p.ctx, "list_events", { limit: 1 });
    expect([limited.s.events.length, limited.s.omitted, limited.s.total]).toEqual([1, 1, 2]);
  });

  it("query_events answers count, unique users, sums of a property and of the value exactly as runQuery does, with its query and link", async () => {
    const p = await createTestProject();
    await seedFunnel(p);
    const cases: [Record<string, unknown>, SingleQuery][] = [
      [{ event: "signup" }, { source: "event", name: "signup", aggregation: "count", range: "7d", interval: "auto" }],
      [{ event: "signup", measure: "unique_users", range: "30d" }, { source: "event", name: "signup", aggregation: "unique_users", range: "30d", interval: "auto" }],
      [{ event: "signup", measure: "sum", property: "amount", range: "30d", interval: "1d" }, { source: "event", name: "signup", aggregation: "sum", property: "amount", range: "30d", interval: "1d" }],
      [{ event: "purchase", measure: "avg", range: "30d" }, { source: "event", name: "purchase", aggregation: "avg", range: "30d", interval: "auto" }],
      [
        { event: "signup", measure: "unique_users", range: "mtd", interval: "1d", timezone: "asia/tokyo" },
        { source: "event", name: "signup", aggregation: "unique_users", range: "mtd", interval: "1d", timezone: "Asia/Tokyo" },
      ],
      [
        { event: "signup", range: "30d", filters: [{ key: "plan", op: "eq", value: "pro" }] },
        { source: "event", name: "signup", aggregation: "count", range: "30d", interval: "auto", filters: [{ key: "plan", op: "eq", value: "pro" }] },
      ],
    ];
    for (const [args, expected] of cases) {
      const { s, text } = await call(p.ctx, "query_events", args);
      const answer = await single(p.ctx, expected);
      expect(s.total, JSON.stringify(args)).toBe(answer.series[0].total);
      expect(s.query).toEqual({ queries: { total: expected } });
      expectSameRange(s.range, answer);
      expect(s.range.interval).toBe(answer.interval);
      expect(s.link.startsWith(`${BASE}/projects/${p.projectId}/explore?q=`)).toBe(true);
      expect(text).toContain(`(${answer.timezone})`);
    }
    const sum = await call(p.ctx, "query_events", cases[2][0]);
    expect(sum.s.total).toBe(10 + 20 + 30 + 40 + 50 + 60 + 70 + 80 + 90 + 100 + 5 + 1);
    const pro = await call(p.ctx, "query_events", cases[5][0]);
    expect([pro.s.total, pro.s.unit]).toEqual([7, "events"]);
    const link = new URL(pro.s.link);
    expect(JSON.parse(Buffer.from(link.searchParams.get("q")!, "base64url").toString())).toEqual({ queries: { total: cases[5][1] } });
    const tokyo = await call(p.ctx, "query_events", cases[4][0]);
    expect(tokyo.s.range.timezone).toBe("Asia/Tokyo");
    expect(tokyo.text).toContain("(Asia/Tokyo), 1d buckets");
  });

  it("query_events breaks down by a property (top N, the rest as other) like runQuery's groupBy, and compares periods", async () => {
    const p = await createTestProject();
    await seedFunnel(p);
    const { s, text } = await call(p.ctx, "query_events", { event: "signup", range: "30d", breakdown: "plan", limit: 1, compare_previous: true });
    const grouped = await single(p.ctx, { source: "event", name: "signup", aggregation: "count", range: "30d", interval: "auto", groupBy: ["plan"], limit: 1, compare: "previous_period" });
    expect(s.breakdown).toEqual([
      { value: "pro", other: false, total: 7, changePercent: grouped.series[0].change },
      { value: null, other: true, total: 5, changePercent: grouped.series[1].change },
    ]);
    expect(grouped.series.map((g) => g.total)).toEqual([7, 5]);
    expect([s.total, s.previousTotal]).toEqual([12, 0]);
    expect(text).toContain("- pro: 7 events");
    expect(text).toContain("(other values): 5 events");
  });

  it("query_events conversion counts users who did A and then B, within a window, per breakdown value of their first A", async () => {
    const p = await createTestProject();
    await seedFunnel(p);
    const week = await call(p.ctx, "query_events", { event: "signup", range: "30d", breakdown: "plan", conversion: { to_event: "purchase", within: "7d" } });
    expect(week.s.conversion).toMatchObject({ toEvent: "purchase", within: "7d", startedUsers: 10, convertedUsers: 4, ratePercent: 40 });
    expect(week.s.conversion.breakdown).toEqual([
      { value: "pro", other: false, startedUsers: 6, convertedUsers: 3, ratePercent: 50 },
      { value: "free", other: false, startedUsers: 4, convertedUsers: 1, ratePercent: 25 },
    ]);
    expect(week.s).toMatchObject({ mode: "conversion", unit: "%", total: 40 });
    expect(week.text).toContain("10 users did signup, 4 then did purchase: 40%");
    expect(week.text).toContain("pro: 3 of 6 users, 50%");

    const anyTime = await call(p.ctx, "query_events", { event: "signup", range: "30d", breakdown: "plan", limit: 1, conversion: { to_event: "purchase" } });
    expect(anyTime.s.conversion).toMatchObject({ startedUsers: 10, convertedUsers: 5, ratePercent: 50 });
    expect(anyTime.s.conversion.breakdown).toEqual([
      { value: "pro", other: false, startedUsers: 6, convertedUsers: 4, ratePercent: (4 / 6) * 100 },
      { value: null, other: true, startedUsers: 4, convertedUsers: 1, ratePercent: 25 },
    ]);
    const filtered = await call(p.ctx, "query_events", { event: "signup", range: "30d", filters: [{ key: "plan", op: "eq", value: "free" }], conversion: { to_event: "purchase", within: "7d" } });
    // u1's later "free" signup makes it a free starter too, who bought before that signup.
    expect(filtered.s.conversion).toMatchObject({ startedUsers: 5, convertedUsers: 1 });
    const none = await call(p.ctx, "query_events", { event: "signup", range: "1h", conversion: { to_event: "purchase" } });
    expect(none.s.conversion).toMatchObject({ startedUsers: 0, convertedUsers: 0, ratePercent: null });
  });

  it("get_dashboard answers every widget with the numbers its own request gives, by id, by name and by default", async () => {
    const p = await createTestProject();
    await seedFunnel(p);
    const q = (extra: object = {}) => ({ source: "event" as const, name: "signup", aggregation: "count" as const, filters: [], groupBy: [], ...extra });
    const widgets: Widget[] = [
      { id: "n", x: 0, y: 0, w: 3, h: 2, config: { type: "number", title: "Signups", query: q(), higherIsBetter: true, thresholds: [] } },
      { id: "g", x: 3, y: 0, w: 6, h: 3, config: { type: "graph", title: "By plan", queries: [q({ groupBy: ["plan"] }), q({ name: "purchase" })], style: "line", compare: false } },
      { id: "b", x: 0, y: 3, w: 4, h: 3, config: { type: "bar", title: "Plans", query: q({ groupBy: ["plan"] }), orientation: "horizontal" } },
      { id: "t", x: 4, y: 3, w: 4, h: 3, config: { type: "table", title: "Table", queries: [q({ groupBy: ["plan"] }), q({ aggregation: "unique_users" })] } },
      { id: "x", x: 8, y: 3, w: 4, h: 3, config: { type: "number", title: "Gone", query: q({ source: "metric", name: "no.such.metric", aggregation: "sum" }), higherIsBetter: true, thresholds: [] } },
    ];
    const dashboard = await createDashboard({ ctx: p.ctx, input: { name: "Growth", range: "30d", widgets } });
    await createDashboard({ ctx: p.ctx, input: { name: "Empty" } });

    const byId = await call(p.ctx, "get_dashboard", { id: dashboard.id });
    const byName = await call(p.ctx, "get_dashboard", { name: "growth" });
    const byDefault = await call(p.ctx, "get_dashboard", {});
    expect(withoutTo(byName.s.widgets)).toEqual(withoutTo(byId.s.widgets));
    expect(byDefault.s.dashboard.name).toBe("Growth");
    expect(byId.s.dashboard).toMatchObject({ id: dashboard.id, link: `${BASE}/projects/${p.projectId}/dashboards/${dashboard.id}`, timezone: "UTC", range: "30d" });
    expect(byId.s.otherDashboards.map((d: Structured) => d.name)).toEqual(["Empty"]);

    const answers: Record<string, MultiQueryResult> = {};
    for (const w of widgets.slice(0, 4)) answers[w.id] = (await runQuery({ ctx: p.ctx, input: widgetRequest(w.config, "30d") })) as MultiQueryResult;
    const byWidget = Object.fromEntries(byId.s.widgets.map((w: Structured) => [w.id, w]));
    expect(byId.s.widgets.map((w: Structured) => w.id)).toEqual(["n", "g", "b", "t", "x"]);
    // A failing widget says why, alone; the others still answer.
    expect(byWidget.x).toMatchObject({ error: "Metric 'no.such.metric' not found", rows: [] });
    expect(byId.text).toContain("Error: Metric 'no.such.metric' not found");
    const n = answers.n.results.a.series[0];
    expect(byWidget.n.rows).toEqual([{ label: "signup count", values: [n.total, n.previous!.total, n.change ?? null] }]);
    expect(byWidget.n.rows[0].values[0]).toBe(12);
    expect(byWidget.n.query).toEqual(widgetRequest(widgets[0].config, "30d"));
    expectSameRange(byWidget.n.range, answers.n.results.a);
    const graphTotals = [...answers.g.results.a.series, ...answers.g.results.b.series].map((s) => s.total);
    expect(byWidget.g.rows.map((r: Structured) => r.values[0])).toEqual(graphTotals);
    expect(byWidget.g.rows.map((r: Structured) => r.label)).toEqual(["signup count · pro", "signup count · free", "purchase count"]);
    expect(byWidget.b.rows).toEqual(answers.b.results.a.series.map((s) => ({ label: Object.values(s.tags)[0], values: [s.total, (s.total! / 12) * 100] })));
    expect(byWidget.t.columns).toEqual(["signup count", "signup unique_users"]);
    expect(byWidget.t.rows.find((r: Structured) => r.label === "pro").values).toEqual([7, 6]);
    expect(byId.text).toContain('Dashboard "Growth", range "30d", zone UTC: 5 widgets.');
    expect(byId.text).toContain("## Signups (number");
  });

  it("list_anomalies gives recent episodes with explanation, expected against actual, severity and link, filtered", async () => {
    const p = await createTestProject();
    const id = await insertTestAnomaly({ projectId: p.projectId, name: "api.latency" });
    await insertTestAnomaly({ projectId: p.projectId, name: "db.load", startedAt: new Date(Date.now() - 2 * DAY) });
    const { s, text } = await call(p.ctx, "list_anomalies", {});
    expect(s.anomalies.map((a: Structured) => a.name)).toEqual(["api.latency", "db.load"]);
    expect(s.anomalies[0]).toMatchObject({ id, status: "open", severity: "high", kind: "spike", expected: 10, actual: 30, lower: 8, upper: 12, link: `${BASE}/projects/${p.projectId}/anomalies/${id}` });
    expect(text).toContain("api.latency 3x the usual level");
    expect(text).toContain("actual 30, expected 10");
    const one = await call(p.ctx, "list_anomalies", { limit: 1 });
    expect([one.s.count, one.s.more]).toEqual([1, true]);
    expect((await call(p.ctx, "list_anomalies", { name: "db.load" })).s.anomalies.map((a: Structured) => a.name)).toEqual(["db.load"]);
    expect((await call(p.ctx, "list_anomalies", { min_severity: "critical" })).s.count).toBe(0);
    expect((await call(p.ctx, "list_anomalies", { min_severity: "medium", source: "metric" })).s.count).toBe(2);
    expect((await call(p.ctx, "list_anomalies", { status: "closed" })).s.count).toBe(0);
    expect((await call(p.ctx, "list_anomalies", { source: "event" })).s.count).toBe(0);
  });

  it("list_annotations lists annotations in a range, by tag", async () => {
    const p = await createTestProject();
    await createAnnotation({ ctx: p.ctx, input: { title: "Deploy 42", tags: ["deploy"], startsAt: Date.now() - DAY } });
    await createAnnotation({ ctx: p.ctx, input: { title: "Launch", tags: ["marketing"], startsAt: Date.now() - 2 * DAY } });
    await createAnnotation({ ctx: p.ctx, input: { title: "Ancient", tags: ["deploy"], startsAt: Date.now() - 20 * DAY } });
    const all = await call(p.ctx, "list_annotations", {});
    expect(all.s.annotations.map((a: Structured) => a.title)).toEqual(["Launch", "Deploy 42"]);
    const deploys = await call(p.ctx, "list_annotations", { range: "30d", tags: ["deploy"] });
    expect(deploys.s.annotations.map((a: Structured) => a.title)).toEqual(["Ancient", "Deploy 42"]);
    expect(deploys.text).toContain("Deploy 42 [deploy]");
  });

  it("track_event is refused for a read-only key, accepted with ingest and then counted, and says why it rejects", async () => {
    const p = await createTestProject();
    const reader = (await authenticateApiKey(await p.key(["read"])))!;
    const ingester = (await authenticateApiKey(await p.key(["ingest"])))!;
    const refused = await toolError(call(reader, "track_event", { name: "demo_booked" }));
    expect(refused.message).toContain("lacks the 'ingest' scope");

    const { s, text } = await call(ingester, "track_event", { name: "demo_booked", user_id: "u9", properties: { source: "ask" }, value: 3 });
    expect(s).toMatchObject({ accepted: true, name: "demo_booked", reason: null });
    expect(text).toContain("Accepted");
    const counted = await call(p.ctx, "query_events", { event: "demo_booked", range: "1h", breakdown: "source" });
    expect(counted.s.total).toBe(1);
    expect(counted.s.breakdown).toEqual([{ value: "ask", other: false, total: 1 }]);

    const late = await call(ingester, "track_event", { name: "demo_booked", time: new Date(Date.now() + 3 * HOUR).toISOString() });
    expect(late.s).toMatchObject({ accepted: false, field: "time" });
    expect(late.text).toContain("NOT stored");
    expect((await call(p.ctx, "query_events", { event: "demo_booked", range: "1h" })).s.total).toBe(1);
  });

  it("bad arguments are tool errors naming the field", async () => {
    const p = await createTestProject();
    await seedFunnel(p);
    const cases: [string, unknown, string][] = [
      ["query_events", { event: "signup", measure: "median" }, "measure"],
      ["query_events", { event: "signup", filters: [{ key: "plan", op: "like", value: "p" }] }, "filters.0.op"],
      ["query_events", { event: "signup", property: "amount" }, "property"],
      ["query_events", { event: "nope" }, "event"],
      ["query_events", { event: "signup", conversion: { to_event: "nope" } }, "conversion.to_event"],
      ["query_events", { event: "signup", range: "forever" }, "range"],
      ["query_events", { event: "signup", limit: 500 }, "limit"],
      ["query_events", { event: "signup", timezone: "Mars/Olympus" }, "timezone"],
      ["query_events", { event: "signup", conversion: { to_event: "purchase", within: "9999w" } }, "conversion.within"],
      ["query_events", { event: "signup", surprise: 1 }, "surprise"],
      ["list_events", { limit: 0 }, "limit"],
      ["get_dashboard", { id: "00000000-0000-4000-8000-000000000000" }, "id"],
      ["get_dashboard", { name: "Nope" }, "name"],
      ["list_anomalies", { min_severity: "huge" }, "min_severity"],
      ["list_annotations", { tags: ["a,b"] }, "tags.0"],
      ["track_event", { name: "has space" }, "name"],
    ];
    for (const [name, args, field] of cases) {
      const error = await toolError(call(p.ctx, name, args));
      expect(error.field ?? "", `${name} ${JSON.stringify(args)}: ${error.message}`).toBe(field);
      if (field) expect(error.message).toContain(field);
    }
  });

  it("another project's event names, dashboards and anomalies are unknown", async () => {
    const mine = await createTestProject();
    const theirs = await createTestProject();
    await seedFunnel(theirs);
    const dashboard = await createDashboard({ ctx: theirs.ctx, input: { name: "Theirs" } });
    await insertTestAnomaly({ projectId: theirs.projectId, name: "their.metric" });
    const key = (await authenticateApiKey(await mine.key(["read"])))!;

    expect((await call(key, "list_events", {})).s.events).toEqual([]);
    expect((await toolError(call(key, "query_events", { event: "signup" }))).field).toBe("event");
    expect((await toolError(call(key, "get_dashboard", { id: dashboard.id }))).field).toBe("id");
    expect((await toolError(call(key, "get_dashboard", { name: "Theirs" }))).field).toBe("name");
    expect((await call(key, "list_anomalies", { since: "30d" })).s.anomalies).toEqual([]);
    const overview = await projectOverview({ ctx: key, base: BASE });
    expect(overview.structured).toMatchObject({ events: { total: 0 }, dashboards: { total: 0 }, anomalies: { total: 0 }, metrics: { total: 0 } });
  });

  it("projectOverview lists metrics, events, dashboards and last week's anomalies, open first, with links", async () => {
    const p = await createTestProject("Overview project");
    await seedFunnel(p);
    const dashboard = await createDashboard({ ctx: p.ctx, input: { name: "Main", widgets: [] } });
    const open = await insertTestAnomaly({ projectId: p.projectId, name: "api.errors" });
    await insertPoints({ projectId: p.projectId, name: "api.latency", type: "distribution", unit: "ms", points: [{ time: Date.now() - HOUR, value: 120 }] });
    const { structured, text } = await projectOverview({ ctx: p.ctx, base: BASE });
    expect(structured.project).toEqual({ id: p.projectId, name: "Overview project" });
    expect(structured.metrics.items).toEqual([
      { name: "api.latency", type: "distribution", unit: "ms", goodDirection: "unknown", lastSeenAt: expect.any(String), link: `${BASE}/projects/${p.projectId}/catalog/metrics/api.latency` },
    ]);
    expect(text).toContain("api.latency: distribution, unit ms, good direction unknown");
    expect(structured.events.items.map((e) => [e.name, e.count])).toEqual(expect.arrayContaining([["signup", 12], ["purchase", 7]]));
    expect(structured.dashboards.items).toEqual([{ id: dashboard.id, name: "Main", widgets: 0, isDefault: false, link: `${BASE}/projects/${p.projectId}/dashboards/${dashboard.id}` }]);
    expect(structured.anomalies).toMatchObject({ total: 1, open: 1, items: [{ id: open, status: "open", severity: "high" }] });
    expect(text).toContain('Flux project "Overview project"');
    expect(text).toContain("signup: 12 stored");
  });
});
