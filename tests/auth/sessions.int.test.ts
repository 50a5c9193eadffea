import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { changePassword, deleteAccount } from "@/lib/auth/account";
import { verifyCredentials } from "@/lib/auth/users";
import { sql } from "@/lib/db/client";
import { baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { Browser, signedIn } from "./browser";

/** Whether the running app still honours this browser's session cookie, asked two ways. */
async function honoured(browser: Browser, p: TestProject): Promise<boolean> {
  const api = await browser.request(`/api/v1/project?project=${p.projectId}`);
  const session = JSON.parse((await browser.request("/api/auth/session")).body) as { user?: { id: string } } | null;
  expect(api.status === 200).toBe(Boolean(session?.user));
  if (api.status !== 200) expect(api.status).toBe(401);
  return api.status === 200;
}

async function signedInBrowser(p: TestProject, password = p.password): Promise<Browser> {
  const browser = new Browser(baseUrl());
  expect(signedIn(await browser.signIn(p.email, password))).toBe(true);
  return browser;
}

async function sessionIdOf(browser: Browser): Promise<string> {
  return (JSON.parse((await browser.request("/api/auth/session")).body) as { sessionId: string }).sessionId;
}

const asUser = async (p: TestProject, browser: Browser) => ({ id: p.userId, email: p.email, name: null, sessionId: await sessionIdOf(browser) });
const source = { address: "test-sessions", cookieHeader: null };

describe("sessions end at once", () => {
  it("refuses a cookie captured before sign-out once the browser signs out", async () => {
    const p = await createTestProject();
    const browser = await signedInBrowser(p);
    const captured = new Browser(baseUrl());
    for (const [k, v] of browser.cookies) captured.cookies.set(k, v);
    expect(await honoured(captured, p)).toBe(true);

    await browser.signOut();
    expect(browser.sessionCookie).toBeUndefined();
    expect(await honoured(captured, p)).toBe(false);
  });

  it("after a password change in browser B, refuses browser A's cookie while B stays signed in", async () => {
    const p = await createTestProject();
    const [a, b] = [await signedInBrowser(p), await signedInBrowser(p)];
    expect(await honoured(a, p)).toBe(true);

    const result = await changePassword({ user: await asUser(p, b), input: { currentPassword: p.password, newPassword: "brand-new-password", confirmPassword: "brand-new-password" }, source });
    expect(result.endedSessions).toBe(1);
    expect(await honoured(a, p)).toBe(false);
    expect(await honoured(b, p)).toBe(true);
    expect(await verifyCredentials(p.email, p.password)).toBeNull();
    expect(signedIn(await new Browser(baseUrl()).signIn(p.email, p.password))).toBe(false);
    expect(signedIn(await new Browser(baseUrl()).signIn(p.email, "brand-new-password"))).toBe(true);
  });

  it("refuses the cookie once the account is deleted", async () => {
    const p = await createTestProject();
    const browser = await signedInBrowser(p);
    expect(await honoured(browser, p)).toBe(true);
    await deleteAccount({ user: await asUser(p, browser), input: { password: p.password, confirm: p.email }, source });
    expect(await honoured(browser, p)).toBe(false);
  });

  it("refuses a session past its expiry, and a well-signed cookie that names no session (issued before sessions were revocable)", async () => {
    const p = await createTestProject();
    const browser = await signedInBrowser(p);
    await sql()`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE id = ${await sessionIdOf(browser)}`;
    expect(await honoured(browser, p)).toBe(false);

    // The test stack's AUTH_SECRET (scripts/lib/test-stack.ts) signs a token the old way: no sid.
    const salt = "authjs.session-token";
    const old = new Browser(baseUrl());
    old.cookies.set(salt, await encode({ token: { uid: p.userId, email: p.email, sub: p.userId }, secret: "flux-test-secret-0123456789abcdef", salt }));
    expect(await honoured(old, p)).toBe(false);
    const stolenSid = new Browser(baseUrl());
    stolenSid.cookies.set(salt, await encode({ token: { uid: randomUUID(), email: p.email, sid: await sessionIdOf(await signedInBrowser(p)) }, secret: "flux-test-secret-0123456789abcdef", salt }));
    expect(await honoured(stolenSid, p)).toBe(false);
  });

  it("writes last-seen at most once a minute and slides the expiry when it does", async () => {
    const p = await createTestProject();
    const browser = await signedInBrowser(p);
    const id = await sessionIdOf(browser);
    const read = async () => {
      const [row] = await sql()<{ lastSeenAt: string; expiresAt: string }[]>`SELECT last_seen_at AS "lastSeenAt", expires_at AS "expiresAt" FROM user_sessions WHERE id = ${id}`;
      return { lastSeenAt: new Date(row.lastSeenAt), expiresAt: new Date(row.expiresAt) };
    };
    const first = await read();
    await honoured(browser, p);
    expect(await read()).toEqual(first);

    await sql()`UPDATE user_sessions SET last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '1 day' WHERE id = ${id}`;
    await honoured(browser, p);
    const touched = await read();
    expect(Date.now() - touched.lastSeenAt.getTime()).toBeLessThan(30_000);
    expect(touched.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);
  });
});
