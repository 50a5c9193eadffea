import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { baseUrl, createTestProject } from "@/tests/fixtures";
import { Browser, median, newClientAddress, signedIn, wrongPassword, type Answer } from "./browser";

const unknownEmail = () => `nobody-${randomUUID()}@flux.test`;

function expectRateLimited(answer: Answer, lead = "Too many sign-in attempts.") {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("rate_limited");
  expect(body.error.message).toMatch(new RegExp(`^${lead.replace(/\./g, "\\.")} Try again in \\d+ minutes?\\.$`));
}

describe("sign-in rate limits over HTTP (POST /api/auth/callback/credentials)", () => {
  it("answers the 11th and later of 30 wrong passwords with 429 and Retry-After, before any password hash", async () => {
    const p = await createTestProject();
    const attacker = new Browser(baseUrl());
    const answers: Answer[] = [];
    for (let i = 0; i < 30; i++) answers.push(await attacker.signIn(p.email, `wrong-${i}`));

    for (const a of answers.slice(0, 10)) expect(wrongPassword(a)).toBe(true);
    for (const a of answers.slice(10)) expectRateLimited(a);
    expect(Number(answers[10].headers["retry-after"])).toBeLessThanOrEqual(60);
    // The right password is refused too while the account is blocked.
    expectRateLimited(await attacker.signIn(p.email, p.password));

    // Refused attempts skip Argon2 (about 15 ms of CPU each here), so they answer faster than
    // attempts that hash. Compared pairwise with hashing attempts made at the same moment, so
    // that load from other tests weighs on both sides alike.
    const other = new Browser(baseUrl());
    const blocked: number[] = [];
    const hashed: number[] = [];
    for (let i = 0; i < 9; i++) {
      const [b, h] = [await attacker.signIn(p.email, "again"), await other.signIn(unknownEmail(), "guess")];
      expect(b.status).toBe(429);
      expect(wrongPassword(h)).toBe(true);
      blocked.push(b.ms);
      hashed.push(h.ms);
    }
    console.info(`[sign-in limits] median answer: refused ${median(blocked).toFixed(1)} ms, hashed ${median(hashed).toFixed(1)} ms`);
    expect(median(blocked)).toBeLessThan(median(hashed));
  });

  it("blocks the account from every address, but not other accounts at those addresses", async () => {
    const [victim, bystander] = [await createTestProject(), await createTestProject()];
    const attacker = new Browser(baseUrl());
    for (let i = 0; i < 11; i++) await attacker.signIn(victim.email, `wrong-${i}`);
    expectRateLimited(await attacker.signIn(victim.email, victim.password));

    const elsewhere = new Browser(baseUrl());
    expectRateLimited(await elsewhere.signIn(victim.email, victim.password));
    expect(wrongPassword(await elsewhere.signIn(bystander.email, "wrong"))).toBe(true);
    expect(signedIn(await elsewhere.signIn(bystander.email, bystander.password))).toBe(true);
    // The attacker's own address made 11 failures, far below the per-address limit.
    expect(signedIn(await new Browser(baseUrl(), attacker.from).signIn(bystander.email, bystander.password))).toBe(true);
  });

  it("lets the owner's usual browser (known-device cookie) sign in while an attacker keeps the account blocked", async () => {
    const p = await createTestProject();
    const usual = new Browser(baseUrl());
    expect(signedIn(await usual.signIn(p.email, p.password))).toBe(true);
    expect(usual.cookies.has("flux-known-device")).toBe(true);
    await usual.signOut();

    const attacker = new Browser(baseUrl());
    for (let i = 0; i < 11; i++) await attacker.signIn(p.email, `wrong-${i}`);
    expectRateLimited(await attacker.signIn(p.email, p.password));
    expect(signedIn(await usual.signIn(p.email, p.password))).toBe(true);

    // The cookie is bound to its account: copied into a request for another account it counts for nothing.
    const other = await createTestProject();
    const copied = new Browser(baseUrl());
    copied.cookies.set("flux-known-device", usual.cookies.get("flux-known-device")!);
    for (let i = 0; i < 10; i++) expect(wrongPassword(await copied.signIn(other.email, `wrong-${i}`))).toBe(true);
    expectRateLimited(await new Browser(baseUrl()).signIn(other.email, other.password));
    // A forged cookie is ignored the same way.
    const forged = new Browser(baseUrl());
    forged.cookies.set("flux-known-device", `${randomUUID()}.${"A".repeat(43)}`);
    expectRateLimited(await forged.signIn(other.email, other.password));
  });

  it("counts failures per address over all accounts, and a forged X-Forwarded-For neither escapes nor moves the count", async () => {
    const target = await createTestProject();
    const sprayer = new Browser(baseUrl());
    for (let i = 0; i < 50; i++) expect(wrongPassword(await sprayer.signIn(unknownEmail(), "Summer2026!"))).toBe(true);
    expectRateLimited(await sprayer.signIn(unknownEmail(), "Summer2026!"));
    // The limit is on the address: a real account with its right password is refused from there too.
    expectRateLimited(await sprayer.signIn(target.email, target.password));

    const forgeries: Record<string, string>[] = [
      { "x-forwarded-for": newClientAddress() },
      { "x-forwarded-for": `${newClientAddress()}, ${newClientAddress()}` },
      { "x-real-ip": newClientAddress(), forwarded: `for=${newClientAddress()}` },
      { "x-flux-peer-address": newClientAddress() },
    ];
    for (const forged of forgeries) {
      expectRateLimited(await sprayer.signIn(target.email, target.password, forged));
    }
    // Naming the blocked address from elsewhere does not block anyone else.
    const neighbour = new Browser(baseUrl());
    expect(signedIn(await neighbour.signIn(target.email, target.password, { "x-forwarded-for": sprayer.from }))).toBe(true);
  });

  it("a right password clears the account's count of wrong ones", async () => {
    const p = await createTestProject();
    const browser = new Browser(baseUrl());
    for (let i = 0; i < 9; i++) expect(wrongPassword(await browser.signIn(p.email, `wrong-${i}`))).toBe(true);
    expect(signedIn(await browser.signIn(p.email, p.password))).toBe(true);
    const fresh = new Browser(baseUrl(), browser.from);
    for (let i = 0; i < 10; i++) expect(wrongPassword(await fresh.signIn(p.email, `wrong-${i}`))).toBe(true);
    expectRateLimited(await fresh.signIn(p.email, `wrong-again`));
  });

  it("treats the email's case and surrounding spaces as the same account", async () => {
    const p = await createTestProject();
    const browser = new Browser(baseUrl());
    for (let i = 0; i < 10; i++) {
      const variant = i % 2 ? `  ${p.email.toUpperCase()} ` : p.email;
      expect(wrongPassword(await browser.signIn(variant, `wrong-${i}`))).toBe(true);
    }
    expectRateLimited(await new Browser(baseUrl()).signIn(p.email.toUpperCase(), p.password));
  });
});
