import { beforeAll, describe, expect, it } from "vitest";
import { newClientAddress } from "@/tests/auth/browser";
import {
  NOT_FOUND_BODY,
  expectRateLimited,
  expectShareNotFound,
  listedLink,
  shareLink,
  sharedSetup,
  unlock,
  visitor,
  widgetCall,
  type SharedSetup,
} from "./share-visitor";

// Guessing is rate limited: wrong passwords per link, unknown tokens per client address. Every
// visitor here has a loopback address of its own, so the limits it meets are its own.

const PASSWORD = "open sesame 2026";
let s: SharedSetup;
beforeAll(async () => {
  s = await sharedSetup();
});

const unknownToken = () => `fxs_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url")}`;

describe("a password link", () => {
  it("answers a wrong password exactly as an unknown link, and a right one with a grant that opens the widgets", async () => {
    const link = await shareLink(s, { password: PASSWORD });
    const v = visitor();
    const wrong = await unlock(v, link.token, "not the password");
    expectShareNotFound(wrong, "wrong password");
    expect(wrong.body).toBe(NOT_FOUND_BODY);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    expectShareNotFound(await widgetCall(v, link.token, "total"), "widgets before the password");

    const right = await unlock(v, link.token, PASSWORD);
    expect(right.status, right.body).toBe(200);
    const { grant } = JSON.parse(right.body) as { grant: string };
    expect(Object.keys(JSON.parse(right.body))).toEqual(["grant"]);
    const cookie = (right.headers["set-cookie"] ?? []).find((c) => c.startsWith(`flux-share-${link.id}=`));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toContain(`=${grant};`);

    // The grant opens the widgets, as the header (the page's own requests) and as the cookie (v keeps it).
    const byHeader = await widgetCall(visitor(), link.token, "total", {}, { "x-flux-share-grant": grant });
    expect(byHeader.status, byHeader.body).toBe(200);
    expect(JSON.parse(byHeader.body).results.a.series[0].total).toBeGreaterThan(0);
    expect((await widgetCall(v, link.token, "total")).status).toBe(200);
    expect((await v.request(`/api/v1/shared/${link.token}`)).status).toBe(200);
    const page = await v.request(`/share/${link.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="shared-dashboard"');
    expect(page.body).toContain(s.dashboardName);
  });

  it("limits password attempts per link: the 11th wrong one is 429 with Retry-After, and so is the right one then, from anywhere", async () => {
    const link = await shareLink(s, { password: PASSWORD });
    const attacker = visitor();
    for (let i = 0; i < 10; i++) expectShareNotFound(await unlock(attacker, link.token, `guess-${i}`), `wrong password ${i + 1}`);
    expectRateLimited(await unlock(attacker, link.token, "guess-11"), "11th wrong password");
    expectRateLimited(await unlock(attacker, link.token, PASSWORD), "right password while limited");
    expectRateLimited(await unlock(visitor(), link.token, PASSWORD), "right password from another address while the link is limited");
    // The limit is on this link's password: the link itself, and other links, still answer.
    const other = await shareLink(s, { password: PASSWORD });
    expect((await unlock(attacker, other.token, PASSWORD)).status).toBe(200);
    expect((await attacker.request(`/api/v1/shared/${(await shareLink(s)).token}`)).status).toBe(200);
  });

  it("limits password attempts per address over all links: the 31st wrong one is 429, even on a fresh link with its right password", async () => {
    const links = await Promise.all(Array.from({ length: 4 }, () => shareLink(s, { password: PASSWORD })));
    const from = newClientAddress();
    // 8 per link stays under each link's own limit of 10: only the address's 30 can refuse.
    for (let i = 0; i < 30; i++) expectShareNotFound(await unlock(visitor(from), links[i % 4].token, `spray-${i}`), `wrong password ${i + 1}`);
    expectRateLimited(await unlock(visitor(from), links[2].token, "spray-31"), "31st wrong password from one address");
    const fresh = await shareLink(s, { password: PASSWORD });
    expectRateLimited(await unlock(visitor(from), fresh.token, PASSWORD), "right password from the limited address");
    // Elsewhere the links open, those the spray touched included.
    expect((await unlock(visitor(), fresh.token, PASSWORD)).status).toBe(200);
    expect((await unlock(visitor(), links[0].token, PASSWORD)).status).toBe(200);
  });

  it("a right password does not count against the link's limit", async () => {
    const link = await shareLink(s, { password: PASSWORD });
    for (let round = 0; round < 3; round++) {
      const v = visitor();
      for (let i = 0; i < 3; i++) expectShareNotFound(await unlock(v, link.token, `typo-${round}-${i}`), "typo");
      expect((await unlock(v, link.token, PASSWORD)).status).toBe(200);
    }
    // 9 wrong and 3 right: still below the 10 failures that would block it.
    expect((await unlock(visitor(), link.token, "one more typo")).status).toBe(404);
  });
});

describe("token guessing", () => {
  it("blocks an address after 20 unknown tokens, even for a valid token, while other addresses get their answers", async () => {
    const { token } = await shareLink(s);
    const from = newClientAddress();
    const scanner = visitor(from);
    const routes = [(t: string) => scanner.request(`/api/v1/shared/${t}`), (t: string) => widgetCall(scanner, t, "total"), (t: string) => unlock(scanner, t, "x")];
    for (let i = 0; i < 20; i++) expectShareNotFound(await routes[i % routes.length](unknownToken()), `unknown token ${i + 1}`);
    expectRateLimited(await scanner.request(`/api/v1/shared/${unknownToken()}`), "21st unknown token");
    expectRateLimited(await scanner.request(`/api/v1/shared/${token}`), "valid token from the blocked address");
    expectRateLimited(await widgetCall(scanner, token, "total"), "valid widget call from the blocked address");
    expectRateLimited(await scanner.request(`/api/v1/shared/${token}/live`), "valid live stream from the blocked address");
    // Naming another address in X-Forwarded-For does not get the scanner out (no proxy is trusted here).
    expectRateLimited(await scanner.request(`/api/v1/shared/${token}`, { headers: { "x-forwarded-for": newClientAddress() } }), "forged X-Forwarded-For");

    // The page from there says so, and shows nothing of the dashboard.
    const page = await visitor(from).request(`/share/${token}`);
    expect(page.body).toContain('data-testid="share-rate-limited"');
    expect(page.body).not.toContain(s.dashboardName);

    // Everyone else is unaffected.
    const neighbour = visitor();
    expect((await neighbour.request(`/api/v1/shared/${token}`)).status).toBe(200);
    expect((await widgetCall(neighbour, token, "total")).status).toBe(200);
    expectShareNotFound(await neighbour.request(`/api/v1/shared/${unknownToken()}`), "an unknown token from another address");
    expect((await neighbour.request(`/api/v1/shared/${token}`, { headers: { "x-forwarded-for": from } })).status).toBe(200);
  });

  it("counts only refusals: a visitor reading a valid link many times is never limited", async () => {
    const { token } = await shareLink(s);
    const v = visitor();
    for (let i = 0; i < 30; i++) expect((await widgetCall(v, token, i % 2 ? "total" : "trend")).status).toBe(200);
    expectShareNotFound(await v.request(`/api/v1/shared/${unknownToken()}`), "one unknown token after many valid reads");
  });
});

describe("view counts", () => {
  it("each page load counts a view and sets last viewed; API calls and refused loads do not", async () => {
    const link = await shareLink(s);
    expect(await listedLink(s, link.id)).toMatchObject({ viewCount: 0, lastViewedAt: null });
    const v = visitor();
    const before = Date.now();
    expect((await v.request(`/share/${link.token}`)).status).toBe(200);
    const first = await listedLink(s, link.id);
    expect(first.viewCount).toBe(1);
    expect(Date.parse(first.lastViewedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect((await v.request(`/share/${link.token}?embed=1`)).status).toBe(200);
    expect((await v.request(`/share/${link.token}?range=24h`)).status).toBe(200);
    const third = await listedLink(s, link.id);
    expect(third.viewCount).toBe(3);
    expect(Date.parse(third.lastViewedAt!)).toBeGreaterThanOrEqual(Date.parse(first.lastViewedAt!));

    for (let i = 0; i < 3; i++) {
      expect((await widgetCall(v, link.token, "total")).status).toBe(200);
      expect((await v.request(`/api/v1/shared/${link.token}`)).status).toBe(200);
    }
    expect((await listedLink(s, link.id)).viewCount).toBe(3);

    // A password link counts a view when the dashboard is shown: the right password (the form
    // then draws it) and each later load with the grant; never the password form or a wrong password.
    const locked = await shareLink(s, { password: PASSWORD });
    const w = visitor();
    expect((await w.request(`/share/${locked.token}`)).body).toContain('data-testid="share-password-form"');
    expect((await unlock(w, locked.token, "not the password")).status).toBe(404);
    expect((await listedLink(s, locked.id)).viewCount).toBe(0);
    expect((await unlock(w, locked.token, PASSWORD)).status).toBe(200);
    expect((await listedLink(s, locked.id)).viewCount).toBe(1);
    expect((await w.request(`/share/${locked.token}`)).body).toContain('data-testid="shared-dashboard"');
    expect((await listedLink(s, locked.id)).viewCount).toBe(2);
  });
});
