import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import type { Caller } from "@/lib/auth/caller";
import { runQuery } from "@/lib/query/run-query";
import type { QueryResult, SingleQuery } from "@/lib/query/model";
import { baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { insertEvents, insertPoints } from "@/tests/query-data";
import { sessionCookie } from "@/tests/session-cookie";
import { encodeExploreQuery } from "./links";
import { runFluxTool } from "./run-tool";
import { FluxToolError } from "./tool";
import type { comparePeriodsTool } from "./tools/compare-periods";

type Compared = z.output<(typeof comparePeriodsTool)["output"]> & { current: { query: SingleQuery & { range: { to: string } } }; previous: { query: SingleQuery & { range: { to: string } } } };

// The four metric tools against seeded data in PostgreSQL: their numbers are runQuery's for
// the query they report, compare_periods finds a known change, its start and its cause, and
// every bad argument is a FluxToolError naming its field. The links open the explore page.

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Two Berlin weeks: 16–22 November (before) and 23–29 November 2026 (after a launch on Tuesday).
const PREV_MONDAY = Date.parse("2026-11-15T23:00:00Z");
const CUR_MONDAY = Date.parse("2026-11-22T23:00:00Z");
const PRODUCT_HUNT = [0, 27, 27, 27, 27, 27, 26];

let p: TestProject;
let other: TestProject;
let now: number;

async function call(name: string, args: unknown, ctx: Caller = p.ctx) {
  return runFluxTool({ ctx, name, args, base: baseUrl() });
}

async function toolError(name: string, args: unknown, ctx: Caller = p.ctx): Promise<FluxToolError> {
  try {
    await call(name, args, ctx);
  } catch (e) {
    if (e instanceof FluxToolError) return e;
    throw e;
  }
  throw new Error(`${name} accepted ${JSON.stringify(args)}`);
}

const run = async (query: unknown) => (await runQuery({ ctx: p.ctx, input: query })) as QueryResult;

beforeAll(async () => {
  [p, other] = await Promise.all([createTestProject("Metric tools"), createTestProject("Someone else")]);
  now = Date.now();
  const signups = [];
  for (let d = 0; d < 7; d++) {
    for (const [monday, extra] of [[PREV_MONDAY, 0], [CUR_MONDAY, PRODUCT_HUNT[d]]] as const) {
      const time = monday + d * DAY + 12 * HOUR;
      signups.push({ time, value: 50, tags: { channel: "web" } }, { time, value: 50, tags: { channel: "ads" } });
      if (extra) signups.push({ time, value: extra, tags: { channel: "producthunt" } });
    }
  }
  await insertPoints({ projectId: p.projectId, name: "signups", type: "counter", points: signups });
  // A day of CPU readings per minute on two hosts, ending a minute ago.
  const cpu = Array.from({ length: 24 * 60 }, (_, i) => ({ time: now - (i + 1) * 60_000, value: 20 + ((i * 7) % 61), tags: { host: i % 2 ? "a" : "b" } }));
  await insertPoints({ projectId: p.projectId, name: "cpu", type: "gauge", unit: "percent", points: cpu });
  await insertPoints({ projectId: p.projectId, name: "latency", type: "distribution", unit: "ms", points: Array.from({ length: 200 }, (_, i) => ({ time: now - i * 30 * 60_000 - 1000, value: 10 + i, tags: { route: i % 3 ? "/api" : "/home" } })) });
  await insertPoints({ projectId: other.projectId, name: "secret_revenue", type: "counter", unit: "usd", points: [{ time: now - HOUR, value: 1000 }] });
  // Events: five signups an hour ago against two a week before.
  const at = (t: number, plan: string) => ({ time: t, name: "signup", userId: `u-${plan}-${t}-${Math.random()}`, properties: { plan } });
  await insertEvents({
    projectId: p.projectId,
    events: [...["pro", "pro", "pro", "free", "free"].map((plan) => at(now - HOUR, plan)), ...["pro", "pro"].map((plan) => at(now - 7 * DAY - HOUR, plan))],
  });
});

describe("list_metrics and describe_metric", () => {
  it("lists the project's metrics with type, unit, aggregations and last seen, filtered and capped", async () => {
    const all = await call("list_metrics", {});
    const metrics = all.structured.metrics as { name: string; type: string; unit: string | null; aggregations: string[]; lastSeenAt: string }[];
    expect(metrics.map((m) => m.name)).toEqual(["cpu", "latency", "signups"]);
    expect(metrics[0]).toMatchObject({ type: "gauge", unit: "percent", aggregations: ["last", "avg", "min", "max", "sum"] });
    expect(Date.parse(metrics[2].lastSeenAt)).not.toBeNaN();
    expect(all.text).toContain("signups (counter)");
    const some = await call("list_metrics", { search: "LAT" });
    expect((some.structured.metrics as { name: string }[]).map((m) => m.name)).toEqual(["latency"]);
    const capped = await call("list_metrics", { limit: 1 });
    expect(capped.structured).toMatchObject({ total: 3, more: 2 });
    expect(capped.text).toContain("2 more");
  });

  it("describes a metric's type, tags with their top values and series count, and suggests names for an unknown one", async () => {
    const d = await call("describe_metric", { name: "signups" });
    expect(d.structured).toMatchObject({ type: "counter", unit: null, seriesCount: 3, defaultAggregation: "sum", higherIsBetter: null });
    expect(d.structured.tags).toEqual([{ key: "channel", distinctCount: 3, topValues: expect.arrayContaining([{ value: "producthunt", series: 1 }, { value: "web", series: 1 }, { value: "ads", series: 1 }]) }]);
    expect(d.structured.link).toBe(`${baseUrl()}/projects/${p.projectId}/catalog/metrics/signups`);
    const e = await toolError("describe_metric", { name: "signup" });
    expect(e.field).toBe("name");
    expect(e.message).toContain('Did you mean "signups"');
  });

  it("knows nothing of another project's metrics", async () => {
    const listed = await call("list_metrics", {});
    expect(JSON.stringify(listed)).not.toContain("secret_revenue");
    for (const [tool, args] of [["describe_metric", { name: "secret_revenue" }], ["query_metric", { name: "secret_revenue" }], ["compare_periods", { name: "secret_revenue", period: "today_vs_yesterday" }]] as const) {
      const e = await toolError(tool, args);
      expect(e.field).toBe("name");
      expect(e.message).toContain('Unknown metric "secret_revenue"');
    }
  });
});

describe("query_metric", () => {
  it("answers runQuery's numbers for the query it reports, with range, zone, unit, query and link", async () => {
    const r = await call("query_metric", { name: "signups", range: { from: "2026-11-23T00:00:00+01:00", to: "2026-11-30T00:00:00+01:00" }, interval: "1d", timezone: "europe/berlin" });
    const s = r.structured as { query: SingleQuery; range: object; series: { total: number; summary: { points: { t: string; v: number }[]; max: { t: string; v: number } } }[]; link: string; unit: null };
    expect(s.query).toEqual({ source: "metric", name: "signups", aggregation: "sum", range: { from: "2026-11-23T00:00:00+01:00", to: "2026-11-30T00:00:00+01:00" }, interval: "1d", timezone: "Europe/Berlin" });
    const direct = await run(s.query);
    expect(s.range).toEqual({ from: "2026-11-22T23:00:00.000Z", to: "2026-11-29T23:00:00.000Z", timezone: "Europe/Berlin" });
    expect(s.series[0].total).toBe(direct.series[0].total);
    expect(s.series[0].total).toBe(861);
    expect(s.series[0].summary.points.map((x) => x.v)).toEqual(direct.series[0].points.map(([, v]) => v));
    expect(s.series[0].summary.points[1]).toEqual({ t: "2026-11-24T00:00:00+01:00", v: 127 });
    expect(s.series[0].summary.max).toEqual({ t: "2026-11-24T00:00:00+01:00", v: 127 });
    expect(s.link).toBe(`${baseUrl()}/projects/${p.projectId}/explore?q=${encodeExploreQuery(s.query)}`);
    expect(r.text).toContain("2026-11-22T23:00:00Z – 2026-11-29T23:00:00Z (Europe/Berlin)");
    expect(r.text).toContain(s.link);
  });

  it("groups by a tag with each group's runQuery total, and a percentile with its unit", async () => {
    const g = await call("query_metric", { name: "signups", group_by: ["channel"], range: { from: "2026-11-16T00:00:00+01:00", to: "2026-11-30T00:00:00+01:00" }, timezone: "Europe/Berlin" });
    const direct = await run(g.structured.query);
    const totals = (g.structured.series as { tags: Record<string, string>; total: number }[]).map((x) => [x.tags.channel, x.total]);
    expect(totals).toEqual(direct.series.map((x) => [x.tags.channel, x.total]));
    expect(Object.fromEntries(totals)).toEqual({ web: 700, ads: 700, producthunt: 161 });
    const lat = await call("query_metric", { name: "latency", aggregation: "p95", range: "7d" });
    const latDirect = await run(lat.structured.query);
    expect(lat.structured.unit).toBe("ms");
    expect((lat.structured.series as { total: number }[])[0].total).toBe(latDirect.series[0].total);
    expect(lat.text).toMatch(/unit: ms/);
  });

  it("summarises a long series to at most 50 points, keeping exact extremes and the gauge's total", async () => {
    const r = await call("query_metric", { name: "cpu", aggregation: "max", range: "24h", interval: "1m" });
    const direct = await run(r.structured.query);
    const [s] = r.structured.series as { total: number; summary: { points: unknown[]; buckets: number; bucketsPerPoint: number; downsampling: string; max: { v: number }; min: { v: number } } }[];
    const values = direct.series[0].points.map(([, v]) => v).filter((v): v is number => v !== null);
    expect(s.summary.buckets).toBe(direct.series[0].points.length);
    expect(s.summary.points.length).toBeLessThanOrEqual(50);
    expect(s.summary.downsampling).toBe("mean_of_consecutive_buckets");
    expect(s.summary.max.v).toBe(Math.max(...values));
    expect(s.summary.min.v).toBe(Math.min(...values));
    expect(s.total).toBe(direct.series[0].total);
    expect(r.text.length).toBeLessThanOrEqual(8000);
  });
});

describe("compare_periods", () => {
  const weeks = { period: "custom", current: { from: "2026-11-23T00:00:00+01:00", to: "2026-11-30T00:00:00+01:00" }, previous: { from: "2026-11-16T00:00:00+01:00", to: "2026-11-23T00:00:00+01:00" }, timezone: "Europe/Berlin" };

  it("finds +23% week over week, that it started on Tuesday, and the channel that explains it", async () => {
    const r = await call("compare_periods", { name: "signups", breakdown: "channel", ...weeks });
    const s = r.structured as Compared;
    expect(s.current.total).toBe(861);
    expect(s.previous.total).toBe(700);
    expect(s.change).toMatchObject({ absolute: 161, direction: "up" });
    expect(s.change.percent).toBeCloseTo(23, 9);
    expect(s.interval).toBe("1d");
    expect(s.changeStarted).toMatchObject({ index: 1, bucket: "2026-11-24T00:00:00+01:00", previousBucket: "2026-11-17T00:00:00+01:00", current: 127, previous: 100, bucketsSince: 6 });
    expect(s.breakdown!.values[0]).toEqual({ value: "producthunt", current: 161, previous: 0, difference: 161, share: 100 });
    expect(s.breakdown!.values.slice(1).map((v) => v.difference)).toEqual([0, 0]);
    expect(s.range).toEqual({ from: "2026-11-22T23:00:00.000Z", to: "2026-11-29T23:00:00.000Z", timezone: "Europe/Berlin" });
    expect(s.previousRange).toEqual({ from: "2026-11-15T23:00:00.000Z", to: "2026-11-22T23:00:00.000Z", timezone: "Europe/Berlin" });
    // Each side's numbers are runQuery's for the query it names, and its link opens that query.
    for (const side of ["current", "previous"] as const) {
      const direct = await run(s[side].query);
      expect(s[side].total).toBe(direct.series[0].total);
      expect(s[side].link).toContain(encodeExploreQuery(s[side].query));
    }
    expect(r.text).toContain("+23%");
    expect(r.text).toContain("Tuesday");
    expect(r.text).toMatch(/producthunt: 161 vs 0, difference 161, 100% of the change/);
  });

  it("compares events over the last 7 days against the 7 before, by property", async () => {
    const r = await call("compare_periods", { source: "event", name: "signup", period: "last_7_days_vs_previous_7_days", breakdown: "plan" });
    const s = r.structured as Compared;
    expect(s.current.total).toBe(5);
    expect(s.previous.total).toBe(2);
    expect(s.change).toMatchObject({ absolute: 3, percent: 150, direction: "up" });
    expect(s.breakdown!.values).toEqual([
      { value: "free", current: 2, previous: 0, difference: 2, share: (2 / 3) * 100 },
      { value: "pro", current: 3, previous: 2, difference: 1, share: (1 / 3) * 100 },
    ]);
    // Like for like: the previous period ends 7 days before the current one does.
    expect(Date.parse(s.current.query.range.to) - Date.parse(s.previous.query.range.to)).toBeGreaterThanOrEqual(7 * DAY - HOUR);
    expect(Date.parse(s.current.query.range.to)).toBeGreaterThanOrEqual(now);
    expect((await run(s.current.query)).series[0].total).toBe(5);
  });
});

describe("bad arguments are tool errors naming the field", () => {
  it.each([
    ["query_metric", { name: "signupz" }, "name", /Did you mean "signups"/],
    ["query_metric", { name: "signups", aggregation: "p95" }, "aggregation", /counter metric; it aggregates by sum, rate, per_second, cumulative/],
    ["query_metric", { name: "signups", timezone: "Mars/Olympus" }, "timezone", /Unknown time zone/],
    ["query_metric", { name: "signups", range: { from: "2026-11-30T00:00:00Z", to: "2026-11-23T00:00:00Z" } }, "range.to", /'from' must be before 'to'/],
    ["query_metric", { name: "signups", rnage: "7d" }, "rnage", /Unrecognized key/],
    ["query_metric", { name: "signups", group_by: ["a", "b", "c", "d"] }, "group_by", /3/],
    ["compare_periods", { name: "signups", period: "custom", current: { from: "2026-11-30T00:00:00Z", to: "2026-11-23T00:00:00Z" }, previous: { from: "2026-11-16T00:00:00Z", to: "2026-11-23T00:00:00Z" } }, "current.to", /before/],
    ["compare_periods", { name: "signups", period: "custom" }, "current", /needs current/],
    ["compare_periods", { name: "signups", period: "this_week_vs_last_week", previous: { from: "2026-11-16T00:00:00Z", to: "2026-11-23T00:00:00Z" } }, "previous", /only read with period "custom"/],
    ["compare_periods", { name: "signups", period: "fortnight" }, "period", /./],
    ["compare_periods", { name: "signups", period: "today_vs_yesterday", breakdown: "country" }, "breakdown", /has no tag "country"; its tags are channel/],
    ["compare_periods", { source: "event", name: "signup", aggregation: "p95", period: "today_vs_yesterday" }, "aggregation", /Events aggregate by count, unique_users, sum, avg/],
    ["compare_periods", { source: "event", name: "signin", period: "today_vs_yesterday" }, "name", /Unknown event "signin".*"signup"/],
    ["describe_metric", { name: "" }, "name", /./],
    ["list_metrics", { limit: 1000 }, "limit", /./],
  ] as const)("%s %j → %s", async (tool, args, field, message) => {
    const e = await toolError(tool, args);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });

  it("runs for a read key and refuses a key without read", async () => {
    const reader = (await authenticateApiKey(await p.key(["read"])))!;
    const answer = await call("query_metric", { name: "signups", range: { from: "2026-11-16T00:00:00Z", to: "2026-11-30T00:00:00Z" } }, reader);
    expect((answer.structured.series as { total: number }[])[0].total).toBe(1561);
    const ingestOnly = (await authenticateApiKey(await p.key(["ingest"])))!;
    const e = await toolError("list_metrics", {}, ingestOnly);
    expect(e.message).toContain("lacks the 'read' scope");
  });
});

describe("the explore page a link opens", () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await sessionCookie(p.email, p.password);
  });
  const page = (url: string, c = cookie) => fetch(url, { headers: { cookie: c }, redirect: "manual" });

  it("draws the query of a tool's link as a graph titled in words with its range and zone", async () => {
    const r = await call("query_metric", { name: "signups", group_by: ["channel"], range: { from: "2026-11-23T00:00:00+01:00", to: "2026-11-30T00:00:00+01:00" }, interval: "1d", timezone: "Europe/Berlin" });
    const res = await page(r.structured.link as string);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-testid="explore-chart"');
    expect(html).toContain('data-widget-type="graph"');
    expect(html).toContain("sum of signups by channel");
    expect(html).toContain("2026-11-22T23:00:00Z – 2026-11-29T23:00:00Z (Europe/Berlin)");
    expect(html).toContain('data-testid="explore-query"');
  });

  it("draws one total as a number widget", async () => {
    const q = { source: "metric", name: "signups", aggregation: "sum", range: { from: "2026-11-23T00:00:00+01:00", to: "2026-11-30T00:00:00+01:00" }, interval: "1w", timezone: "Europe/Berlin" } as const;
    const html = await (await page(`${baseUrl()}/projects/${p.projectId}/explore?q=${encodeExploreQuery(q)}`)).text();
    expect(html).toContain('data-widget-type="number"');
  });

  it("explains a malformed, invalid or unrunnable query with a 200 page and never makes data HTML", async () => {
    const base = `${baseUrl()}/projects/${p.projectId}/explore`;
    const cases: [string, RegExp][] = [
      ["", /has no query/],
      ["?q=a.b*c", /not base64url/],
      [`?q=${Buffer.from("{oops").toString("base64url")}`, /not valid JSON/],
      [`?q=${encodeExploreQuery({ source: "metric", name: "signups", aggregation: "median" } as never)}`, /invalid: aggregation/],
      [`?q=${encodeExploreQuery({ source: "metric", name: "signups", aggregation: "p95" })}`, /counter metric aggregates by/],
      [`?q=${encodeExploreQuery({ source: "metric", name: "<b>bold</b>", aggregation: "sum" })}`, /Metric &#x27;&lt;b&gt;bold&lt;\/b&gt;&#x27; not found|Metric &#39;&lt;b&gt;bold&lt;\/b&gt;&#39; not found|&lt;b&gt;bold/],
    ];
    for (const [search, message] of cases) {
      const res = await page(`${base}${search}`);
      expect(res.status, search).toBe(200);
      const html = await res.text();
      expect(html, search).toContain('data-testid="explore-problem"');
      expect(html, search).toMatch(message);
      expect(html).not.toContain("<b>bold</b>");
    }
  });

  it("is not found for someone outside the project", async () => {
    const outsider = await sessionCookie(other.email, other.password);
    const res = await page(`${baseUrl()}/projects/${p.projectId}/explore?q=${encodeExploreQuery({ source: "metric", name: "signups", aggregation: "sum" })}`, outsider);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("signups");
  });
});
