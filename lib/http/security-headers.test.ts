import { describe, expect, it } from "vitest";
import { BASE_SECURITY_HEADERS, contentSecurityHeaders, contentSecurityPolicy, newNonce, oauthFormActions } from "./security-headers";

const directives = (policy: string) => new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe("contentSecurityPolicy", () => {
  it("lets a page run only scripts carrying its nonce, and nothing inline or evaluated", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123==" }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allows eval only in development, where React's overlay needs it", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("runs no script at all without a nonce (API responses, static files)", () => {
    expect(directives(contentSecurityPolicy({ nonce: null })).get("script-src")).toEqual(["'none'"]);
  });

  it("grows by parameters: realtime hosts, OAuth form targets, framing origins, https", () => {
    const csp = directives(contentSecurityPolicy({
      nonce: "n",
      connectSources: ["wss://ws-eu.pusher.com"],
      formActions: ["https://github.com"],
      frameAncestors: ["https://intranet.example"],
      https: true,
    }));
    expect(csp.get("connect-src")).toEqual(["'self'", "wss://ws-eu.pusher.com"]);
    expect(csp.get("form-action")).toEqual(["'self'", "https://github.com"]);
    expect(csp.get("frame-ancestors")).toEqual(["https://intranet.example"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("contentSecurityHeaders", () => {
  it("adds X-Frame-Options: DENY only when nobody may frame the response", () => {
    expect(contentSecurityHeaders({ nonce: "n" })["X-Frame-Options"]).toBe("DENY");
    expect(contentSecurityHeaders({ nonce: "n", frameAncestors: ["'none'"] })["X-Frame-Options"]).toBe("DENY");
    expect(contentSecurityHeaders({ nonce: "n", frameAncestors: ["https://intranet.example"] })).not.toHaveProperty("X-Frame-Options");
  });

  it("sends the response-independent headers", () => {
    expect(BASE_SECURITY_HEADERS).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin" });
    expect(BASE_SECURITY_HEADERS["Permissions-Policy"]).toContain("camera=()");
  });
});

describe("oauthFormActions", () => {
  it("lets the sign-in form end up on each enabled provider's authorize page, and no other", () => {
    expect(oauthFormActions({ github: false, google: false })).toEqual([]);
    expect(oauthFormActions({ github: true, google: true })).toEqual(["https://github.com", "https://accounts.google.com"]);
    expect(oauthFormActions({ github: true, google: false, githubEnterpriseUrl: "https://git.example.com/sub/" })).toEqual(["https://git.example.com"]);
    expect(oauthFormActions({ github: false, google: true, githubEnterpriseUrl: "https://git.example.com" })).toEqual(["https://accounts.google.com"]);
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
