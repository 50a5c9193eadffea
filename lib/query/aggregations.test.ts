import { describe, expect, it } from "vitest";
import { AGGREGATIONS } from "./model";
import { AGGREGATION_DEFS, aggregationDef } from "./aggregations";

describe("aggregation registry", () => {
  it("describes every aggregation the query model allows, and nothing else", () => {
    const allowed = Object.entries(AGGREGATIONS).flatMap(([type, names]) => names.map((n) => `${type}.${n}`));
    expect(Object.keys(AGGREGATION_DEFS).sort()).toEqual(allowed.sort());
  });

  it("folds totals from buckets only where that is exact", () => {
    for (const [name, def] of Object.entries(AGGREGATION_DEFS)) {
      if (/p\d\d|avg|unique|last|gauge\.sum/.test(name)) expect(def.total, name).toBe("whole");
    }
  });

  it("answers every aggregation but histograms from rollups too", () => {
    const rawOnly = Object.entries(AGGREGATION_DEFS).filter(([, d]) => !d.partial).map(([n]) => n);
    expect(rawOnly).toEqual(["distribution.histogram"]);
  });

  it("refuses a combination the model does not allow", () => {
    expect(() => aggregationDef("set", "p95")).toThrow();
  });
});
