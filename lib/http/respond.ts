import { FluxError } from "@/lib/errors";
import { ZodError } from "zod";
import { fieldIssues } from "@/lib/validation";

export function json(data: unknown, init?: number | ResponseInit): Response {
  const options = typeof init === "number" ? { status: init } : init;
  return Response.json(data, options);
}

export function errorResponse(error: FluxError): Response {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
  const body: { code: string; message: string; details?: unknown } = { code: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  return Response.json({ error: body }, { status: error.status, headers });
}

// Every way a database that is down, restarting or out of reach shows up: socket and DNS
// errors (a stopped container's host name no longer resolves), postgres.js connection errors,
// shutdown, crash and start-up (57P01–57P03), and the SQLSTATE classes 08 (connection
// exception) and 53 (insufficient resources: too many connections, disk full, out of memory).
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH",
  "ENETUNREACH", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P02", "57P03",
]);
const UNAVAILABLE_CLASSES = /^(08|53)[0-9A-Z]{3}$/;

/** Whether an error means "the database cannot be reached right now" (retry later). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0);
}

function unavailable(error: unknown, depth: number): boolean {
  for (let e: unknown = error; e && typeof e === "object" && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CLASSES.test(code))) return true;
    if ((e as { errors?: unknown[] }).errors?.some((inner) => unavailable(inner, depth + 1))) return true;
  }
  return false;
}

/** The innermost message of a cause chain: "connect ECONNREFUSED …", not Drizzle's "Failed query: …". */
function rootMessage(error: unknown): string {
  let message = String((error as Error)?.message ?? error);
  for (let e = (error as { cause?: unknown })?.cause, depth = 0; e && typeof e === "object" && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof (e as Error).message === "string") message = (e as Error).message;
  }
  return message;
}

/**
 * The SQLSTATE of a PostgreSQL data exception (class 22: a date, number, time zone, uuid or
 * text the database refused) anywhere in the cause chain, or null. Input is validated before
 * any statement, so this is the last line of defence: still the client's value, never a 500.
 */
export function databaseDataErrorCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return code;
  }
  return null;
}

/** Maps anything thrown into the error envelope; internal detail goes to the log only. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof FluxError) return errorResponse(error);
  if (error instanceof ZodError) {
    return errorResponse(
      new FluxError({
        code: "invalid",
        message: "Invalid request",
        details: fieldIssues(error),
      }),
    );
  }
  if (isDatabaseUnavailable(error)) {
    console.error("[flux] database unavailable:", rootMessage(error));
    return errorResponse(new FluxError({ code: "unavailable", message: "The database is unavailable; retry shortly", retryAfterSeconds: 5 }));
  }
  const dataError = databaseDataErrorCode(error);
  if (dataError) {
    console.warn(`[flux] the database refused a value that validation let through (SQLSTATE ${dataError}):`, (error as Error)?.message);
    return errorResponse(new FluxError({ code: "invalid", message: "The request holds a value the database cannot accept (a date, time zone, number, id or text outside what it stores)" }));
  }
  if ((error as { code?: string })?.code === "57014") {
    return errorResponse(new FluxError({ code: "unavailable", message: "The query took too long and was stopped; narrow the range or filters", retryAfterSeconds: 1 }));
  }
  console.error("[flux] unhandled error:", error);
  return errorResponse(new FluxError({ code: "internal", message: "Something went wrong on our side" }));
}
