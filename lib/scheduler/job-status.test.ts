import { describe, expect, it } from "vitest";
import { countsOf } from "./job-status";

describe("countsOf", () => {
  it("keeps top-level numbers and booleans", () => {
    expect(countsOf({ deleted: 3, batches: 1, more: false, ms: 12.5 })).toEqual({ deleted: 3, batches: 1, more: false, ms: 12.5 });
  });

  it("drops strings, arrays and objects that could name another project's metrics or values", () => {
    expect(countsOf({ deleted: 1, name: "revenue.eu", metrics: ["a"], detail: { project: "x" }, watermark: "2026-11-30T10:00:00.000Z" })).toEqual({ deleted: 1 });
  });

  it("keeps a status word, but not a status carrying free text", () => {
    expect(countsOf({ status: "refreshed", path: "postgres" })).toEqual({ status: "refreshed", path: "postgres" });
    expect(countsOf({ status: "failed for project Acme: revenue" })).toEqual({});
  });

  it("drops non-finite numbers and odd keys, and reads nothing from non-objects", () => {
    expect(countsOf({ a: Number.NaN, b: Number.POSITIVE_INFINITY, "<img>": 1, ok: 2 })).toEqual({ ok: 2 });
    for (const summary of [null, undefined, 3, "text", [1, 2], true]) expect(countsOf(summary)).toEqual({});
  });
});
