import { and, eq, isNull, sql as dsql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { shareLinks } from "@/lib/db/schema";
import type { ShareCaller } from "@/lib/auth/caller";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { tooManyAttempts } from "@/lib/auth/password-attempts";
import { notFound } from "@/lib/errors";
import { blockedForSeconds, refundAttempt, takeAttempt, type RateLimitPolicy } from "@/lib/rate-limit/rate-limiter";
import { linkStatus } from "./share-links";
import type { SharePolicy } from "./share-link-schemas";
import { env } from "@/lib/env";
import { readCookie } from "@/lib/auth/known-device";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { hashShareToken, isShareTokenShape, SHARE_GRANT_HEADER, shareGrantCookie, signShareGrant, verifyShareGrant } from "./share-token";

// How a visitor's share token becomes a ShareCaller. Every refusal (no such token, expired,
// revoked, wrong or missing password) is the same 404, so a visitor learns nothing from it;
// failed attempts are counted per client address and per link, so guessing is rate limited.

const MINUTE = 60;
/** Failed token lookups per client address: a person mistyping a link fails a few times, a scan thousands. */
export const TOKEN_POLICY: RateLimitPolicy = { limit: 20, windowSeconds: 15 * MINUTE, blockSeconds: MINUTE, maxBlockSeconds: 15 * MINUTE };
/** Password attempts on one link, from anywhere. */
export const LINK_PASSWORD_POLICY: RateLimitPolicy = { limit: 10, windowSeconds: 15 * MINUTE, blockSeconds: MINUTE, maxBlockSeconds: 15 * MINUTE };
/** Password attempts from one client address, on any link. */
export const ADDRESS_PASSWORD_POLICY: RateLimitPolicy = { limit: 30, windowSeconds: 15 * MINUTE, blockSeconds: MINUTE, maxBlockSeconds: 15 * MINUTE };

const tokenKey = (address: string) => `share:token:address:${address}`;
const linkPasswordKey = (linkId: string) => `share:password:link:${linkId}`;
const addressPasswordKey = (address: string) => `share:password:address:${address}`;

/** The one answer to every refusal. */
export const shareNotFound = () => notFound("This share link does not exist, has expired or was revoked");

type Row = typeof shareLinks.$inferSelect;

/** A grant as given, or read for the link once it is known (its cookie is named after it). */
export type GrantSource = string | null | ((linkId: string) => string | null);

/**
 * Where a request carries a link's grant: the `x-flux-share-grant` header (the shared page's
 * own requests), a `grant` query parameter (EventSource cannot send headers), or the cookie
 * the password form set (navigations).
 */
export function requestGrant(req: Request): (linkId: string) => string | null {
  return (linkId) =>
    req.headers.get(SHARE_GRANT_HEADER) ??
    new URL(req.url).searchParams.get("grant") ??
    readCookie(req.headers.get("cookie"), shareGrantCookie(linkId));
}

/** The client address share-link rate limits count against. */
export const shareClientAddress = (headers: Headers) => clientAddress(headers, env().FLUX_TRUST_PROXY);

export interface ResolvedShare {
  ctx: ShareCaller;
  policy: SharePolicy;
  /** The link asks for a password and this request carried no valid grant. */
  locked: boolean;
}

async function findLive(token: string): Promise<Row | null> {
  if (!isShareTokenShape(token)) return null;
  const [row] = await db().select().from(shareLinks).where(eq(shareLinks.tokenHash, hashShareToken(token))).limit(1);
  return row && linkStatus(row) === "active" ? row : null;
}

/**
 * The link a token names, if it is live, under the per-address limit on failed lookups (a
 * blocked address is refused even a valid token, or the block would not stop a scan).
 */
async function lookUp(token: string, address: string): Promise<Row> {
  const blocked = await blockedForSeconds({ keys: [tokenKey(address)] });
  if (blocked > 0) throw tooManyAttempts(blocked, "Too many unknown share links from your network.");
  const row = await findLive(token);
  if (row) return row;
  const verdict = await takeAttempt({ policy: TOKEN_POLICY, key: tokenKey(address) });
  if (!verdict.allowed) throw tooManyAttempts(verdict.retryAfterSeconds, "Too many unknown share links from your network.");
  throw shareNotFound();
}

const callerOf = (row: Row): ShareCaller => ({ kind: "share", projectId: row.projectId, dashboardId: row.dashboardId, linkId: row.id });
const policyOf = (row: Row): SharePolicy => ({ allowRangeChange: row.allowRangeChange, maxLookbackDays: row.allowRangeChange ? row.maxLookbackDays : null });

/** For the shared page: the link, and whether it still needs its password. */
export async function resolveSharePage({ token, grant, address }: { token: string; grant: GrantSource; address: string }): Promise<ResolvedShare> {
  const row = await lookUp(token, address);
  const given = typeof grant === "function" ? grant(row.id) : grant;
  const locked = row.passwordHash !== null && !verifyShareGrant({ grant: given, linkId: row.id, passwordHash: row.passwordHash });
  return { ctx: callerOf(row), policy: policyOf(row), locked };
}

/** For the visitor's API requests: a live link and, when it has a password, a valid grant. */
export async function resolveShare({ token, grant, address }: { token: string; grant: GrantSource; address: string }): Promise<Omit<ResolvedShare, "locked">> {
  const resolved = await resolveSharePage({ token, grant, address });
  if (resolved.locked) throw shareNotFound();
  return { ctx: resolved.ctx, policy: resolved.policy };
}

/**
 * Checks a link's password and returns the grant that keeps this browser in. Counted per link
 * and per address before the hash is computed; a right password gives the link's attempt back.
 * A wrong password is the same 404 as an unknown link.
 */
export async function unlockShareLink({ token, password, address }: { token: string; password: unknown; address: string }): Promise<{ grant: string; linkId: string }> {
  const row = await lookUp(token, address);
  if (row.passwordHash === null) return { grant: "", linkId: row.id };
  for (const key of [addressPasswordKey(address), linkPasswordKey(row.id)]) {
    const policy = key === linkPasswordKey(row.id) ? LINK_PASSWORD_POLICY : ADDRESS_PASSWORD_POLICY;
    const verdict = await takeAttempt({ policy, key });
    if (!verdict.allowed) throw tooManyAttempts(verdict.retryAfterSeconds, "Too many password attempts for this link.");
  }
  const given = typeof password === "string" && password.length <= 1000 ? password : "";
  const right = given !== "" && (await verifyPassword(row.passwordHash, given));
  if (!right) {
    // As slow as a real check, so timing says nothing either.
    if (given === "") await verifyPassword(await dummyPasswordHash(), "x");
    throw shareNotFound();
  }
  await refundAttempt({ key: linkPasswordKey(row.id) });
  // The visit the password opens: the page counts visits that arrive with the cookie already.
  await recordShareView(callerOf(row));
  return { grant: signShareGrant({ linkId: row.id, passwordHash: row.passwordHash }), linkId: row.id };
}

/** Counts one view of the shared page. */
export async function recordShareView(ctx: ShareCaller): Promise<void> {
  await db()
    .update(shareLinks)
    .set({ viewCount: dsql`${shareLinks.viewCount} + 1`, lastViewedAt: new Date() })
    .where(eq(shareLinks.id, ctx.linkId));
}

/** Whether a visitor's link still works: live streams ask again every recheck. */
export async function shareStillLive(ctx: ShareCaller): Promise<boolean> {
  const [row] = await db()
    .select({ revokedAt: shareLinks.revokedAt, expiresAt: shareLinks.expiresAt })
    .from(shareLinks)
    .where(and(eq(shareLinks.id, ctx.linkId), isNull(shareLinks.revokedAt)))
    .limit(1);
  return row !== undefined && linkStatus(row) === "active";
}
