import { FluxError } from "@/lib/errors";
import { errorResponse, toErrorResponse } from "@/lib/http/respond";
import { knownDeviceCookie, serializeCookie } from "./known-device";
import { attemptSource, normaliseEmail, signInBlockedForSeconds, tooManyAttempts } from "./password-attempts";

type Handler = () => Promise<Response>;

/** The email a credentials POST names, read from a copy of its body (form or JSON, as Auth.js accepts). */
async function postedEmail(req: Request): Promise<string> {
  try {
    const type = req.headers.get("content-type") ?? "";
    const text = await req.clone().text();
    const value = type.includes("application/json") ? (JSON.parse(text) as { email?: unknown }).email : new URLSearchParams(text).get("email");
    return typeof value === "string" ? value : "";
  } catch {
    return "";
  }
}

/** Where Auth.js sends the browser: a Location header, or `{ url }` when asked for JSON. */
async function redirectTarget(res: Response): Promise<URL | null> {
  let target = res.headers.get("location");
  if (!target && res.headers.get("content-type")?.includes("application/json")) {
    target = ((await res.clone().json().catch(() => ({}))) as { url?: string }).url ?? null;
  }
  try {
    return target ? new URL(target, "http://flux.invalid") : null;
  } catch {
    return null;
  }
}

/**
 * Wraps Auth.js's handlers for /api/auth/*. Auth.js answers a request it cannot parse (an
 * unknown action, a missing CSRF token) with a bare 400 and throws on some others: both
 * become the error envelope. A password sign-in posted straight to
 * /api/auth/callback/credentials gets what an API client expects: a blocked attempt is 429 with
 * Retry-After (Auth.js itself would redirect to the sign-in page), and a right password also
 * marks the browser as a known device.
 */
export async function authRoute(req: Request, next: Handler): Promise<Response> {
  try {
    const res = new URL(req.url).pathname.endsWith("/callback/credentials") ? await credentialsCallback(req, next) : await next();
    if (res.status !== 400 || !res.headers.get("content-type")?.includes("application/json")) return res;
    const body = (await res.clone().json().catch(() => null)) as { error?: unknown } | null;
    if (body && typeof body === "object" && "error" in body) return res;
    return errorResponse(new FluxError({ code: "bad_request", message: "The sign-in service does not understand this request (unknown endpoint or missing CSRF token)" }));
  } catch (error) {
    return toErrorResponse(error);
  }
}

async function credentialsCallback(req: Request, next: Handler): Promise<Response> {
  const email = await postedEmail(req);
  const res = await next();
  const target = await redirectTarget(res);
  if (!target || !email) return res;
  const code = target.searchParams.get("code");
  if (code === "rate_limited") {
    const seconds = await signInBlockedForSeconds({ email, source: attemptSource(req.headers) });
    return errorResponse(tooManyAttempts(Math.max(1, seconds), "Too many sign-in attempts."));
  }
  if (!target.searchParams.has("error") && res.headers.getSetCookie().some((c) => c.includes("session-token="))) {
    const secure = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
    const headers = new Headers(res.headers);
    headers.append("set-cookie", serializeCookie(knownDeviceCookie({ email: normaliseEmail(email), secure })));
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
  return res;
}
