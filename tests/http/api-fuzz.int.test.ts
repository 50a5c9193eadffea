import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi/spec";
import { TEST_CRON_SECRET, TEST_INIT } from "@/scripts/lib/test-stack";
import { api, baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { browserHeaders, sessionCookie } from "@/tests/session-cookie";
import { insertTestAnomaly } from "@/tests/anomaly-data";
import { sql } from "@/lib/db/client";
import { allRoutes, appRoutes, hasBody, specRoutes, templateParams, type RouteMethod } from "./fuzz/routes";
import { exampleBodies, hostileJson, hostileStrings, leafVariants, mutated, rawBodies } from "./fuzz/values";

// Every /api route and method (read from app/api and the OpenAPI document, so a new route is
// fuzzed without touching this file) gets valid, mutated, random and non-JSON requests, with
// a project key and with a session cookie. Nothing may answer 5xx: the database is up, so
// not even 503. Every 4xx of Flux's own routes carries the envelope { error: { code, message } }.

type Auth = "key" | "cookie" | "none";
interface Call {
  route: RouteMethod;
  auth: Auth;
  params: Record<string, string>;
  query: string;
  body?: string;
  headers: Record<string, string>;
}

const ERROR_CODES: string[] = (openApiDocument() as { components: { schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } } })
  .components.schemas.Error.properties.error.properties.code.enum;
const ROUTES = allRoutes();
/**
 * What the file aims to take, setup included: the random phase gets what the fixed phases leave
 * (at least 5 s). A budget, not an assertion: the fixed phases grow with every route and a busy
 * machine slows them, which says nothing about the app.
 */
const FILE_BUDGET_MS = 45_000;
let fileStarted = 0;

let p: TestProject;
let key: string;
let cookie: string;
let dashboardId: string;
let annotationId: string;
let anomalyId: string;
let channelId: string;
let ruleId: string;
let linkId: string;
let shareToken: string;
let examples: Record<string, unknown[]>;
const names = { metric: "fuzz.load", event: "fuzz.signup" };
const sent = new Set<string>();
const statuses = new Map<number, number>();

/**
 * Percent-encodes a path segment as a browser does (a lone surrogate becomes U+FFFD). Escapes
 * that are not UTF-8 (%FF, a bare %) are left out: Next.js 16 answers them 500 while matching
 * the route, before any Flux code runs (vercel/next.js#92527).
 */
const segment = (value: string) => encodeURIComponent(value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"));

async function newDashboard(): Promise<string> {
  const res = await api("/api/v1/dashboards", { key, body: { name: "Fuzz target" } });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

/** An email channel: on the test app (no SMTP_URL) a test message fails at once, without reaching out. */
async function newAlertChannel(): Promise<string> {
  const res = await api("/api/v1/alerts/channels", { key, body: { name: "Fuzz mail", kind: "email", to: ["fuzz@flux.test"] } });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

async function newAlertRule(): Promise<string> {
  const res = await api("/api/v1/alerts/rules", { key, body: { name: "Fuzz rule", condition: { kind: "no_data", source: "event", name: names.event, forMinutes: 5 } } });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

/** A share link to the example dashboard (widgets w1, w2) that lets visitors change the range. */
async function newShareLink(onDashboard = dashboardId): Promise<{ id: string; token: string }> {
  const res = await api(`/api/v1/dashboards/${onDashboard}/share-links`, { key, body: { label: "Fuzz link", allowRangeChange: true } });
  expect(res.status).toBe(201);
  return res.json();
}

async function newAnnotation(): Promise<string> {
  const res = await api("/api/v1/annotations", { key, body: { title: "Fuzz target", tags: ["fuzz"] } });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

let doomed = 0;
/** A metric or event of its own for a DELETE to remove, so the other calls keep theirs. */
async function newCatalogName(template: string): Promise<string> {
  const name = `fuzz.doomed.${++doomed}`;
  const body = template.includes("event-names") ? { events: [{ name }] } : { metrics: [{ type: "gauge", name, value: 1 }] };
  const res = await api("/api/v1/flux/batch", { key, body });
  expect(res.status).toBe(202);
  return name;
}

function validParam(route: RouteMethod, name: string): string {
  if (name === "dashboardId") return dashboardId;
  if (name === "annotationId") return annotationId;
  if (name === "anomalyId") return anomalyId;
  if (name === "channelId") return channelId;
  if (name === "ruleId") return ruleId;
  if (name === "linkId") return linkId;
  if (name === "token") return shareToken;
  if (name === "widgetId") return "w1";
  if (name === "name") return route.template.includes("event-names") ? names.event : names.metric;
  if (name === "nextauth") return "session";
  // A job that only deletes job runs older than two weeks: harmless to run again and again.
  if (name === "job") return "purge-job-runs";
  return "x";
}

/** The query string a GET needs to be valid ("" for most). */
function validQuery(route: RouteMethod): string {
  if (route.template !== "/api/v1/anomalies/band") return "";
  return new URLSearchParams({ source: "metric", name: names.metric, from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() }).toString();
}

const paramArb = (route: RouteMethod, name: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constant(segment(validParam(route, name))) },
    { weight: 2, arbitrary: fc.constantFrom(...hostileStrings).map(segment) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }).map(segment) },
    { weight: 1, arbitrary: fc.uuid().map(segment) },
    // Already encoded: NUL, a literal %, a slash inside the segment, 5,000 characters, escapes that are not UTF-8.
    { weight: 1, arbitrary: fc.constantFrom("x".repeat(5000), "%00", "%25", "%2F", "a%2Fb%00", "%ED%A0%80", "%", "%FF%FE") },
    // The catch-all takes several segments (Auth.js actions); elsewhere these are one segment.
    { weight: 1, arbitrary: fc.constantFrom("csrf", "providers", "signin", "signout", "callback/credentials", "error", "signin/github").map((v) => (name === "nextauth" ? v : segment(v))) },
  );

const cursorArb = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
  fc
    .record({ t: fc.oneof(fc.constantFrom(...hostileStrings), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), r: fc.oneof(fc.constantFrom("(0,1)", "(4294967295,65535)", "(4294967296,1)", "(1,65536)", "(-1,1)", "(1,1)x"), fc.string()) })
    .map((c) => Buffer.from(JSON.stringify(c)).toString("base64url")),
);

const queryArb = (route: RouteMethod): fc.Arbitrary<string> => {
  const events = route.template === "/api/v1/events" && route.method === "GET";
  if (route.template === "/api/v1/annotations" && route.method === "GET") {
    const instant = fc.oneof(fc.constantFrom(...hostileStrings), fc.constantFrom("0", "1700000000000", "99999999999999999", "-5", "2026-01-01T00:00:00Z"));
    return fc
      .record({ from: instant, to: instant, tags: fc.oneof(fc.constantFrom(...hostileStrings), fc.constant("deploy,api"), fc.constant(Array.from({ length: 30 }, (_, i) => `t${i}`).join(","))) }, { requiredKeys: [] })
      .map((q) => new URLSearchParams(Object.entries(q)).toString());
  }
  const pairs = events
    ? fc.record(
        {
          name: fc.oneof(fc.constant(names.event), fc.constantFrom(...hostileStrings)),
          limit: fc.constantFrom("1", "50", "200", "0", "-1", "201", "1e999", "abc", "1.5", " "),
          cursor: cursorArb,
          filters: fc.oneof(mutated([{ key: "plan", op: "eq", value: "pro" }]).map((v) => JSON.stringify(v)), fc.constantFrom(...hostileStrings)),
        },
        { requiredKeys: [] },
      )
    : fc.dictionary(fc.constantFrom("project", "name", "limit", "cursor", "x"), fc.constantFrom(...hostileStrings), { maxKeys: 2 });
  return pairs.map((q) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString());
};

const bodyArb = (route: RouteMethod): fc.Arbitrary<string | undefined> => {
  if (!hasBody(route.method)) return fc.constant(undefined);
  type Json = Parameters<typeof mutated>[0];
  const valid = (examples[`${route.method} ${route.template}`] ?? [{}]) as Json[];
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...valid).chain(mutated).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(...valid).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: hostileJson.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(...rawBodies) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
};

// Mostly what a client sends; one call in eight with a wrong type, encoding or key.
const headersArb = fc.oneof(
  { weight: 7, arbitrary: fc.constant({ "content-type": "application/json" }) },
  {
    weight: 1,
    arbitrary: fc.record({
      "content-type": fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", ""),
      "content-encoding": fc.constantFrom("", "gzip", "br"),
      "idempotency-key": fc.constantFrom("", "k-" + "x".repeat(300), "retry-1"),
    }),
  },
);

const AUTHS: Auth[] = ["key", "cookie", "none"];

const callArb = (route: RouteMethod, auth: Auth): fc.Arbitrary<Call> =>
  fc.record({
    route: fc.constant(route),
    auth: fc.constant(auth),
    params: fc.record(Object.fromEntries(templateParams(route.template).map((n) => [n, paramArb(route, n)]))) as fc.Arbitrary<Record<string, string>>,
    query: queryArb(route),
    body: bodyArb(route),
    headers: headersArb.map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== "")) as Record<string, string>),
  });

async function send(call: Call): Promise<{ status: number; text: string }> {
  let path = call.route.template.replace(/\{([^}]+)\}/g, (_, n: string) => call.params[n] ?? "x");
  // A valid id on DELETE would delete the dashboard the other calls use: give it its own.
  if (call.route.method === "DELETE" && call.params.dashboardId === dashboardId) path = path.replace(dashboardId, await newDashboard());
  if (call.route.method === "DELETE" && call.params.annotationId === annotationId) path = path.replace(annotationId, await newAnnotation());
  if (call.route.method === "DELETE" && call.params.channelId === channelId) path = path.replace(channelId, await newAlertChannel());
  if (call.route.method === "DELETE" && call.params.ruleId === ruleId) path = path.replace(ruleId, await newAlertRule());
  // Revoking the link the visitor routes use would turn their valid calls into 404s.
  if (call.route.method === "DELETE" && call.params.linkId === linkId) path = path.replace(linkId, (await newShareLink()).id);
  if (call.route.method === "DELETE" && call.params.name !== undefined && [names.metric, names.event].map(segment).includes(call.params.name)) {
    path = path.replace(call.params.name, segment(await newCatalogName(call.route.template)));
  }
  const query = new URLSearchParams(call.query);
  const headers: Record<string, string> = { ...call.headers };
  if (call.auth === "key") headers.authorization = `Bearer ${key}`;
  if (call.auth === "cookie") {
    Object.assign(headers, browserHeaders(cookie));
    if (!query.has("project")) query.set("project", p.projectId);
  }
  if (call.route.template === "/api/v1/projects/provision" && call.auth !== "none") headers["x-master-key"] = TEST_INIT.masterKey;
  // The cron routes take the instance's CRON_SECRET instead of a key or a session.
  if (call.route.template.startsWith("/api/cron/") && call.auth !== "none") headers.authorization = `Bearer ${TEST_CRON_SECRET}`;
  // An MCP client accepts JSON and event streams (the transport refuses others with 406).
  if (call.route.template === "/api/mcp") headers.accept ??= "application/json, text/event-stream";
  const qs = query.toString();
  const res = await fetch(`${baseUrl()}${path}${qs ? `?${qs}` : ""}`, { method: call.route.method, headers, body: call.body, redirect: "manual" });
  sent.add(`${call.route.method} ${call.route.template} ${call.auth}`);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  // A live event stream never ends: its first event is enough to know it opened well.
  if (res.ok && res.headers.get("content-type")?.startsWith("text/event-stream")) return { status: res.status, text: await firstEvent(res) };
  return { status: res.status, text: await res.text() };
}

async function firstEvent(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  let text = "";
  while (!text.includes("event: ready")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  await reader.cancel();
  return text;
}

function describeCall(call: Call, res: { status: number; text: string }): string {
  const body = call.body === undefined ? "" : ` body=${call.body.length > 300 ? `${call.body.slice(0, 300)}… (${call.body.length} chars)` : call.body}`;
  return `${call.route.method} ${call.route.template} auth=${call.auth} params=${JSON.stringify(call.params).slice(0, 200)} query=${call.query.slice(0, 200)} headers=${JSON.stringify(call.headers)}${body} → ${res.status} ${res.text.slice(0, 300)}`;
}

// Node's HTTP server answers a request line or headers past its 16 KB limit itself, before
// Next.js or Flux sees the request, so those cannot carry Flux's envelope.
const ANSWERED_BY_NODE = new Set([414, 431]);

/** No 5xx; Flux's own 4xx in the envelope with a known code and a message. */
function check(call: Call, res: { status: number; text: string }): void {
  const what = describeCall(call, res);
  expect(res.status, what).toBeLessThan(500);
  if (call.route.foreign || res.status < 400 || ANSWERED_BY_NODE.has(res.status)) return;
  let parsed: { error?: { code?: unknown; message?: unknown } } | undefined;
  try {
    parsed = JSON.parse(res.text);
  } catch {
    parsed = undefined;
  }
  expect(ERROR_CODES, what).toContain(parsed?.error?.code);
  expect(typeof parsed?.error?.message === "string" && parsed.error.message.length > 0, what).toBe(true);
}

beforeAll(async () => {
  fileStarted = Date.now();
  p = await createTestProject("Fuzz project");
  key = await p.key(["ingest", "read", "admin"]);
  cookie = await sessionCookie(p.email, p.password);
  dashboardId = await newDashboard();
  annotationId = await newAnnotation();
  anomalyId = await insertTestAnomaly({ projectId: p.projectId, name: names.metric });
  [channelId, ruleId] = await Promise.all([newAlertChannel(), newAlertRule()]);
  examples = exampleBodies({ ...names, projectId: p.projectId, channelId }) as Record<string, unknown[]>;
  const seeded = await api("/api/v1/flux/batch", { key, body: examples["POST /api/v1/flux/batch"][0] });
  expect(seeded.status).toBe(202);
  const shared = await api("/api/v1/dashboards", { key, body: examples["POST /api/v1/dashboards"][0] });
  expect(shared.status).toBe(201);
  const sharedDashboardId: string = (await shared.json()).id;
  ({ id: linkId, token: shareToken } = await newShareLink(sharedDashboardId));
  examples["POST /api/v1/shared/{token}/pusher-auth"] = [{ socket_id: "1234.5678", channel_name: `private-flux-share-${sharedDashboardId}` }];
}, 60_000);

// Random tokens from this machine exhaust its budget of unknown share links (a 15-minute
// block that refuses even valid tokens): give it back so later test files start clean.
afterAll(async () => {
  await sql()`DELETE FROM rate_limits WHERE key LIKE 'share:%'`;
});

describe("every /api route under random and mutated input", () => {
  it("finds the routes in app/api and the OpenAPI document", () => {
    const app = new Set(appRoutes().map((r) => `${r.method} ${r.template}`));
    for (const r of specRoutes()) expect(app, `${r.method} ${r.template} is described but not served`).toContain(`${r.method} ${r.template}`);
    expect(ROUTES.filter((r) => !r.foreign).length).toBeGreaterThanOrEqual(20);
    expect(ROUTES.some((r) => r.template === "/api/v1/dashboards/{dashboardId}" && r.method === "PATCH")).toBe(true);
  });

  it("answers each route's valid example with success, by key and by session cookie", async () => {
    for (const route of ROUTES.filter((r) => !r.foreign)) {
      for (const auth of ["key", "cookie"] as const) {
        const valid = examples[`${route.method} ${route.template}`]?.[0];
        const params = Object.fromEntries(templateParams(route.template).map((n) => [n, segment(validParam(route, n))]));
        const call: Call = { route, auth, params, query: validQuery(route), body: hasBody(route.method) && valid !== undefined ? JSON.stringify(valid) : undefined, headers: { "content-type": "application/json" } };
        const res = await send(call);
        check(call, res);
        // Provisioning is by master key, not by project; every other example is valid for its caller.
        // The test app runs the built-in live transport: a valid Pusher authorisation request finds no Pusher.
        if (route.template === "/api/v1/live/pusher-auth" || route.template === "/api/v1/shared/{token}/pusher-auth") {
          expect(res.status, describeCall(call, res)).toBe(404);
          expect(res.text, describeCall(call, res)).toContain("Pusher is not configured");
          continue;
        }
        // MCP takes project keys only and POST only (stateless: no stream to open, no session to end).
        if (route.template === "/api/mcp" && (auth === "cookie" || route.method !== "POST")) {
          expect(res.status, describeCall(call, res)).toBe(auth === "cookie" ? 401 : 405);
          continue;
        }
        // The test app has no ANTHROPIC_API_KEY: a valid question gets the Ask box's "not configured" answer.
        if (route.template === "/api/v1/ask" && route.method === "POST") {
          expect(res.status, describeCall(call, res)).toBe(409);
          expect(res.text, describeCall(call, res)).toContain("not_configured");
          continue;
        }
        expect(res.status, describeCall(call, res)).toBeLessThan(route.template.endsWith("/provision") ? 300 : 400);
      }
    }
  }, 180_000);

  it("answers 4xx, never 5xx, when any string or number of a valid body is NUL, a lone surrogate, an impossible date, an unknown zone, huge or out of range", async () => {
    const started = Date.now();
    const calls: Call[] = ROUTES.filter((r) => hasBody(r.method) && !r.foreign).flatMap((route) => {
      const params = Object.fromEntries(templateParams(route.template).map((n) => [n, segment(validParam(route, n))]));
      return (examples[`${route.method} ${route.template}`] ?? []).flatMap((example) =>
        leafVariants(example as Parameters<typeof leafVariants>[0]).map((variant): Call => ({ route, auth: "key", params, query: "", body: JSON.stringify(variant), headers: { "content-type": "application/json" } })),
      );
    });
    // Four at a time: the app answers while the next request is on its way.
    const queue = [...calls];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let call = queue.shift(); call; call = queue.shift()) check(call, await send(call));
      }),
    );
    const count = calls.length;
    console.log(`api fuzz: ${count} leaf variants in ${Date.now() - started} ms`);
    expect(count).toBeGreaterThan(500);
  }, 180_000);

  it("never answers 5xx and always says what was wrong, whatever is sent", async () => {
    sent.clear();
    const started = Date.now();
    let runs = 0;
    // On failure say what was sent (describeCall, shortened), not fast-check's dump of 100 KB values.
    const options = {
      endOnFailure: true,
      asyncReporter: async (details: fc.RunDetails<[Call]>) => {
        if (details.failed) throw new Error(`seed ${details.seed}: ${String((details.errorInstance as Error)?.message ?? details.errorInstance).slice(0, 3000)}`);
      },
    };
    const property = (arb: fc.Arbitrary<Call>) =>
      fc.asyncProperty(arb, async (call) => {
        runs++;
        check(call, await send(call));
      });
    // Every route with every kind of caller first, then the rest of the budget at random.
    const combos = ROUTES.flatMap((route) => AUTHS.map((auth) => ({ route, auth })));
    for (const { route, auth } of combos) await fc.assert(property(callArb(route, auth)), { ...options, numRuns: 3 });
    expect(combos.map(({ route, auth }) => `${route.method} ${route.template} ${auth}`).filter((k) => !sent.has(k))).toEqual([]);
    const anyCall = fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...ROUTES).chain((route) => fc.constantFrom<Auth>("key", "cookie").chain((auth) => callArb(route, auth))) },
      { weight: 1, arbitrary: fc.constantFrom(...ROUTES).chain((route) => callArb(route, "none")) },
    );
    const left = Math.max(5_000, FILE_BUDGET_MS - (Date.now() - fileStarted));
    await fc.assert(property(anyCall), { ...options, numRuns: 100_000, interruptAfterTimeLimit: left, markInterruptAsFailure: false });
    console.log(`api fuzz: ${runs} requests in ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    // Most calls must get past authentication to the validation under test.
    expect([...statuses].filter(([s]) => s === 401 || s === 403).reduce((n, [, c]) => n + c, 0)).toBeLessThan(runs / 2);
    // Enough requests to mean something even on a busy machine.
    expect(runs).toBeGreaterThan(combos.length * 3);
  }, 180_000);
});
