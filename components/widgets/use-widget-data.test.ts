import { describe, expect, it } from "vitest";
import type { QueryResult } from "@/lib/query/model";
import { isEmptyResult } from "./use-widget-data";

const result = (series: QueryResult["series"]): QueryResult => ({ from: "", to: "", interval: "1h", intervalSeconds: 3600, timezone: "UTC", tier: "raw", unit: null, series });

describe("isEmptyResult", () => {
  it("calls a chart of zeros empty but lets a number show its zero", () => {
    const zeros = result([{ key: "*", tags: {}, points: [[0, 0], [1, null]], total: 0 }]);
    expect(isEmptyResult([zeros], "graph")).toBe(true);
    expect(isEmptyResult([zeros], "number")).toBe(false);
    expect(isEmptyResult([result([])], "number")).toBe(true);
    expect(isEmptyResult([result([{ key: "*", tags: {}, points: [[0, 2]], total: 2 }])], "graph")).toBe(false);
  });
});
