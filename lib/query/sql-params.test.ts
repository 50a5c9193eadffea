import { describe, expect, it } from "vitest";
import { SqlParams } from "./sql-params";

describe("SqlParams", () => {
  it("binds the same value with the same cast once, so a part left out of a statement leaves no unreferenced parameter", () => {
    const p = new SqlParams();
    const raw = [p.uuid("0b3c3d0e-0000-4000-8000-000000000001"), p.text("order.completed")];
    const rollup = [p.uuid("0b3c3d0e-0000-4000-8000-000000000001"), p.text("order.completed")];
    expect(rollup).toEqual(raw);
    expect(p.values).toEqual(["0b3c3d0e-0000-4000-8000-000000000001", "order.completed"]);
  });

  it("keeps values that differ in value or cast apart", () => {
    const p = new SqlParams();
    expect([p.text("5"), p.num("5"), p.int(5), p.text("6"), p.time(0), p.text("1970-01-01T00:00:00.000Z")]).toEqual([
      "$1::text", "$2::float8", "$3::int", "$4::text", "$5::timestamptz", "$6::text",
    ]);
  });

  it("gives lists their own parameter every time", () => {
    const p = new SqlParams();
    p.textList(["a"]);
    p.textList(["a"]);
    expect(p.values).toHaveLength(2);
  });
});
