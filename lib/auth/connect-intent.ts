import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies, headers } from "next/headers";
import { env } from "@/lib/env";
import type { OAuthProvider } from "./oauth-link";

// "Connect GitHub" on the account page leaves this short-lived, signed note for the OAuth
// callback. Only with it does a sign-in link the provider account to the signed-in person:
// an ordinary "Continue with GitHub" while signed in (say, on a shared computer) never does.
const COOKIE = "flux-oauth-connect";
const PATH = "/api/auth";
const LIFETIME_SECONDS = 10 * 60;

function sign(payload: string): string {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return createHmac("sha256", secret).update(`${COOKIE}:${payload}`).digest("base64url");
}

export function encodeConnectIntent(intent: { userId: string; provider: OAuthProvider; expiresAt: number }): string {
  const payload = Buffer.from(JSON.stringify([intent.userId, intent.provider, intent.expiresAt])).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The user the note was written for, if it is genuine, unexpired and for this provider. */
export function decodeConnectIntent(value: string | undefined, provider: string, now = Date.now()): string | null {
  const [payload, mac, extra] = (value ?? "").split(".");
  if (!payload || !mac || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [userId, forProvider, expiresAt] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as [unknown, unknown, unknown];
    if (typeof userId !== "string" || forProvider !== provider || typeof expiresAt !== "number" || expiresAt < now) return null;
    return userId;
  } catch {
    return null;
  }
}

/** From the connect server action, before it hands over to the provider. */
export async function rememberConnectIntent(intent: { userId: string; provider: OAuthProvider }): Promise<void> {
  const origin = (await headers()).get("origin") ?? "";
  (await cookies()).set(COOKIE, encodeConnectIntent({ ...intent, expiresAt: Date.now() + LIFETIME_SECONDS * 1000 }), {
    httpOnly: true,
    sameSite: "lax",
    secure: origin.startsWith("https:"),
    path: PATH,
    maxAge: LIFETIME_SECONDS,
  });
}

/**
 * In the OAuth callback: the user to connect to, when the note is genuine and the same person
 * is still signed in (`currentUserId` is asked only when there is a note). Used once.
 */
export async function takeConnectIntent(provider: OAuthProvider, currentUserId: () => Promise<string | null>): Promise<string | null> {
  const jar = await cookies();
  const value = jar.get(COOKIE)?.value;
  if (!value) return null;
  jar.delete({ name: COOKIE, path: PATH });
  const userId = decodeConnectIntent(value, provider);
  if (!userId) return null;
  return (await currentUserId()) === userId ? userId : null;
}
