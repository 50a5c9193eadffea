import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

beforeEach(() => {
  vi.stubEnv("AUTH_SECRET", "unit-test-secret-0123456789abcdef");
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("known-device cookies", () => {
  it("name a device for the account they were issued to, and for no other", async () => {
    const { knownDeviceCookie, knownDeviceId } = await import("./known-device");
    const cookie = knownDeviceCookie({ email: "ana@flux.test", secure: true });
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
    const id = knownDeviceId({ value: cookie.value, email: "ana@flux.test" });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(cookie.value.startsWith(`${id}.`)).toBe(true);
    expect(knownDeviceId({ value: cookie.value, email: "bob@flux.test" })).toBeNull();
  });

  it("are refused when tampered with, truncated, empty or signed with another secret", async () => {
    const { knownDeviceCookie, knownDeviceId } = await import("./known-device");
    const { value } = knownDeviceCookie({ email: "ana@flux.test", secure: false });
    const [id, mac] = value.split(".");
    const otherId = id.replace(/^./, (c) => (c === "a" ? "b" : "a"));
    for (const bad of [`${otherId}.${mac}`, `${id}.${mac.slice(0, -1)}`, `${id}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`, "", null, undefined, `${id}.`, "garbage"]) {
      expect(knownDeviceId({ value: bad, email: "ana@flux.test" })).toBeNull();
    }
    vi.stubEnv("AUTH_SECRET", "another-secret-0123456789abcdefgh");
    vi.resetModules();
    const fresh = await import("./known-device");
    expect(fresh.knownDeviceId({ value, email: "ana@flux.test" })).toBeNull();
  });

  it("are read from a Cookie header among others", async () => {
    const { readCookie } = await import("./known-device");
    expect(readCookie("a=1; flux-known-device=xyz.abc; b=2", "flux-known-device")).toBe("xyz.abc");
    expect(readCookie("not-flux-known-device=1", "flux-known-device")).toBeNull();
    expect(readCookie(null, "flux-known-device")).toBeNull();
  });
});
