import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { sql } from "@/lib/db/client";
import type { CreatedShareLink } from "@/lib/sharing/share-link-schemas";
import { api, baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { insertEvents, insertPoints } from "@/tests/query-data";
import { Browser, type Answer } from "@/tests/auth/browser";

// A project with a dashboard worth sharing, a second dashboard and a metric nobody shares, so
// refusal tests can look for anything of theirs leaking into a visitor's answers.

const HOUR = 3_600_000;
const q = (source: "metric" | "event", name: string, aggregation: string, extra: Record<string, unknown> = {}) => ({ source, name, aggregation, ...extra });
const widget = (id: string, config: Record<string, unknown>, y = 0) => ({ id, x: 0, y, w: 6, h: 4, config });

/** A unique word, so a test can tell its own data from everything else in a response. */
export const marker = (label: string) => `${label}${randomUUID().slice(0, 8)}`;

export interface SharedSetup {
  p: TestProject;
  key: string;
  projectName: string;
  dashboardId: string;
  dashboardName: string;
  otherDashboardId: string;
  otherDashboardName: string;
  /** Names of the project's catalog the shared dashboard reads. */
  shownMetric: string;
  shownEvent: string;
  /** A metric of the project that no shared widget reads. */
  secretMetric: string;
  /** The shared dashboard's saved (absolute) range: answers can be compared exactly. */
  range: { from: string; to: string };
  /** A value a shared widget filters on: the server applies it, no visitor ever sees it. */
  secretFilter: string;
}

/** Seeds a project: `calls` (counter by endpoint), `orders` events, a secret gauge; two dashboards. */
export async function sharedSetup(): Promise<SharedSetup> {
  const projectName = marker("Project");
  const p = await createTestProject(projectName);
  const key = await p.key();
  const [shownMetric, shownEvent, secretMetric] = [marker("shown.calls."), marker("shown.orders."), marker("secret.salary.")];
  const start = Date.parse("2026-03-02T00:00:00Z");
  await insertPoints({
    projectId: p.projectId,
    name: shownMetric,
    type: "counter",
    points: Array.from({ length: 48 }, (_, i) => ({ time: start + i * HOUR, value: i + 1, tags: { endpoint: i % 3 === 0 ? "/a" : "/b" } })),
  });
  await insertEvents({ projectId: p.projectId, events: Array.from({ length: 20 }, (_, i) => ({ time: start + i * 2 * HOUR, name: shownEvent, value: 10 * i, properties: { plan: i % 2 ? "pro" : "free" } })) });
  await insertPoints({ projectId: p.projectId, name: secretMetric, type: "gauge", points: [{ time: start, value: 123456 }] });

  const range = { from: "2026-03-02T00:00:00Z", to: "2026-03-04T00:00:00Z" };
  const secretFilter = marker("internal-endpoint-");
  const dashboardName = marker("Board");
  const created = await api("/api/v1/dashboards", {
    key,
    body: {
      name: dashboardName,
      range,
      widgets: [
        widget("total", { type: "number", title: "Calls", query: q("metric", shownMetric, "sum", { filters: [{ key: "endpoint", op: "neq", value: secretFilter }] }) }),
        widget("trend", { type: "graph", queries: [q("metric", shownMetric, "sum"), q("event", shownEvent, "count")] }, 4),
        widget("split", { type: "bar", query: q("metric", shownMetric, "sum", { groupBy: ["endpoint"] }) }, 8),
        widget("plans", { type: "pie", query: q("event", shownEvent, "sum", { groupBy: ["plan"] }) }, 12),
      ],
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const otherDashboardName = marker("Hidden board");
  const other = await api("/api/v1/dashboards", { key, body: { name: otherDashboardName, widgets: [widget("secret", { type: "number", query: q("metric", secretMetric, "avg") })] } });
  expect(other.status).toBe(201);
  return {
    p,
    key,
    projectName,
    dashboardId: (await created.json()).id,
    dashboardName,
    otherDashboardId: (await other.json()).id,
    otherDashboardName,
    shownMetric,
    shownEvent,
    secretMetric,
    range,
    secretFilter,
  };
}

/** Creates a link through the management API (an admin key). */
export async function shareLink(s: { key: string; dashboardId: string }, input: Record<string, unknown> = {}): Promise<CreatedShareLink> {
  const res = await api(`/api/v1/dashboards/${s.dashboardId}/share-links`, { key: s.key, body: { label: "Wall screen", ...input } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as CreatedShareLink;
}

/** The link as its editors see it listed. */
export async function listedLink(s: { key: string; dashboardId: string }, linkId: string) {
  const res = await api(`/api/v1/dashboards/${s.dashboardId}/share-links`, { key: s.key });
  expect(res.status).toBe(200);
  const { shareLinks } = (await res.json()) as { shareLinks: { id: string; viewCount: number; lastViewedAt: string | null }[] };
  return shareLinks.find((l) => l.id === linkId)!;
}

export const expireLink = (linkId: string) => sql()`UPDATE share_links SET expires_at = now() - interval '1 second' WHERE id = ${linkId}`;
export const revokeLink = (s: { key: string }, linkId: string) => api(`/api/v1/share-links/${linkId}`, { key: s.key, method: "DELETE" });

/** A signed-out client of its own (a fresh loopback address), so rate limits are its own. */
export const visitor = (from?: string) => new Browser(baseUrl(), from);

export function widgetCall(v: Browser, token: string, widgetId: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<Answer> {
  return v.request(`/api/v1/shared/${encodeURIComponent(token)}/widgets/${encodeURIComponent(widgetId)}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const unlock = (v: Browser, token: string, password: unknown) =>
  v.request(`/api/v1/shared/${encodeURIComponent(token)}/unlock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password }) });

/** The one body every refused share request gets. */
export const NOT_FOUND_BODY = JSON.stringify({ error: { code: "not_found", message: "This share link does not exist, has expired or was revoked" } });
export const NOT_FOUND_PAGE_TEXT = "This link does not exist, has expired or was revoked";

export function expectShareNotFound(a: Answer, what: string) {
  expect(a.status, what).toBe(404);
  expect(a.body, what).toBe(NOT_FOUND_BODY);
}

export function expectError(a: Answer, status: number, code: string): { message: string; details?: { field: string; message: string }[] } {
  expect(a.status, a.body).toBe(status);
  const body = JSON.parse(a.body) as { error: { code: string; message: string; details?: { field: string; message: string }[] } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

export function expectRateLimited(a: Answer, what: string) {
  expect(a.status, what).toBe(429);
  const retryAfter = Number(a.headers["retry-after"]);
  expect(retryAfter, what).toBeGreaterThanOrEqual(1);
  expect(retryAfter, what).toBeLessThanOrEqual(15 * 60);
  expect(JSON.parse(a.body).error.code, what).toBe("rate_limited");
}

/** Whatever of the project a visitor must never see, looked for in a response body. */
export function expectNothingOf(s: SharedSetup, body: string, what: string) {
  for (const secret of [s.secretMetric, s.otherDashboardName, s.otherDashboardId, s.projectName, s.p.projectId, s.p.email, s.secretFilter]) {
    expect(body, `${what} mentions ${secret}`).not.toContain(secret);
  }
}
