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

  it("accepts SMTP_URL only as smtp:// or smtps:// and AUTH_URL only as http(s)", async () => {
    vi.stubEnv("SMTP_URL", "smtps://alerts:secret@mail.example.com:465");
    vi.stubEnv("AUTH_URL", "https://flux.example.com");
    const first = await import("./env");
    expect(first.env()).toMatchObject({ SMTP_URL: "smtps://alerts:secret@mail.example.com:465", AUTH_URL: "https://flux.example.com" });
    vi.resetModules();
    vi.stubEnv("SMTP_URL", "http://mail.example.com");
    vi.stubEnv("AUTH_URL", "ftp://flux.example.com");
    const second = await import("./env");
    expect(() => second.env()).toThrow(/AUTH_URL[\s\S]*SMTP_URL/);
  });
});
