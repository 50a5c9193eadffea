import fc from "fast-check";

// Valid bodies per route, and the ways a careless or hostile client gets them wrong.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const now = () => new Date().toISOString();

export function exampleBodies(ctx: { metric: string; event: string; projectId: string; channelId?: string }): Record<string, Json[]> {
  const event: Json = { name: ctx.event, timestamp: now(), properties: { plan: "pro", amount: 12.5, nested: { ok: true } }, user_id: "u-1", session_id: "s-1", value: 3, tags: { env: "test" } };
  const metric: Json = { type: "gauge", name: ctx.metric, value: 1.5, tags: { host: "a", region: "eu" }, timestamp: now() };
  const counter: Json = { type: "counter", name: `${ctx.metric}.count`, value: 2 };
  const set: Json = { type: "set", name: `${ctx.metric}.users`, value: "user-1" };
  const query: Json = {
    source: "metric", name: ctx.metric, aggregation: "avg", range: "24h", interval: "1h", timezone: "Europe/Berlin",
    filters: [{ key: "host", op: "in", value: ["a", "b"] }], groupBy: ["region"], limit: 5, compare: "previous_period",
  };
  const widget: Json = { id: "w1", x: 0, y: 0, w: 6, h: 3, config: { type: "graph", title: "Load", queries: [{ source: "metric", name: ctx.metric, aggregation: "avg", filters: [], groupBy: ["host"] }], compare: true } };
  const number: Json = { id: "w2", x: 6, y: 0, w: 3, h: 2, config: { type: "number", query: { source: "event", name: ctx.event, aggregation: "count", filters: [{ key: "plan", op: "eq", value: "pro" }] }, thresholds: [{ value: 10, color: "warn" }] } };
  const dashboard: Json = { name: "Fuzzed", timezone: "Europe/Berlin", range: { from: "2026-01-01T00:00:00Z", to: "2026-01-08T00:00:00+01:00" }, refreshSeconds: 60, widgets: [widget, number] };
  return {
    "POST /api/v1/events": [event],
    "POST /api/v1/events/batch": [{ events: [event, { ...(event as object), name: `${ctx.event}.2` }] }],
    "POST /api/v1/metrics": [metric, counter, set],
    "POST /api/v1/metrics/batch": [{ metrics: [metric, counter, set] }],
    "POST /api/v1/flux/batch": [{ events: [event], metrics: [metric, set] }],
    "POST /api/v1/query": [
      query,
      { queries: { a: query, b: { ...(query as object), source: "event", name: ctx.event, aggregation: "count" } }, formula: "a / b * 100", range: "7d", timezone: "UTC" },
      { queries: { a: query, b: { source: "event", name: ctx.event, aggregation: "unique_users", range: { from: 0, to: Date.now() } } } },
    ],
    "POST /api/v1/dashboards": [dashboard],
    "PUT /api/v1/dashboards/{dashboardId}": [dashboard],
    "PATCH /api/v1/dashboards/{dashboardId}": [{ name: "Renamed", range: "30d", timezone: "America/New_York", widgets: [widget] }, { isDefault: true }],
    "POST /api/v1/dashboards/{dashboardId}/duplicate": [{ name: "Copy" }],
    "PATCH /api/v1/metrics/{name}": [{ displayName: "Load", unit: "ms", description: "How busy", higherIsBetter: false }, { higherIsBetter: null }],
    "PATCH /api/v1/event-names/{name}": [{ displayName: "Sign-ups", unit: "EUR", description: "Who joined", higherIsBetter: true }],
    "POST /api/v1/projects/provision": [{ name: "fuzz-provisioned", environment: "test" }],
    "POST /api/v1/live/pusher-auth": [{ socket_id: "1234.5678", channel_name: `private-flux-project-${ctx.projectId}` }],
    "POST /api/v1/annotations": [
      { title: "Deploy v2", startsAt: now(), tags: ["deploy", "api"], description: "Rolled out" },
      { title: "Migration", startsAt: "2026-01-01T00:00:00+01:00", endsAt: Date.now(), tags: [] },
    ],
    "PATCH /api/v1/annotations/{annotationId}": [{ title: "Renamed", endsAt: null, tags: ["incident"], description: null }],
    "PATCH /api/v1/anomalies/{anomalyId}": [{ acknowledged: true, feedback: "normal" }, { feedback: null }],
    "POST /api/v1/alerts/channels": [{ name: "Ops mail", kind: "email", to: ["ops@flux.test", "cto@flux.test"] }, { name: "Hook", kind: "webhook", url: "http://127.0.0.1:9/hook" }],
    "PATCH /api/v1/alerts/channels/{channelId}": [{ name: "Renamed", to: ["oncall@flux.test"] }],
    "POST /api/v1/alerts/rules": [
      {
        name: "Slow", severity: "critical", channelIds: ctx.channelId ? [ctx.channelId] : [], renotifyMinutes: 60, mutedUntil: null, enabled: true,
        condition: { kind: "threshold", query: { source: "metric", name: ctx.metric, aggregation: "avg", groupBy: ["host"] }, reduce: "max", windowMinutes: 5, op: "above", value: 10, recoverValue: 8, forMinutes: 2 },
      },
      { name: "Signups", condition: { kind: "anomaly", source: "event", name: ctx.event, minSeverity: "high" } },
    ],
    "PATCH /api/v1/alerts/rules/{ruleId}": [{ name: "Renamed", mutedUntil: "2030-01-01T00:00:00Z", enabled: false, renotifyMinutes: 30 }],
    // No password here: every valid variant would pay for a password hash.
    "POST /api/v1/dashboards/{dashboardId}/share-links": [{ label: "Wall screen", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), allowRangeChange: true, maxLookbackDays: 30 }, { label: "Plain", expiresAt: null }],
    "POST /api/v1/shared/{token}/widgets/{widgetId}": [{}, { range: "24h", interval: "1h", timezone: "Europe/Berlin" }],
    "POST /api/v1/shared/{token}/unlock": [{ password: "not needed here" }],
    "POST /api/v1/ask": [{ question: "How are signups trending this week compared to last?", timeZone: "Europe/Berlin" }],
    // JSON-RPC messages of the MCP endpoint: a handshake, a listing, a tool call, the overview.
    "POST /api/mcp": [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "fuzz", version: "1.0.0" } } },
      { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} },
      // Few leaves: every variant is a whole tool call, within the file's time budget.
      { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "query_metric", arguments: { name: ctx.metric, range: "24h", group_by: ["host"] } } },
      { jsonrpc: "2.0", id: 4, method: "resources/read", params: { uri: "flux://project/overview" } },
    ],
  };
}

/** Values that PostgreSQL, Intl or Date refuse, misread or choke on. */
export const hostileStrings = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "x\udc00y", "\udbff\udfff", "😀", "\u202e\u200b", "<img src=x onerror=alert(1)>", "'; DROP TABLE events; --",
  "2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2025-02-29T00:00:00Z", "0000-01-01T00:00:00Z", "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00Z", "9999-12-31T23:59:59.999Z", "2026-01-01T00:00:00+99:00", "1e400", "NaN", "-0", "0x10",
  "US/Pacific-New", "CET", "posix/Europe/Berlin", "localtime", "Factory", "UTC+3", "europe/berlin", "Mars/Olympus", "../../etc/passwd",
  "00000000-0000-0000-0000-000000000000", "not-a-uuid", "(4294967296,1)", "eyJ0IjoieCIsInIiOiIoMCwxKSJ9", "%00", "\\u0000",
];
export const hostileNumbers = [0, -1, 1.5, -0, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 8.64e15, -8.64e15, 8.64e15 + 1, 1e21, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER];

const deep = (depth: number, leaf: Json = 1): Json => {
  let v: Json = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

export const hostileJson: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom<Json>(null, true, false, [], {}, [null], { "": null }, { __proto__: { polluted: true } } as Json, { constructor: { prototype: { x: 1 } } }),
  // Deeper nesting goes as raw text (rawBodies): JSON.stringify itself overflows past a few thousand.
  fc.integer({ min: 10, max: 1000 }).map((d) => deep(d)),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => "x".repeat(n)),
  fc.integer({ min: 1, max: 50_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>,
);

type Path = (string | number)[];

function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (out.length > 400) return out;
  if (Array.isArray(value)) value.slice(0, 20).forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function setAt(root: Json, path: Path, make: (old: Json) => Json | undefined): Json {
  if (path.length === 0) return make(root) ?? null;
  const copy: Json = Array.isArray(root) ? [...root] : root && typeof root === "object" ? { ...root } : root;
  if (copy === null || typeof copy !== "object") return copy;
  const [head, ...rest] = path;
  const child = (copy as Record<string, Json>)[head as string];
  const next = rest.length === 0 ? make(child) : setAt(child, rest, make);
  if (next === undefined) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete (copy as Record<string, Json>)[head as string];
  } else (copy as Record<string, Json>)[head as string] = next;
  return copy;
}

export type Mutation = "same-type" | "replace" | "wrong-type" | "delete" | "extra-field" | "wrap-in-array" | "unwrap";

const KINDS = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Mutation>("same-type") },
  { weight: 3, arbitrary: fc.constantFrom<Mutation>("replace", "wrong-type") },
  { weight: 2, arbitrary: fc.constantFrom<Mutation>("delete", "extra-field", "wrap-in-array", "unwrap") },
);

/**
 * One change at one place in a value: mostly a hostile value of the same type (a string
 * becomes NUL, a lone surrogate, an impossible date, an unknown zone…), else any hostile
 * value, the wrong type, a missing or extra field, an array for a value or the other way.
 */
export const mutation = (value: Json): fc.Arbitrary<Json> =>
  fc
    .record({
      path: fc.constantFrom(...paths(value)),
      kind: KINDS,
      with: hostileJson,
      string: fc.constantFrom(...hostileStrings),
      number: fc.constantFrom(...hostileNumbers),
      key: fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ maxLength: 12 })),
    })
    .map(({ path, kind, with: hostile, string, number, key }) =>
      setAt(value, path, (old) => {
        switch (kind) {
          case "same-type":
            return typeof old === "string" ? string : typeof old === "number" ? number : hostile;
          case "replace":
            return hostile;
          case "wrong-type":
            return typeof old === "string" ? 42 : typeof old === "number" ? String(old) : Array.isArray(old) ? { 0: old[0] ?? null } : old && typeof old === "object" ? [old] : "text";
          case "delete":
            return undefined;
          case "extra-field":
            return old && typeof old === "object" && !Array.isArray(old) ? { ...old, [key]: hostile } : [old, hostile];
          case "wrap-in-array":
            return [old];
          case "unwrap":
            return Array.isArray(old) ? (old[0] ?? null) : old;
        }
      }),
    );

/** A valid example with one to three mutations. */
export const mutated = (example: Json): fc.Arbitrary<Json> =>
  fc.integer({ min: 1, max: 3 }).chain((n) => {
    let arb: fc.Arbitrary<Json> = fc.constant(example);
    for (let i = 0; i < n; i++) arb = arb.chain(mutation);
    return arb;
  });

/** The representative of each class that broke Flux once, for a string and for a number. */
export const classStrings = ["a\u0000b", "\ud800", "2026-02-31T00:00:00Z", "2026-01-01T24:00:00Z", "US/Pacific-New", "CET", "x".repeat(20_000)];
export const classNumbers = [8.64e15, -8.64e15, 1e308, 2 ** 53 + 2, 1.5, -1];

/** Every leaf of a value replaced in turn by each class representative of its type. */
export function leafVariants(value: Json): Json[] {
  const out: Json[] = [];
  const leaves = paths(value).filter((p) => {
    let v: Json = value;
    for (const k of p) v = (v as Record<string, Json>)[k as string];
    return typeof v === "string" || typeof v === "number";
  });
  for (const p of leaves) {
    let old: Json = value;
    for (const k of p) old = (old as Record<string, Json>)[k as string];
    for (const replacement of typeof old === "string" ? classStrings : classNumbers) out.push(setAt(value, p, () => replacement));
  }
  return out;
}

/** Raw bodies that are not (or not quite) JSON. */
export const rawBodies = [
  "", " ", "{", "{nope", "[1,2", "\u0000", "null", "[]", "\"just a string\"", "1e400", "{\"a\":1e400}", "{\"name\":\"\\u0000\"}", "{\"name\":\"\\ud800\"}",
  "\ufeff{}", "{\"__proto__\":{\"x\":1}}", "{\"a\":1,\"a\":2}", "[".repeat(100_000) + "]".repeat(100_000), "{\"events\":[" + "{},".repeat(20_000) + "{}]}",
];
