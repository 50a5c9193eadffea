import { FluxError } from "@/lib/errors";

// A browser attaches the session cookie to requests other sites make, so a mutation that
// arrives with only a cookie must prove it came from Flux's own pages. API keys are never
// sent by a browser on its own, so key-authenticated calls skip these checks.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a cookie-authenticated mutation (any method but GET/HEAD/OPTIONS) that is not
 * same-origin (403 forbidden) or whose body is not declared JSON (415). Two locks, so that a
 * lax proxy or header bug in one does not open the door: `application/json` cannot be sent
 * cross-site without a CORS preflight, which Flux never grants to cookie callers.
 */
export function assertSameOriginMutation(req: Request): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const refusal = crossOriginReason(req.headers);
  if (refusal) {
    throw new FluxError({
      code: "forbidden",
      message: `Cross-origin request refused (${refusal}): with a session cookie, only Flux's own pages may send ${req.method.toUpperCase()}. Scripts and other sites use a project API key (Authorization: Bearer).`,
    });
  }
  if (!declaresJsonOrNoBody(req.headers)) {
    throw new FluxError({
      code: "unsupported_media_type",
      message: `With a session cookie, send the body as JSON with 'Content-Type: application/json' (got ${req.headers.get("content-type")?.slice(0, 100) ?? "none"})`,
    });
  }
}

export const isSameOrigin = (headers: Headers): boolean => crossOriginReason(headers) === null;

/**
 * Null when same-origin by the browser's own word (`Sec-Fetch-Site`, which pages cannot
 * forge), else by `Origin` naming this host; otherwise why not. The host is the first
 * `X-Forwarded-Host`, else `Host`: the rule Next.js applies to server actions, so the API and
 * the forms trust the same proxies.
 */
function crossOriginReason(headers: Headers): string | null {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site.trim().toLowerCase() === "same-origin" ? null : `Sec-Fetch-Site: ${site}`;
  const origin = headers.get("origin");
  if (!origin) return "no Origin or Sec-Fetch-Site header";
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `Origin: ${origin.slice(0, 100)}`;
  }
  // The scheme is not compared, as in Next: it fills X-Forwarded-Proto from the socket when a
  // TLS-terminating proxy leaves it out, and https pages would then be refused.
  const host = requestHost(headers);
  return originHost && host !== null && originHost.toLowerCase() === host.toLowerCase() ? null : `Origin: ${origin.slice(0, 100)}`;
}

function requestHost(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host");
}

/**
 * `application/json` (parameters such as charset allowed). A request with no body at all (a
 * DELETE, a POST that duplicates) may leave Content-Type out: there is no body to mistake for
 * JSON, and the origin check above has already run. A declared type must still be JSON, so a
 * body-less form post is refused all the same.
 */
function declaresJsonOrNoBody(headers: Headers): boolean {
  const type = headers.get("content-type");
  if (type === null) return !hasBody(headers);
  return type.split(";")[0].trim().toLowerCase() === "application/json";
}

function hasBody(headers: Headers): boolean {
  if (headers.has("transfer-encoding")) return true;
  const length = headers.get("content-length");
  return length !== null && Number(length) !== 0;
}
