import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { FluxError } from "@/lib/errors";
import { isDatabaseUnavailable, toErrorResponse } from "./respond";

describe("error envelope", () => {
  it("maps FluxError to its status with code, message and details", async () => {
    const res = toErrorResponse(new FluxError({ code: "invalid", message: "Bad", details: [{ field: "name", message: "Required" }] }));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: "invalid", message: "Bad", details: [{ field: "name", message: "Required" }] } });
  });

  it("maps zod errors to 422 naming each field", async () => {
    const parsed = z.object({ a: z.number() }).safeParse({ a: "x" });
    const res = toErrorResponse(parsed.error);
    expect(res.status).toBe(422);
    expect((await res.json()).error.details[0].field).toBe("a");
  });

  it("maps an unreachable database to 503 with Retry-After", async () => {
    const err = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(isDatabaseUnavailable(err)).toBe(true);
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = toErrorResponse(err);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
  });

  it("never echoes internal errors", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = toErrorResponse(new Error("relation secret_table does not exist"));
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("secret_table");
  });
});
