import { describe, expect, it } from "vitest";
import { rawRelation, type RawTable } from "./raw-relation";

describe("rawRelation", () => {
  it("names the raw table's reading function with the bounds as given", () => {
    expect(rawRelation({ table: "points", from: "$3::timestamptz", to: "$4::timestamptz" })).toBe("flux_raw_points($3::timestamptz, $4::timestamptz)");
    expect(rawRelation({ table: "events", from: "'-infinity'::timestamptz", to: "now()" })).toBe("flux_raw_events('-infinity'::timestamptz, now())");
    expect(rawRelation({ table: "set_points", from: "to_timestamp(1700000000)", to: "$1::timestamptz - 2 * interval '1 day'" })).toBe(
      "flux_raw_set_points(to_timestamp(1700000000), $1::timestamptz - 2 * interval '1 day')",
    );
  });

  // PostgreSQL inlines the function only without sub-selects or volatile calls in its
  // arguments; otherwise it would unpack every row in range before any filter applied.
  it("refuses bounds PostgreSQL would not inline, and tables that are not raw", () => {
    for (const bound of ["(SELECT max(time) FROM points)", "now() - random() * interval '1 day'", "clock_timestamp()", "(select 1)"]) {
      expect(() => rawRelation({ table: "points", from: bound, to: "now()" }), bound).toThrow(/plain expression/);
      expect(() => rawRelation({ table: "points", from: "now()", to: bound }), bound).toThrow(/plain expression/);
    }
    expect(() => rawRelation({ table: "series" as RawTable, from: "now()", to: "now()" })).toThrow(/not a raw table/);
  });
});
