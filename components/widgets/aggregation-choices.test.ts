import { describe, expect, it } from "vitest";
import { AGGREGATIONS } from "@/lib/query/model";
import { aggregationChoices } from "./aggregation-choices";

describe("aggregationChoices", () => {
  it("offers a counter's rate once, saying it is per second", () => {
    expect(aggregationChoices(AGGREGATIONS.counter, "sum")).toEqual([
      { value: "sum", label: "sum" },
      { value: "rate", label: "rate (per second)" },
      { value: "cumulative", label: "cumulative" },
    ]);
  });

  it("keeps per_second for a widget that already uses it", () => {
    expect(aggregationChoices(AGGREGATIONS.counter, "per_second").map((c) => c.value)).toContain("per_second");
  });

  it("spells underscores as spaces", () => {
    expect(aggregationChoices(AGGREGATIONS.event, "count").map((c) => c.label)).toContain("unique users");
  });
});
