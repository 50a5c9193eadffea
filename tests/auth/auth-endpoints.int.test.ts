import { describe, expect, it } from "vitest";
import { baseUrl } from "@/tests/fixtures";
import { Browser } from "./browser";

describe("/api/auth/* answers what it cannot handle in the error envelope", () => {
  it("an unknown action or a malformed path is 400, never Auth.js's bare answer", async () => {
    const browser = new Browser(baseUrl());
    for (const [method, path] of [["GET", "/api/auth/nothing-here"], ["POST", "/api/auth/a/b/c"], ["GET", "/api/auth/%25"], ["POST", "/api/auth/session"]]) {
      const answer = await browser.request(path, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      expect(answer.status, `${method} ${path}`).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({ error: { code: "bad_request", message: expect.stringContaining("sign-in service") } });
    }
  });

  it("keeps Auth.js's own answers for what it does handle", async () => {
    const browser = new Browser(baseUrl());
    expect((await browser.request("/api/auth/session")).status).toBe(200);
    expect(JSON.parse((await browser.request("/api/auth/csrf")).body)).toEqual({ csrfToken: expect.any(String) });
  });
});
