import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db, sql } from "@/lib/db/client";
import { dashboards } from "@/lib/db/schema";
import { databaseDataErrorCode, toErrorResponse } from "./respond";

// The last line of defence: a value validation let through and PostgreSQL refused is the
// client's mistake (422), logged, and never echoed with the database's wording.
async function refused(statement: () => Promise<unknown>): Promise<unknown> {
  try {
    await statement();
  } catch (error) {
    return error;
  }
  throw new Error("the database accepted the value");
}

afterEach(() => vi.restoreAllMocks());

describe("PostgreSQL data errors", () => {
  it("answer 422 in the envelope, without the database's message, and are logged", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const cases: [string, () => Promise<unknown>][] = [
      ["22007", () => sql()`SELECT ${"the day after tomorrow"}::timestamptz`],
      ["22008", () => sql()`SELECT ${"2026-02-31T00:00:00Z"}::timestamptz`],
      ["22008", () => sql()`SELECT ${"0000-01-01T00:00:00Z"}::timestamptz`],
      ["22009", () => sql()`SELECT ${"+010000-01-01T00:00:00.000Z"}::timestamptz`],
      ["22P02", () => sql()`SELECT ${"not-a-uuid"}::uuid`],
      ["22023", () => sql()`SELECT date_trunc('day', now(), ${"US/Pacific-New"})`],
      ["22021", () => sql()`SELECT ${"nul\u0000here"}::text`],
      ["22P05", () => sql()`SELECT ${'{"a":"\\u0000"}'}::jsonb`],
      ["22003", () => sql()`SELECT ${"1e400"}::float8`],
      ["22P02", () => db().select().from(dashboards).where(eq(dashboards.id, "not-a-uuid"))],
    ];
    for (const [code, statement] of cases) {
      const error = await refused(statement);
      expect(databaseDataErrorCode(error), code).toBe(code);
      const res = toErrorResponse(error);
      expect(res.status, code).toBe(422);
      const body = await res.json();
      expect(body.error.code).toBe("invalid");
      expect(typeof body.error.message).toBe("string");
      expect(JSON.stringify(body)).not.toMatch(/US\/Pacific-New|not-a-uuid|syntax|dashboards|select|tomorrow|displacement/i);
    }
    expect(warn).toHaveBeenCalledTimes(cases.length);
    expect(String(warn.mock.calls[0][0])).toContain("SQLSTATE 22007");
  });

  it("leave other database errors a 500 that does not echo them", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const error = await refused(() => sql()`SELECT * FROM no_such_table_for_flux`);
    expect(databaseDataErrorCode(error)).toBeNull();
    const res = toErrorResponse(error);
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("no_such_table_for_flux");
  });
});
