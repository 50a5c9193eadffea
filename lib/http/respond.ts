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

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "CONNECT_TIMEOUT", "CONNECTION_CLOSED",
  "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P02", "57P03", "53300",
]);

/** Whether an error means "the database cannot be reached right now" (retry later). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if ((e as { errors?: unknown[] }).errors?.some(isDatabaseUnavailable)) return true;
  }
  return false;
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
    console.error("[flux] database unavailable:", (error as Error)?.message);
    return errorResponse(new FluxError({ code: "unavailable", message: "The database is unavailable; retry shortly", retryAfterSeconds: 5 }));
  }
  if ((error as { code?: string })?.code === "57014") {
    return errorResponse(new FluxError({ code: "unavailable", message: "The query took too long and was stopped; narrow the range or filters", retryAfterSeconds: 1 }));
  }
  console.error("[flux] unhandled error:", error);
  return errorResponse(new FluxError({ code: "internal", message: "Something went wrong on our side" }));
}
