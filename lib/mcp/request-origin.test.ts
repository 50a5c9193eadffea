import { describe, expect, it } from "vitest";
import { requestOrigin } from "./request-origin";

const req = (headers: Record<string, string>) => new Request("http://0.0.0.0:3000/api/mcp", { headers });

describe("requestOrigin", () => {
  it("takes Host over the listening address, and a proxy's first X-Forwarded-Host and -Proto over Host", () => {
    expect(requestOrigin(req({ host: "localhost:3000" }))).toBe("http://localhost:3000");
    expect(requestOrigin(req({ host: "10.0.0.2:3000", "x-forwarded-host": "flux.example.com, proxy.internal", "x-forwarded-proto": "https" }))).toBe("https://flux.example.com");
    expect(requestOrigin(req({ host: "[::1]:3000" }))).toBe("http://[::1]:3000");
  });

  it("falls back to the request URL for a malformed host or an unknown scheme", () => {
    expect(requestOrigin(req({ host: "evil.example/phish?x=" }))).toBe("http://0.0.0.0:3000");
    expect(requestOrigin(req({ host: "flux.example.com", "x-forwarded-proto": "javascript" }))).toBe("http://flux.example.com");
  });
});
