import { beforeAll, describe, expect, it } from "vitest";
import { generateShareToken, hashShareToken, isShareTokenShape, signShareGrant, verifyShareGrant, GRANT_SECONDS } from "./share-token";

beforeAll(() => {
  process.env.AUTH_SECRET ??= "test-secret-for-share-grants-0123456789";
});

describe("share tokens", () => {
  it("are 256-bit random, URL-safe and never repeat", () => {
    const tokens = new Set(Array.from({ length: 200 }, generateShareToken));
    expect(tokens.size).toBe(200);
    for (const t of tokens) expect(isShareTokenShape(t)).toBe(true);
  });

  it("are stored as their SHA-256 only", () => {
    const token = generateShareToken();
    expect(hashShareToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashShareToken(token)).not.toContain(token.slice(4));
  });

  it("refuse text of any other shape without a lookup", () => {
    for (const bad of ["", "fxs_", "flux_abc", `fxs_${"a".repeat(42)}`, `fxs_${"a".repeat(44)}`, `fxs_${"a".repeat(42)}/`, `FXS_${"a".repeat(43)}`]) expect(isShareTokenShape(bad)).toBe(false);
  });
});

describe("password grants", () => {
  const link = { linkId: "0b7c6a0e-8d5f-4a57-9d4e-1f2a3b4c5d6e", passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$abc$def" };

  it("open the link they were signed for until they expire", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    const grant = signShareGrant({ ...link, now });
    expect(verifyShareGrant({ ...link, grant, now: now + 1000 })).toBe(true);
    expect(verifyShareGrant({ ...link, grant, now: now + GRANT_SECONDS * 1000 })).toBe(false);
  });

  it("open no other link, and nothing once the password changed", () => {
    const grant = signShareGrant(link);
    expect(verifyShareGrant({ ...link, linkId: "1b7c6a0e-8d5f-4a57-9d4e-1f2a3b4c5d6e", grant })).toBe(false);
    expect(verifyShareGrant({ ...link, passwordHash: `${link.passwordHash}x`, grant })).toBe(false);
  });

  it("cannot be forged or stretched", () => {
    const grant = signShareGrant(link);
    const [expires, mac] = grant.split(".");
    expect(verifyShareGrant({ ...link, grant: `${Number(expires) + 3600}.${mac}` })).toBe(false);
    expect(verifyShareGrant({ ...link, grant: `${expires}.${"A".repeat(43)}` })).toBe(false);
    for (const bad of [null, undefined, "", "x", `${expires}.`, `${expires}.${mac}.x`]) expect(verifyShareGrant({ ...link, grant: bad })).toBe(false);
  });
});
