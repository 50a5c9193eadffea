import { describe, expect, it, vi } from "vitest";

// The database is unreachable: every statement fails the way postgres.js fails then.
vi.mock("@/lib/db/client", () => {
  const refused = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
  const sql = Object.assign(() => ({ then: (ok: unknown, fail: (e: unknown) => unknown) => refused().then(ok as never, fail), catch: (fail: (e: unknown) => unknown) => refused().catch(fail) }), { begin: refused });
  return { sql: () => sql, db: () => { throw new Error("not used"); } };
});
vi.mock("@/lib/api-keys/api-keys", () => ({
  authenticateApiKey: async () => ({ kind: "key", keyId: "k", projectId: "00000000-0000-0000-0000-000000000001", scopes: ["ingest"] }),
}));
vi.mock("@/lib/auth/session", () => ({ sessionUser: async () => null }));

const { ingestHandler, ingestPreflight } = await import("./ingest-handler");

const request = (body: unknown) =>
  new Request("http://flux.test/api/v1/flux/batch", {
    method: "POST",
    headers: { authorization: "Bearer flux_0123456789abcdef0123", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const route = { params: Promise.resolve({}) };

describe("ingest handler", () => {
  it("answers 503 with Retry-After (and CORS headers) while the database is down", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await ingestHandler("mixed")(request({ metrics: [{ type: "gauge", name: "g", value: 1 }] }), route);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect((await res.json()).error.code).toBe("unavailable");
  });

  it("answers 422 naming the field when a per-kind batch lacks its array", async () => {
    const res = await ingestHandler("metrics")(request({ events: [] }), route);
    expect(res.status).toBe(422);
    expect((await res.json()).error.details).toEqual([{ field: "metrics", message: "metrics must be an array" }]);
  });

  it("answers CORS preflights", () => {
    const res = ingestPreflight();
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
  });
});
