import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/**
 * A browser where someone has signed in with their password before holds a signed cookie
 * naming that account. Its attempts are counted on their own key, so an attacker who blocks
 * the account or a shared address (office NAT) cannot lock its owner out of their usual
 * browser (OWASP's "device cookies"). The cookie proves nothing else and grants no session.
 */
export const KNOWN_DEVICE_COOKIE = "flux-known-device";
const MAX_AGE_SECONDS = 365 * 24 * 3600;

function signature(email: string, deviceId: string): string {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  // A key of its own, so this MAC can never be confused with anything Auth.js signs.
  const key = createHmac("sha256", secret).update("flux known-device cookie v1").digest();
  return createHmac("sha256", key).update(`${email}\0${deviceId}`).digest("base64url");
}

export interface CookieToSet {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; secure: boolean; path: "/"; maxAge: number };
}

/** The cookie to give a browser after a right password for `email` (already normalised). */
export function knownDeviceCookie({ email, secure }: { email: string; secure: boolean }): CookieToSet {
  const deviceId = randomUUID();
  return {
    name: KNOWN_DEVICE_COOKIE,
    value: `${deviceId}.${signature(email, deviceId)}`,
    options: { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: MAX_AGE_SECONDS },
  };
}

/** The device id in a cookie value, if it was issued by this Flux for this very account. */
export function knownDeviceId({ value, email }: { value: string | undefined | null; email: string }): string | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
  if (!match) return null;
  const expected = Buffer.from(signature(email, match[1]));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function serializeCookie(cookie: CookieToSet): string {
  const o = cookie.options;
  return `${cookie.name}=${cookie.value}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? "; Secure" : ""}`;
}
