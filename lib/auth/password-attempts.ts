import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { FluxError } from "@/lib/errors";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { blockedForSeconds, clearKey, refundAttempt, takeAttempt, type RateLimitPolicy } from "@/lib/rate-limit/rate-limiter";
import { knownDeviceId, KNOWN_DEVICE_COOKIE, readCookie } from "./known-device";
import { parseInput } from "@/lib/validation";
import { signUp, SignUpInput, verifyCredentials, type UserRecord } from "./users";

const MINUTE = 60;

/**
 * Password guesses per account, wherever they come from: 10 in 15 minutes, then blocked for
 * 1, 2, 4, 8 and at most 15 minutes while the guessing goes on. Never a lasting lock.
 */
export const ACCOUNT_POLICY: RateLimitPolicy = { limit: 10, windowSeconds: 15 * MINUTE, blockSeconds: MINUTE, maxBlockSeconds: 15 * MINUTE };
/**
 * Failed passwords per client address, over all accounts (password spraying). Higher than the
 * account limit because many people may share one address (an office, a mobile carrier).
 */
export const ADDRESS_POLICY: RateLimitPolicy = { limit: 50, windowSeconds: 15 * MINUTE, blockSeconds: MINUTE, maxBlockSeconds: 15 * MINUTE };
/** Guesses from a browser that holds a known-device cookie for the account (known-device.ts). */
export const DEVICE_POLICY: RateLimitPolicy = ACCOUNT_POLICY;
/** New accounts per client address: each costs a password hash and a row. */
export const SIGN_UP_POLICY: RateLimitPolicy = { limit: 60, windowSeconds: 60 * MINUTE, blockSeconds: MINUTE, maxBlockSeconds: 15 * MINUTE };

/** Where an attempt comes from: the client address and the request's cookies. */
export interface AttemptSource {
  address: string;
  cookieHeader: string | null;
}

/** The source of a request, from the headers a route handler, server action or authorize() sees. */
export function attemptSource(headers: Headers): AttemptSource {
  return { address: clientAddress(headers, env().FLUX_TRUST_PROXY), cookieHeader: headers.get("cookie") };
}

export type PasswordCheck =
  | { outcome: "ok"; user: UserRecord; email: string }
  | { outcome: "wrong" }
  | { outcome: "rate_limited"; retryAfterSeconds: number };

/** The form every email takes in keys: lookups compare lower(email), so keys do too. */
export function normaliseEmail(email: string): string {
  const value = email.trim().toLowerCase();
  return value.length <= 254 ? value : `sha256:${createHash("sha256").update(value).digest("hex")}`;
}

interface Counter {
  key: string;
  policy: RateLimitPolicy;
  /** A right password clears an account's or device's count, but only gives back a shared address's attempt. */
  onSuccess: "clear" | "refund";
}

export const accountKey = (email: string) => `sign-in:account:${normaliseEmail(email)}`;
export const addressKey = (address: string) => `sign-in:address:${address}`;

function countersFor(email: string, source: AttemptSource): Counter[] {
  const deviceId = knownDeviceId({ value: readCookie(source.cookieHeader, KNOWN_DEVICE_COOKIE), email: normaliseEmail(email) });
  if (deviceId) return [{ key: `sign-in:device:${deviceId}`, policy: DEVICE_POLICY, onSuccess: "clear" }];
  return [
    { key: accountKey(email), policy: ACCOUNT_POLICY, onSuccess: "clear" },
    { key: addressKey(source.address), policy: ADDRESS_POLICY, onSuccess: "refund" },
  ];
}

/**
 * Checks a password under the sign-in limits. The attempt is counted before the hash is
 * computed, so a blocked attempt costs one statement and no Argon2, and parallel guesses
 * are admitted exactly up to the limit.
 */
export async function checkPassword({ email, password, source }: { email: string; password: string; source: AttemptSource }): Promise<PasswordCheck> {
  const counters = countersFor(email, source);
  const taken: Counter[] = [];
  for (const counter of counters) {
    const verdict = await takeAttempt({ policy: counter.policy, key: counter.key });
    if (!verdict.allowed) {
      // The attempt never happened: give back what the other counters took for it.
      await Promise.all(taken.map((c) => refundAttempt({ key: c.key })));
      return { outcome: "rate_limited", retryAfterSeconds: verdict.retryAfterSeconds };
    }
    taken.push(counter);
  }
  const user = await verifyCredentials(email, password);
  if (!user) return { outcome: "wrong" };
  await Promise.all([
    ...counters.map((c) => (c.onSuccess === "clear" ? clearKey({ key: c.key }) : refundAttempt({ key: c.key }))),
    clearKey({ key: accountKey(email) }),
  ]);
  return { outcome: "ok", user, email: normaliseEmail(email) };
}

/** How long the counters an attempt on `email` from `source` would use stay blocked (0: not blocked). */
export function signInBlockedForSeconds({ email, source }: { email: string; source: AttemptSource }): Promise<number> {
  return blockedForSeconds({ keys: countersFor(email, source).map((c) => c.key) });
}

/**
 * Sign-up under the per-address limit: a form with mistakes is answered without counting,
 * every other attempt (created, or the email is taken) counts, and a blocked one costs no hash.
 */
export async function signUpWithinLimits({ input, address }: { input: unknown; address: string }): Promise<UserRecord> {
  parseInput(SignUpInput, input, "Please correct the highlighted fields");
  const verdict = await takeAttempt({ policy: SIGN_UP_POLICY, key: `sign-up:address:${address}` });
  if (!verdict.allowed) throw tooManyAttempts(verdict.retryAfterSeconds, "Too many sign-ups from your network.");
  return signUp({ input });
}

export function tooManyAttemptsMessage(retryAfterSeconds: number, lead = "Too many attempts."): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / MINUTE));
  return `${lead} Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export function tooManyAttempts(retryAfterSeconds: number, lead?: string): FluxError {
  return new FluxError({ code: "rate_limited", message: tooManyAttemptsMessage(retryAfterSeconds, lead), retryAfterSeconds });
}
