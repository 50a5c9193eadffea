import { describe, expect, it } from "vitest";
import { normaliseAddress, resolveClientAddress } from "./client-address";

describe("the client address rate limits count by", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress({ peer: "203.0.113.9", forwardedFor: "1.2.3.4", trustedProxies: 0 })).toBe("203.0.113.9");
    expect(resolveClientAddress({ peer: "203.0.113.9", forwardedFor: null, trustedProxies: 0 })).toBe("203.0.113.9");
  });

  it("with trusted proxies, is the entry each proxy appended, never one a client typed in front", () => {
    // nginx appends the address it saw; the peer Flux sees is nginx itself.
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "198.51.100.7", trustedProxies: 1 })).toBe("198.51.100.7");
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.7", trustedProxies: 1 })).toBe("198.51.100.7");
    // A CDN in front of a load balancer: two hops appended.
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.7, 10.0.0.9", trustedProxies: 2 })).toBe("198.51.100.7");
  });

  it("with a shorter chain than the trusted hops, falls back to the leftmost entry", () => {
    expect(resolveClientAddress({ peer: "10.0.0.2", forwardedFor: null, trustedProxies: 2 })).toBe("10.0.0.2");
  });

  it("is one key per IPv4 address, with ports and IPv4-mapped IPv6 forms folded", () => {
    expect(normaliseAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseAddress("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseAddress("192.0.2.1:5555")).toBe("192.0.2.1");
    expect(normaliseAddress(" 192.0.2.1 ")).toBe("192.0.2.1");
  });

  it("is the /64 prefix for IPv6, so rotating addresses inside one subscriber's network changes nothing", () => {
    const a = normaliseAddress("2001:db8:1:2:aaaa::1");
    expect(a).toBe("2001:db8:1:2::/64");
    expect(normaliseAddress("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe(a);
    expect(normaliseAddress("[2001:db8:1:2::99]:443")).toBe(a);
    expect(normaliseAddress("2001:db8:1:3::1")).not.toBe(a);
    expect(normaliseAddress("::1")).toBe("0:0:0:0::/64");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(normaliseAddress("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("keeps anything that is not an address apart, bounded in size", () => {
    expect(normaliseAddress("unknown")).toBe("other:unknown");
    expect(normaliseAddress("x".repeat(500))).toHaveLength("other:".length + 64);
    expect(normaliseAddress("")).toBe("other:unknown");
  });
});
