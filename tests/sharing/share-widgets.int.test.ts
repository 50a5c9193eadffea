import { beforeAll, describe, expect, it } from "vitest";
import { api } from "@/tests/fixtures";
import { insertPoints } from "@/tests/query-data";
import { widgetRequest } from "@/lib/dashboards/widget-request";
import type { Dashboard, WidgetRange } from "@/lib/dashboards/schema";
import { expectError, expectNothingOf, expectShareNotFound, shareLink, sharedSetup, visitor, widgetCall, type SharedSetup } from "./share-visitor";

// A share link answers the saved widgets of its dashboard and nothing else: the server builds
// each query from the saved configuration, and a visitor editing the request by hand can only
// pick a widget of that dashboard and, where the link allows, a view (range, interval, zone).

const DAY = 86_400_000;

/** One more point in the other project, so its answers differ from this one's. */
const sharedSetupExtraPoint = (o: SharedSetup) => insertPoints({ projectId: o.p.projectId, name: o.shownMetric, type: "counter", points: [{ time: "2026-03-03T12:30:00Z", value: 1000 }] });
let s: SharedSetup;
let elsewhere: SharedSetup;
let dashboard: Dashboard;
let fixed: string;
let bounded: string;

beforeAll(async () => {
  [s, elsewhere] = await Promise.all([sharedSetup(), sharedSetup()]);
  dashboard = (await (await api(`/api/v1/dashboards/${s.dashboardId}`, { key: s.key })).json()) as Dashboard;
  fixed = (await shareLink(s)).token;
  bounded = (await shareLink(s, { allowRangeChange: true, maxLookbackDays: 7 })).token;
});

/** What the signed-in query API answers for a saved widget in a view. */
async function signedInAnswer(widgetId: string, range: WidgetRange = s.range, timezone = "UTC", interval: "auto" | "1h" | "1d" = "auto", of = s) {
  const board = of === s ? dashboard : ((await (await api(`/api/v1/dashboards/${of.dashboardId}`, { key: of.key })).json()) as Dashboard);
  const config = board.widgets.find((w) => w.id === widgetId)!.config;
  const res = await api("/api/v1/query", { key: of.key, body: widgetRequest(config, range, timezone, interval) });
  expect(res.status).toBe(200);
  return (await res.json()) as { results: Record<string, unknown> };
}

describe("a saved widget's data through a share link", () => {
  it("is exactly what the query API answers for that widget's saved request, for every widget", async () => {
    const v = visitor();
    for (const w of dashboard.widgets) {
      const shared = await widgetCall(v, fixed, w.id);
      expect(shared.status, shared.body).toBe(200);
      const answer = JSON.parse(shared.body) as { results: Record<string, { series: unknown[] }> };
      expect(answer.results, w.id).toEqual((await signedInAnswer(w.id)).results);
      expect(Object.values(answer.results).some((r) => r.series.length > 0), `${w.id} has data`).toBe(true);
      expectNothingOf(s, shared.body, w.id);
    }
    // An empty body and no body at all are the dashboard's own view too.
    const noBody = await v.request(`/api/v1/shared/${fixed}/widgets/total`, { method: "POST" });
    expect(noBody.status, noBody.body).toBe(200);
    expect(JSON.parse(noBody.body).results).toEqual((await signedInAnswer("total")).results);
  });

  it("applies an allowed view: interval and time zone on a fixed-range link, a range within the lookback", async () => {
    const v = visitor();
    const zoned = await widgetCall(v, fixed, "trend", { interval: "1h", timezone: "Europe/Berlin" });
    expect(zoned.status, zoned.body).toBe(200);
    expect(JSON.parse(zoned.body).results).toEqual((await signedInAnswer("trend", s.range, "Europe/Berlin", "1h")).results);

    for (const range of ["7d", "24h", "6d", "168h", "1w", { from: new Date(Date.now() - 3 * DAY).toISOString(), to: new Date().toISOString() }] as WidgetRange[]) {
      const res = await widgetCall(v, bounded, "total", { range });
      expect(res.status, `${JSON.stringify(range)}: ${res.body}`).toBe(200);
    }
    // The saved range is always allowed, however far back it lies.
    expect((await widgetCall(v, bounded, "total", { range: s.range })).status).toBe(200);
    expect((await widgetCall(v, fixed, "total", { range: s.range })).status).toBe(200);
  });

  it("refuses a range the link does not allow with 422 on field range", async () => {
    const v = visitor();
    const longAgo = { from: new Date(Date.now() - 10 * DAY).toISOString(), to: new Date(Date.now() - 9 * DAY).toISOString() };
    const cases: [string, WidgetRange][] = [
      [fixed, "24h"],
      [fixed, "7d"],
      [fixed, { from: "2026-03-02T00:00:00Z", to: "2026-03-03T00:00:00Z" }],
      [bounded, "30d"],
      [bounded, "90d"],
      [bounded, "ytd"],
      [bounded, "8d"],
      [bounded, "2w"],
      [bounded, "200h"],
      [bounded, longAgo],
      [bounded, { from: "2020-01-01T00:00:00Z", to: new Date().toISOString() }],
    ];
    for (const [token, range] of cases) {
      const res = await widgetCall(v, token, "total", { range });
      const error = expectError(res, 422, "invalid");
      expect(error.details?.map((d) => d.field), JSON.stringify(range)).toEqual(["range"]);
      expect(error.message).toMatch(token === fixed ? /does not let viewers change it/ : /at most 7 days/);
    }
  });

  it("refuses anything in the body but a view: a query, a metric, filters, a formula, unknown fields (422 naming the field)", async () => {
    const v = visitor();
    const bodies: Record<string, unknown>[] = [
      { queries: { a: { source: "metric", name: s.secretMetric, aggregation: "avg", range: "30d" } } },
      { name: s.secretMetric },
      { source: "event" },
      { aggregation: "max" },
      { filters: [{ key: "endpoint", op: "eq", value: "/a" }] },
      { groupBy: ["endpoint"] },
      { formula: "a * 1000" },
      { query: { source: "metric", name: s.secretMetric, aggregation: "avg" } },
      { widgetId: "secret" },
      { dashboardId: s.otherDashboardId },
      { projectId: elsewhere.p.projectId },
      { range: "24h", config: { type: "number" } },
    ];
    for (const body of bodies) {
      const res = await widgetCall(v, fixed, "total", body);
      const error = expectError(res, 422, "invalid");
      const unknown = Object.keys(body).find((k) => !["range", "interval", "timezone"].includes(k))!;
      expect(error.details?.map((d) => d.field), JSON.stringify(body)).toContain(unknown);
      expectNothingOf(s, res.body, JSON.stringify(body));
    }
    // Values of the view's own fields are checked too.
    for (const [body, field] of [[{ range: "1000y" }, "range"], [{ interval: "7s" }, "interval"], [{ timezone: "Mars/Olympus" }, "timezone"], [{ range: { from: "yesterday" } }, "range"]] as const) {
      const error = expectError(await widgetCall(v, fixed, "total", body), 422, "invalid");
      expect(error.details?.some((d) => d.field === field || d.field.startsWith(`${field}.`)), JSON.stringify(body)).toBe(true);
    }
    // A body that is not a view object at all.
    for (const body of ["[]", "\"total\"", "42", "true"]) {
      expectError(await widgetCall(v, fixed, "total", body), 422, "invalid");
    }
    // JSON null is no view at all: the dashboard's own.
    expect(JSON.parse((await widgetCall(v, fixed, "total", "null")).body).results).toEqual((await signedInAnswer("total")).results);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const v = visitor();
    for (const body of ["{", "range=24h", "{\"range\": }"]) {
      expectError(await widgetCall(v, fixed, "total", body), 400, "bad_request");
    }
  });

  it("answers 404 to a widget id the dashboard does not hold: unknown, another dashboard's, another project's", async () => {
    const v = visitor();
    const [otherShared, theirs] = [(await shareLink({ key: s.key, dashboardId: s.otherDashboardId })).token, (await shareLink(elsewhere)).token];
    expect((await widgetCall(v, otherShared, "secret")).status).toBe(200);
    expect((await widgetCall(v, theirs, "total")).status).toBe(200);
    // "secret" is a widget of this project's other dashboard, and of nothing this link shows.
    for (const id of ["secret", "nope", "TOTAL", "total ", "%2e%2e", "total/../secret", "__proto__", "a".repeat(300)]) {
      const res = await widgetCall(v, fixed, id);
      expectError(res, 404, "not_found");
      expectNothingOf(s, res.body, id);
    }
    // The other project's link cannot read this project's widgets through its own id either.
    const cross = await widgetCall(v, theirs, "secret");
    expectError(cross, 404, "not_found");
    // And the token names the dashboard: ids of another dashboard or project in the query string change nothing.
    const own = await widgetCall(v, fixed, "total");
    for (const extra of [`?dashboardId=${s.otherDashboardId}`, `?project=${elsewhere.p.projectId}`, `?projectId=${elsewhere.p.projectId}&dashboard=${elsewhere.dashboardId}`]) {
      const res = await v.request(`/api/v1/shared/${fixed}/widgets/total${extra}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual(JSON.parse(own.body));
    }
  });

  it("reads the widget of the token's own dashboard when two projects hold the same widget id", async () => {
    const v = visitor();
    await sharedSetupExtraPoint(elsewhere);
    const mine = JSON.parse((await widgetCall(v, fixed, "total")).body);
    const theirs = JSON.parse((await widgetCall(v, (await shareLink(elsewhere)).token, "total")).body);
    expect(mine.results).toEqual((await signedInAnswer("total")).results);
    expect(theirs.results).toEqual((await signedInAnswer("total", s.range, "UTC", "auto", elsewhere)).results);
    expect(theirs.results).not.toEqual(mine.results);
    expectShareNotFound(await widgetCall(visitor(), `${fixed.slice(0, -1)}${fixed.endsWith("A") ? "B" : "A"}`, "total"), "a token one character off");
  });
});
