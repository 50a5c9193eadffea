import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { FluxError } from "@/lib/errors";
import { createTestProject } from "@/tests/fixtures";
import { knownDeviceCookie } from "./known-device";
import { checkPassword, signUpWithinLimits, SIGN_UP_POLICY } from "./password-attempts";

// Known-device cookies are signed with AUTH_SECRET, which the app has and this test process needs too.
vi.stubEnv("AUTH_SECRET", "flux-test-secret-0123456789abcdef");

const address = () => `test-${randomUUID()}`;

describe("password attempts", () => {
  it("admits exactly ten of thirty parallel guesses at one account", async () => {
    const p = await createTestProject();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => checkPassword({ email: p.email, password: `wrong-${i}`, source: { address: address(), cookieHeader: null } })),
    );
    expect(results.filter((r) => r.outcome === "wrong")).toHaveLength(10);
    expect(results.filter((r) => r.outcome === "rate_limited")).toHaveLength(20);
  });

  it("counts a known device's guesses on the device alone, so the account's block does not reach it", async () => {
    const p = await createTestProject();
    const device = knownDeviceCookie({ email: p.email, secure: false });
    const cookieHeader = `other=1; ${device.name}=${device.value}`;
    for (let i = 0; i < 11; i++) await checkPassword({ email: p.email, password: "wrong", source: { address: address(), cookieHeader: null } });
    expect((await checkPassword({ email: p.email, password: p.password, source: { address: address(), cookieHeader: null } })).outcome).toBe("rate_limited");
    expect((await checkPassword({ email: p.email, password: p.password, source: { address: address(), cookieHeader } })).outcome).toBe("ok");
    // Ten wrong guesses from the device block the device in turn.
    for (let i = 0; i < 10; i++) expect((await checkPassword({ email: p.email, password: "wrong", source: { address: address(), cookieHeader } })).outcome).toBe("wrong");
    expect((await checkPassword({ email: p.email, password: p.password, source: { address: address(), cookieHeader } })).outcome).toBe("rate_limited");
  });
});

describe("sign-up limits", () => {
  it("allows a number of sign-ups per address, then 429; forms with mistakes are not counted", async () => {
    const from = address();
    for (let i = 0; i < 5; i++) {
      await expect(signUpWithinLimits({ input: { email: "not-an-email", password: "long-enough" }, address: from })).rejects.toMatchObject({ code: "invalid" });
    }
    const taken = await createTestProject();
    await expect(signUpWithinLimits({ input: { email: taken.email, password: "long-enough" }, address: from })).rejects.toMatchObject({ code: "conflict" });
    for (let i = 1; i < SIGN_UP_POLICY.limit; i++) {
      await signUpWithinLimits({ input: { email: `s-${randomUUID()}@flux.test`, password: "long-enough" }, address: from });
    }
    const refused = await signUpWithinLimits({ input: { email: `s-${randomUUID()}@flux.test`, password: "long-enough" }, address: from }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FluxError);
    expect(refused).toMatchObject({ code: "rate_limited", message: "Too many sign-ups from your network. Try again in 1 minute." });
    // Another address is not affected.
    await expect(signUpWithinLimits({ input: { email: `s-${randomUUID()}@flux.test`, password: "long-enough" }, address: address() })).resolves.toMatchObject({ id: expect.any(String) });
  });
});
