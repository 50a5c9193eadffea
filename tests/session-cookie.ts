import { baseUrl } from "./fixtures";

/** Signs in through Auth.js like a browser (CSRF token, credentials callback) and returns the session cookie. */
export async function sessionCookie(email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`);
  return session;
}

/**
 * The headers a browser on Flux's own pages sends with a signed-in request. Mutations made
 * with the cookie must be same-origin (lib/http/same-origin.ts); a browser says so by Origin.
 */
export function browserHeaders(cookie: string): Record<string, string> {
  return { cookie, origin: new URL(baseUrl()).origin };
}
