import { randomUUID } from "node:crypto";
import { signUp } from "@/lib/auth/users";
import { createProject } from "@/lib/projects/projects";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { Widget, WidgetConfig, WidgetQuery } from "@/lib/dashboards/schema";
import { widgetRequest } from "@/lib/dashboards/widget-request";
import { SERVER_RENDERED_WIDGETS } from "@/lib/dashboards/load-widget-data";
import { mapWithConcurrency } from "@/lib/concurrency/map-with-concurrency";

// One tenant opens a 50-widget dashboard over real data while another ingests steadily:
// shared by the isolation integration test and `npm run bench:isolation`. Everything the
// measurement touches goes over HTTP to the running app, as a browser or an SDK would.

export interface Tenant {
  projectId: string;
  email: string;
  password: string;
  /** A key with every scope. */
  key: string;
}

/** A fresh user, project and all-scopes key (domain functions, like tests/fixtures.ts). */
export async function createTenant(name: string): Promise<Tenant> {
  const email = `isolation-${randomUUID()}@flux.test`;
  const password = "isolation-password-123";
  const user = await signUp({ input: { email, password } });
  const project = await createProject({ userId: user.id, input: { name } });
  const ctx = { kind: "user" as const, userId: user.id, projectId: project.id, role: "owner" as const };
  const { key } = await createApiKey({ ctx, input: { name: "isolation", scopes: ["ingest", "read", "admin"] } });
  return { projectId: project.id, email, password, key };
}

const ENDPOINTS = ["/", "/login", "/signup", "/orders", "/orders/:id", "/cart", "/search", "/api/items", "/api/users", "/health"];
const HOSTS = Array.from({ length: 10 }, (_, i) => `web-${i + 1}`);

async function postOk(url: string, init: RequestInit, expected: number): Promise<unknown> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${init.method ?? "GET"} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * `points` latency points (a distribution over 10 endpoints × 10 hosts) spread over the
 * last 7 days, sent through the ingest API in 5,000-point batches, two in flight.
 */
export async function seedLatency(options: { baseUrl: string; key: string; points: number }): Promise<void> {
  const BATCH = 5000;
  const span = 7 * 86_400_000 - 60_000;
  const now = Date.now();
  let next = 0;
  const send = async () => {
    while (next < options.points) {
      const first = next;
      next += BATCH;
      const metrics = [];
      for (let i = first; i < Math.min(first + BATCH, options.points); i++) {
        const slow = i % 10 === 3 ? 4 : 1;
        metrics.push({
          type: "distribution",
          name: "http.latency",
          value: Math.round((20 + ((i * 7919) % 400)) * slow) / 10,
          tags: { endpoint: ENDPOINTS[i % 10], host: HOSTS[Math.floor(i / 10) % 10] },
          timestamp: new Date(now - 60_000 - ((i * 2654435761) % span)).toISOString(),
        });
      }
      const body = await postOk(`${options.baseUrl}/api/v1/metrics/batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.key}`, "content-type": "application/json" },
        body: JSON.stringify({ metrics }),
      }, 202);
      if ((body as { accepted: number }).accepted !== metrics.length) throw new Error(`seed batch not fully accepted: ${JSON.stringify(body).slice(0, 300)}`);
    }
  };
  await Promise.all([send(), send()]);
}

/** Fifty widgets of every type, each asking something different of the latency data (top 5 groups, as dashboards show). */
export function fiftyWidgets(): Widget[] {
  const q = (aggregation: WidgetQuery["aggregation"], groupBy: string[] = []): WidgetQuery =>
    groupBy.length ? { source: "metric", name: "http.latency", aggregation, filters: [], groupBy, limit: 5 } : { source: "metric", name: "http.latency", aggregation, filters: [], groupBy };
  const percentiles = ["p50", "p75", "p90", "p95", "p99", "avg", "max", "min", "count", "sum"] as const;
  const configs: WidgetConfig[] = [];
  for (let i = 0; configs.length < 50; i++) {
    const agg = percentiles[i % percentiles.length];
    const by = i % 2 ? ["endpoint"] : ["host"];
    const title = `W${configs.length + 1} ${agg}`;
    switch (i % 6) {
      case 0: configs.push({ type: "number", title, query: q(agg), higherIsBetter: false, thresholds: [] }); break;
      case 1: configs.push({ type: "graph", title, queries: [q(agg, by)], style: "line", compare: false }); break;
      case 2: configs.push({ type: "bar", title, query: q(agg, by), orientation: "horizontal" }); break;
      case 3: configs.push({ type: "pie", title, query: q("count", by), donut: true }); break;
      case 4: configs.push({ type: "table", title, queries: [q(agg, by), q("count", by)] }); break;
      default: configs.push({ type: "heatmap", title, query: q("count"), mode: i % 12 === 5 ? "distribution" : "week_hours" });
    }
  }
  return configs.map((config, i) => ({ id: `w${i + 1}`, x: (i % 4) * 3, y: Math.floor(i / 4) * 3, w: 3, h: 3, config }));
}

export async function createDashboard(options: { baseUrl: string; tenant: Tenant; widgets: Widget[] }): Promise<string> {
  const body = await postOk(`${options.baseUrl}/api/v1/dashboards`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.tenant.key}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Fifty widgets", range: "7d", widgets: options.widgets }),
  }, 201);
  return (body as { id: string }).id;
}

/** Signs in through Auth.js like a browser and returns the session cookie. */
export async function sessionCookie(options: { baseUrl: string; tenant: Tenant }): Promise<string> {
  const csrf = await fetch(`${options.baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${options.baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar, origin: options.baseUrl },
    body: new URLSearchParams({ email: options.tenant.email, password: options.tenant.password, csrfToken }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return session;
}

export interface Sample {
  /** When the request was sent, ms since the epoch. */
  at: number;
  ms: number;
  status: number;
}

/**
 * Sends a request every `everyMs` whether or not the previous one has answered (a steady
 * client does not slow down because the server does), until stopped.
 */
function steady(everyMs: number, request: () => Promise<Response>): { stop(): Promise<Sample[]> } {
  const samples: Promise<Sample>[] = [];
  const timer = setInterval(() => {
    const at = Date.now();
    const started = performance.now();
    samples.push(
      request().then(
        async (res) => {
          await res.arrayBuffer();
          return { at, ms: performance.now() - started, status: res.status };
        },
        () => ({ at, ms: performance.now() - started, status: 0 }),
      ),
    );
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      return Promise.all(samples);
    },
  };
}

/** A batch of 20 gauge points (this instant) every `everyMs` through POST /api/v1/metrics/batch. */
export function steadyIngest(options: { baseUrl: string; tenant: Tenant; everyMs: number }) {
  let n = 0;
  return steady(options.everyMs, () => {
    n += 1;
    const metrics = Array.from({ length: 20 }, (_, i) => ({ type: "gauge", name: "queue.depth", value: (n * 20 + i) % 97, tags: { worker: `w${i}` }, timestamp: new Date().toISOString() }));
    return fetch(`${options.baseUrl}/api/v1/metrics/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${options.tenant.key}`, "content-type": "application/json" },
      body: JSON.stringify({ metrics }),
    });
  });
}

export function steadyHealth(options: { baseUrl: string; everyMs: number }) {
  return steady(options.everyMs, () => fetch(`${options.baseUrl}/api/health`));
}

/** GET the dashboard page with the session and read it to the end (every widget's first data is server-rendered). */
export async function loadDashboardPage(options: { baseUrl: string; cookie: string; projectId: string; dashboardId: string }) {
  const started = performance.now();
  const res = await fetch(`${options.baseUrl}/projects/${options.projectId}/dashboards/${options.dashboardId}`, { headers: { cookie: options.cookie } });
  const html = await res.text();
  return { status: res.status, html, ms: performance.now() - started };
}

/** Requests a browser has in flight to one HTTP/1.1 origin (Chromium's per-host limit); more wait in the browser. */
export const BROWSER_CONNECTIONS = 6;

/**
 * Each widget's query as its React Query sends it (POST /api/v1/query with the session),
 * `inFlight` at a time: BROWSER_CONNECTIONS for one browser talking to Flux directly, all
 * of them at once for many tabs or a browser behind an HTTP/2 proxy.
 */
export async function fireWidgetQueries(options: { baseUrl: string; cookie: string; projectId: string; widgets: Widget[]; inFlight?: number }) {
  const started = performance.now();
  const answers = await mapWithConcurrency(options.widgets, options.inFlight ?? options.widgets.length, async (w) => {
    const t0 = performance.now();
    const res = await browserQuery({ ...options, body: widgetRequest(w.config, "7d", "UTC") });
    return { id: w.id, status: res.status, body: await res.json(), ms: performance.now() - t0 };
  });
  return { answers, ms: performance.now() - started };
}

/**
 * Opens the dashboard as a browser does: the page (with the first data of the widgets the
 * server renders), then the query of every other widget from the client, six at a time.
 */
export async function openDashboard(options: { baseUrl: string; cookie: string; projectId: string; dashboardId: string; widgets: Widget[] }) {
  const started = performance.now();
  const page = await loadDashboardPage(options);
  const serverRendered = new Set([...options.widgets].sort((a, b) => a.y - b.y || a.x - b.x).slice(0, SERVER_RENDERED_WIDGETS).map((w) => w.id));
  const rest = options.widgets.filter((w) => !serverRendered.has(w.id));
  const client = await fireWidgetQueries({ ...options, widgets: rest, inFlight: BROWSER_CONNECTIONS });
  return { page, client, ms: performance.now() - started };
}

/** POST /api/v1/query with the session cookie, as the app's own pages send it. */
export function browserQuery(options: { baseUrl: string; cookie: string; projectId: string; body: unknown }): Promise<Response> {
  return fetch(`${options.baseUrl}/api/v1/query?project=${options.projectId}`, {
    method: "POST",
    headers: { cookie: options.cookie, "content-type": "application/json", origin: options.baseUrl, "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" },
    body: JSON.stringify(options.body),
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

export const summary = (samples: Sample[]) => {
  const ms = samples.map((s) => s.ms);
  return { count: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms) };
};
