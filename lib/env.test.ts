import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("env", () => {
  it("enables an OAuth provider only when both its id and secret are set", async () => {
    vi.stubEnv("AUTH_GITHUB_ID", "id");
    vi.stubEnv("AUTH_GITHUB_SECRET", "");
    vi.stubEnv("AUTH_GOOGLE_ID", "gid");
    vi.stubEnv("AUTH_GOOGLE_SECRET", "gsecret");
    const { oauthProviders } = await import("./env");
    expect(oauthProviders()).toEqual({ github: false, google: true });
  });

  it("names every invalid variable", async () => {
    vi.stubEnv("FLUX_INIT_API_KEY", "too-short");
    vi.stubEnv("PORT", "not-a-port");
    const { env } = await import("./env");
    expect(() => env()).toThrow(/FLUX_INIT_API_KEY[\s\S]*PORT|PORT[\s\S]*FLUX_INIT_API_KEY/);
  });
});
