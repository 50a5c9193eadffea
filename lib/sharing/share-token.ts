import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

const TOKEN_PREFIX = "fxs_";

/** A new link token: `fxs_` and 32 random bytes (256 bits), URL-safe. */
export function generateShareToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** What is stored and looked up: a fast hash is enough for a 256-bit random secret. */
export function hashShareToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The token's last characters, shown in lists so people can tell links apart. */
export const shareTokenHint = (token: string) => token.slice(-4);

/** Whether text could be a token at all (anything else is refused without a lookup). */
export const isShareTokenShape = (token: string) => /^fxs_[A-Za-z0-9_-]{43}$/.test(token);

/** How long a right password keeps a browser in. */
export const GRANT_SECONDS = 12 * 3600;

function grantKey(): Buffer {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  // A key of its own, so this MAC can never be confused with anything else Flux signs.
  return createHmac("sha256", secret).update("flux share-link grant v1").digest();
}

// The password hash is part of what is signed: a grant is worth nothing for another password.
const mac = (linkId: string, passwordHash: string, expires: number) =>
  createHmac("sha256", grantKey()).update(`${linkId}\0${passwordHash}\0${expires}`).digest("base64url");

/** Proof that this browser gave the link's password: `<expiry epoch s>.<mac>`. */
export function signShareGrant({ linkId, passwordHash, now = Date.now() }: { linkId: string; passwordHash: string; now?: number }): string {
  const expires = Math.floor(now / 1000) + GRANT_SECONDS;
  return `${expires}.${mac(linkId, passwordHash, expires)}`;
}

export function verifyShareGrant({ grant, linkId, passwordHash, now = Date.now() }: { grant: string | null | undefined; linkId: string; passwordHash: string; now?: number }): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(grant ?? "");
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires * 1000 <= now) return false;
  const expected = Buffer.from(mac(linkId, passwordHash, expires));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The cookie that carries a link's grant; one per link, so two unlocked links do not collide. */
export const shareGrantCookie = (linkId: string) => `flux-share-${linkId}`;
export { SHARE_GRANT_HEADER } from "./share-link-schemas";
