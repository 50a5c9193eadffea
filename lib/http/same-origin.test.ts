import { describe, expect, it } from "vitest";
import { FluxError } from "@/lib/errors";
import { assertSameOriginMutation, isSameOrigin } from "./same-origin";

const req = (method: string, headers: Record<string, string>) => new Request("http://localhost:3000/api/v1/query", { method, headers });
const refusal = (r: Request) => {
  try {
    assertSameOriginMutation(r);
    return null;
  } catch (error) {
    return error instanceof FluxError ? { status: error.status, code: error.code } : error;
  }
};
const json = { "content-type": "application/json", "content-length": "2" };

describe("isSameOrigin", () => {
  it("believes Sec-Fetch-Site when the browser sends it, whatever Origin says", () => {
    expect(isSameOrigin(new Headers({ "sec-fetch-site": "same-origin", host: "flux.test" }))).toBe(true);
    for (const site of ["cross-site", "same-site", "none", ""]) {
      expect(isSameOrigin(new Headers({ "sec-fetch-site": site, origin: "http://flux.test", host: "flux.test" }))).toBe(false);
    }
  });

  it("otherwise wants Origin to name this host, with its port", () => {
    expect(isSameOrigin(new Headers({ origin: "http://flux.test:3000", host: "flux.test:3000" }))).toBe(true);
    expect(isSameOrigin(new Headers({ origin: "http://FLUX.test:3000", host: "flux.test:3000" }))).toBe(true);
    expect(isSameOrigin(new Headers({ origin: "http://flux.test:3001", host: "flux.test:3000" }))).toBe(false);
    expect(isSameOrigin(new Headers({ origin: "http://flux.test.evil.example", host: "flux.test" }))).toBe(false);
    expect(isSameOrigin(new Headers({ origin: "null", host: "flux.test" }))).toBe(false);
    expect(isSameOrigin(new Headers({ origin: "not a url", host: "flux.test" }))).toBe(false);
    expect(isSameOrigin(new Headers({ host: "flux.test" }))).toBe(false);
  });

  it("takes the host from the first X-Forwarded-Host, as Next does for server actions", () => {
    expect(isSameOrigin(new Headers({ origin: "https://flux.example.com", host: "127.0.0.1:3000", "x-forwarded-host": "flux.example.com, proxy.internal" }))).toBe(true);
    expect(isSameOrigin(new Headers({ origin: "https://127.0.0.1:3000", host: "127.0.0.1:3000", "x-forwarded-host": "flux.example.com" }))).toBe(false);
  });
});

describe("assertSameOriginMutation", () => {
  it("leaves reads alone, from anywhere", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(refusal(req(method, { origin: "https://evil.example", host: "localhost:3000" }))).toBeNull();
  });

  it("refuses a cross-origin mutation with 403 before looking at its body", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(refusal(req(method, { ...json, origin: "https://evil.example", host: "localhost:3000" }))).toEqual({ status: 403, code: "forbidden" });
      expect(refusal(req(method, { "content-type": "text/plain", "content-length": "2", "sec-fetch-site": "cross-site" }))).toEqual({ status: 403, code: "forbidden" });
    }
  });

  it("refuses a same-origin body that is not declared JSON with 415", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "text/json"]) {
      expect(refusal(req("POST", { "content-type": type, "content-length": "2", "sec-fetch-site": "same-origin" }))).toEqual({ status: 415, code: "unsupported_media_type" });
    }
    expect(refusal(req("POST", { "content-length": "2", "sec-fetch-site": "same-origin" }))).toEqual({ status: 415, code: "unsupported_media_type" });
    expect(refusal(req("POST", { "transfer-encoding": "chunked", "sec-fetch-site": "same-origin" }))).toEqual({ status: 415, code: "unsupported_media_type" });
  });

  it("accepts same-origin JSON, with parameters, and a body-less request without a type", () => {
    expect(refusal(req("PATCH", { "content-type": "Application/JSON; charset=utf-8", "content-length": "2", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(refusal(req("DELETE", { "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(refusal(req("POST", { "content-length": "0", origin: "http://localhost:3000", host: "localhost:3000" }))).toBeNull();
    // A declared type must be JSON even when the body is empty: that is how a bare form posts.
    expect(refusal(req("POST", { "content-type": "application/x-www-form-urlencoded", "content-length": "0", "sec-fetch-site": "same-origin" }))).toEqual({ status: 415, code: "unsupported_media_type" });
  });
});
