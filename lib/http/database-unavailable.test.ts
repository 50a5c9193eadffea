import net from "node:net";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isDatabaseUnavailable, toErrorResponse } from "./respond";

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });
/** How Drizzle ≥ 0.44 wraps a driver error: "Failed query: …" with the driver's error as cause. */
const drizzleWrapped = (cause: Error) => Object.assign(new Error("Failed query: select 1\nparams: "), { cause });

/** What postgres.js throws for one statement against `url`. */
async function driverError(url: string): Promise<unknown> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
    throw new Error(`${url} answered`);
  } catch (error) {
    return error;
  } finally {
    await sql.end({ timeout: 0 });
  }
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function expect503(error: unknown) {
  expect(isDatabaseUnavailable(error)).toBe(true);
  const res = toErrorResponse(error);
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect((await res.json()).error.code).toBe("unavailable");
}

describe("a database that is down or out of reach answers 503 with Retry-After", () => {
  let logged: unknown[][];
  beforeEach(() => {
    logged = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("when nothing listens on its port (postgres.js's own error)", async () => {
    const error = await driverError(`postgres://flux:x@127.0.0.1:${await closedPort()}/flux`);
    expect((error as { code?: string }).code).toBe("ECONNREFUSED");
    await expect503(error);
    await expect503(drizzleWrapped(error as Error));
  });

  it("when its host name does not resolve (a stopped compose service), and logs the driver's message, not Drizzle's", async () => {
    const error = await driverError("postgres://flux:x@flux-database.invalid:5432/flux");
    // Where no resolver answers at all, the lookup ends in postgres.js's connect timeout instead.
    expect(["ENOTFOUND", "EAI_AGAIN", "CONNECT_TIMEOUT"]).toContain((error as { code?: string }).code);
    await expect503(drizzleWrapped(error as Error));
    expect(String(logged.at(-1)?.[1])).toMatch(/flux-database\.invalid/);
    expect(String(logged.at(-1)?.[1])).not.toMatch(/Failed query/);
  }, 20_000);

  it.each([
    ["ECONNRESET"], ["ECONNABORTED"], ["ETIMEDOUT"], ["EPIPE"], ["EHOSTUNREACH"], ["ENETUNREACH"], ["EAI_AGAIN"],
    ["CONNECT_TIMEOUT"], ["CONNECTION_CLOSED"], ["CONNECTION_ENDED"], ["CONNECTION_DESTROYED"],
    ["57P01"], ["57P02"], ["57P03"], ["08000"], ["08001"], ["08003"], ["08006"], ["08P01"],
    ["53000"], ["53100"], ["53200"], ["53300"], ["53400"],
  ])("for %s, also as the cause of a wrapper and inside an AggregateError", async (code) => {
    await expect503(withCode(code));
    await expect503(drizzleWrapped(withCode(code)));
    await expect503(Object.assign(new AggregateError([withCode("EINVAL"), withCode(code)], "all addresses failed"), { code: undefined }));
  });

  it("but not for errors that retrying cannot fix, nor for a cause chain that loops", () => {
    for (const code of ["23505", "42P01", "22007", "40001", "XX000", "0800", "530000"]) expect(isDatabaseUnavailable(withCode(code))).toBe(false);
    const looped: Error & { cause?: unknown } = new Error("a");
    looped.cause = looped;
    expect(isDatabaseUnavailable(looped)).toBe(false);
    expect(toErrorResponse(withCode("42P01")).status).toBe(500);
  });
});
