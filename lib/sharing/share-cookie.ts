import { GRANT_SECONDS, shareGrantCookie } from "./share-token";

/**
 * The cookie that keeps a browser past a link's password, scoped to the shared page's path and
 * the visitor's API. Over HTTPS it is `SameSite=None; Secure; Partitioned`, so that it also
 * works inside another site's iframe (partitioned per embedding site, as browsers now require);
 * over plain HTTP a browser refuses those, so it is `Lax` there (top-level visits only: an
 * embed on plain HTTP asks for the password on each load).
 */
export function shareGrantCookieHeader({ linkId, grant, secure }: { linkId: string; grant: string; secure: boolean }): string {
  const base = `${shareGrantCookie(linkId)}=${grant}; Path=/; Max-Age=${GRANT_SECONDS}; HttpOnly`;
  return secure ? `${base}; SameSite=None; Secure; Partitioned` : `${base}; SameSite=Lax`;
}
