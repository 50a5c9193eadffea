import { afterEach, describe, expect, it } from "vitest";
import { env, reloadEnv } from "@/lib/env";
import { browserLiveConfig, liveConnectSources, pusherSettings } from "./live-config";

const KEYS = ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET", "PUSHER_CLUSTER", "PUSHER_HOST", "PUSHER_PORT", "PUSHER_USE_TLS"];
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
function use(vars: Record<string, string>) {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, vars);
  reloadEnv();
}
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  reloadEnv();
});

const account = { PUSHER_APP_ID: "1", PUSHER_KEY: "public-key", PUSHER_SECRET: "secret" };

describe("live transport configuration", () => {
  it("is the built-in transport without Pusher settings, with nothing extra for the page's CSP", () => {
    use({});
    expect(pusherSettings()).toBeNull();
    expect(browserLiveConfig()).toEqual({ transport: "sse" });
    expect(liveConnectSources()).toEqual([]);
  });

  it("uses hosted Pusher by cluster over TLS, and never hands the secret to browsers", () => {
    use({ ...account, PUSHER_CLUSTER: "eu" });
    const config = browserLiveConfig();
    expect(config).toEqual({ transport: "pusher", key: "public-key", cluster: "eu", forceTLS: true });
    expect(JSON.stringify(config)).not.toContain("secret");
    expect(liveConnectSources()).toEqual(["wss://ws-eu.pusher.com"]);
  });

  it("uses a self-hosted Pusher-protocol server by host, port and TLS setting", () => {
    use({ ...account, PUSHER_HOST: "soketi.internal", PUSHER_PORT: "6001", PUSHER_USE_TLS: "false" });
    expect(browserLiveConfig()).toEqual({ transport: "pusher", key: "public-key", cluster: "mt1", wsHost: "soketi.internal", wsPort: 6001, forceTLS: false });
    expect(liveConnectSources()).toEqual(["ws://soketi.internal:6001"]);
  });

  it("refuses a half-configured Pusher at start-up, naming what is missing", () => {
    use({ PUSHER_APP_ID: "1", PUSHER_KEY: "k" });
    expect(() => env()).toThrow(/PUSHER_APP_ID.*PUSHER_SECRET/);
    use({ ...account });
    expect(() => env()).toThrow(/PUSHER_CLUSTER or PUSHER_HOST/);
    use({ ...account, PUSHER_HOST: "https://pusher.example.com" });
    expect(() => env()).toThrow(/PUSHER_HOST/);
  });
});
