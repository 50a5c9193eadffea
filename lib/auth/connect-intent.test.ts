import { beforeAll, describe, expect, it } from "vitest";
import { decodeConnectIntent, encodeConnectIntent } from "./connect-intent";

beforeAll(() => {
  process.env.AUTH_SECRET ??= "unit-test-secret-0123456789";
});

describe("the connect note", () => {
  const userId = "6f1c2a0e-3a56-4c1e-9d0b-2f1f7c0e9a11";
  const now = Date.UTC(2026, 0, 1);
  const note = () => encodeConnectIntent({ userId, provider: "github", expiresAt: now + 60_000 });

  it("names its user for the provider it was written for, until it expires", () => {
    expect(decodeConnectIntent(note(), "github", now)).toBe(userId);
    expect(decodeConnectIntent(note(), "google", now)).toBeNull();
    expect(decodeConnectIntent(note(), "github", now + 60_001)).toBeNull();
  });

  it("is worthless when changed, truncated or made up", () => {
    const [payload, mac] = note().split(".");
    const otherUser = Buffer.from(JSON.stringify(["00000000-0000-4000-8000-000000000000", "github", now + 60_000])).toString("base64url");
    for (const forged of [`${otherUser}.${mac}`, `${payload}.${mac.slice(0, -2)}`, `${payload}.`, payload, `${payload}.${mac}.x`, "", undefined, `${payload}.${"A".repeat(mac.length)}`]) {
      expect(decodeConnectIntent(forged, "github", now)).toBeNull();
    }
  });
});
