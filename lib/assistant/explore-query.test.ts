import { describe, expect, it } from "vitest";
import { decodeExploreQuery } from "./explore-query";
import { encodeExploreQuery } from "./links";
import type { QueryRequest } from "@/lib/query/model";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("decodeExploreQuery", () => {
  it("reads back every query shape the links write", () => {
    const queries: QueryRequest[] = [
      { source: "metric", name: "signups", aggregation: "sum", range: { from: "2026-11-23T00:00:00.000Z", to: "2026-11-30T00:00:00.000Z" }, interval: "1d", timezone: "Europe/Berlin", groupBy: ["channel"], limit: 100 },
      { queries: { a: { source: "event", name: "paid", aggregation: "count" }, b: { source: "event", name: "signup", aggregation: "count" } }, formula: "a / b * 100", range: "30d" },
      { queries: { a: { source: "metric", name: "latency", aggregation: "p95" } } },
    ];
    for (const query of queries) expect(decodeExploreQuery(encodeExploreQuery(query))).toEqual({ ok: true, query });
  });

  it("answers the zone in PostgreSQL's spelling", () => {
    const decoded = decodeExploreQuery(encodeExploreQuery({ source: "metric", name: "x", aggregation: "sum", timezone: "europe/berlin" }));
    expect(decoded.ok && "timezone" in decoded.query && decoded.query.timezone).toBe("Europe/Berlin");
  });

  it("explains a missing, repeated, cut, non-JSON or invalid query instead of failing", () => {
    expect(decodeExploreQuery(undefined)).toMatchObject({ ok: false, message: expect.stringMatching(/no query/) });
    expect(decodeExploreQuery("")).toMatchObject({ ok: false });
    expect(decodeExploreQuery(["a", "b"])).toMatchObject({ ok: false, message: expect.stringMatching(/more than one/) });
    expect(decodeExploreQuery("not base64!")).toMatchObject({ ok: false, message: expect.stringMatching(/base64url/) });
    expect(decodeExploreQuery(b64("{\"source\":"))).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
    expect(decodeExploreQuery(b64("[1,2]"))).toMatchObject({ ok: false, message: expect.stringMatching(/not a query object/) });
    expect(decodeExploreQuery(b64("null"))).toMatchObject({ ok: false });
    expect(decodeExploreQuery(b64(JSON.stringify({ source: "metric", name: "x", aggregation: "median" })))).toMatchObject({ ok: false, message: expect.stringMatching(/invalid: aggregation/) });
    expect(decodeExploreQuery(b64(JSON.stringify({ source: "metric", name: "x", aggregation: "sum", range: { from: "2026-11-30T00:00:00Z", to: "2026-11-23T00:00:00Z" } })))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/range\.to: 'from' must be before 'to'/),
    });
    expect(decodeExploreQuery("A".repeat(70_000))).toMatchObject({ ok: false, message: expect.stringMatching(/longer than/) });
  });
});
