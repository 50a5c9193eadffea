import { NextResponse, type NextRequest } from "next/server";
import { env, oauthProviders } from "@/lib/env";
import { contentSecurityHeaders, newNonce, oauthFormActions } from "@/lib/http/security-headers";
import { liveConnectSources } from "@/lib/live/live-config";

/**
 * Every page gets a Content-Security-Policy with a nonce of its own. Next reads the nonce
 * from the policy on the request and puts it on its scripts; the root layout puts it on ours.
 * API routes and static files get a script-less policy from next.config.ts instead, which
 * keeps this function off the ingest path.
 */
export function proxy(request: NextRequest) {
  // Next.js answers 500 for a path whose %-escapes are not UTF-8 before any route runs; such a
  // path names nothing, so it is a 404 here. The matcher sends /api paths only when they hold a %.
  if (!pathDecodes(request.nextUrl.pathname)) return undecodablePath(request.nextUrl.pathname);
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  const nonce = newNonce();
  const e = env();
  const headers = contentSecurityHeaders({
    nonce,
    dev: e.NODE_ENV === "development",
    https: request.nextUrl.protocol === "https:",
    // Before the page hydrates, the OAuth button is a plain form post that we answer with a
    // redirect to the provider; browsers check that redirect against form-action.
    formActions: oauthFormActions({ ...oauthProviders(), githubEnterpriseUrl: e.AUTH_GITHUB_ENTERPRISE_URL }),
    // Live updates through Pusher: the browser opens a WebSocket to Pusher (or a self-hosted server).
    connectSources: liveConnectSources(),
    // A shared dashboard is the one page another site may put in an iframe (its embed mode).
    ...(isSharedPage(request.nextUrl.pathname) ? { frameAncestors: ["*"] } : {}),
  });

  const requestHeaders = new Headers(request.headers);
  // Overwritten, never trusted from the client: a page reads its nonce from here.
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

const isSharedPage = (pathname: string) => /^\/share\/[^/]+\/?$/.test(pathname);

function pathDecodes(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

function undecodablePath(pathname: string): Response {
  const error = { code: "not_found", message: "Not found: the path holds a %-escape that is not UTF-8" };
  if (pathname.startsWith("/api/")) return Response.json({ error }, { status: 404 });
  return new Response(error.message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

// Pages, and API paths holding a % (checked above, then passed on untouched). Keep in step with NO_SCRIPT_PATHS in next.config.ts, which covers the rest:
// each response must get exactly one policy (tests/http/security-headers.int.test.ts checks).
export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|sdk/|icon\\.svg|favicon\\.ico).*)", "/api/:rest(.*%.*)"],
};
