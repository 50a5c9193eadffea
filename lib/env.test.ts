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

  it("runs the scheduler unless FLUX_SCHEDULER is off, ticking every 5 s by default, and takes only a long CRON_SECRET", async () => {
    const defaults = await import("./env");
    expect(defaults.env()).toMatchObject({ FLUX_SCHEDULER: "on", FLUX_SCHEDULER_TICK_SECONDS: 5, FLUX_STORAGE_UPKEEP_SECONDS: 60 });
    expect(defaults.env().CRON_SECRET).toBeUndefined();
    vi.resetModules();
    vi.stubEnv("FLUX_SCHEDULER", "off");
    vi.stubEnv("FLUX_SCHEDULER_TICK_SECONDS", "1");
    vi.stubEnv("CRON_SECRET", "a-cron-secret-of-32-characters-xx");
    const set = await import("./env");
    expect(set.env()).toMatchObject({ FLUX_SCHEDULER: "off", FLUX_SCHEDULER_TICK_SECONDS: 1, CRON_SECRET: "a-cron-secret-of-32-characters-xx" });
    vi.resetModules();
    vi.stubEnv("FLUX_SCHEDULER", "false");
    vi.stubEnv("FLUX_SCHEDULER_TICK_SECONDS", "0");
    vi.stubEnv("CRON_SECRET", "short");
    const bad = await import("./env");
    expect(() => bad.env()).toThrow(/Invalid configuration/);
    const message = (() => {
      try {
        bad.env();
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ["FLUX_SCHEDULER:", "FLUX_SCHEDULER_TICK_SECONDS:", "CRON_SECRET:"]) expect(message).toContain(name);
  });
});
