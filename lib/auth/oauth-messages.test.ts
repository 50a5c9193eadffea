import { describe, expect, it } from "vitest";
import { connectMessage, SIGN_IN_ERRORS, signInErrorMessage } from "./oauth-messages";

describe("sign-in refusal messages", () => {
  it("tell someone whose email the provider did not verify how to link the accounts", () => {
    const text = signInErrorMessage("OAuthEmailNotVerified", "github")!;
    expect(text).toContain("GitHub did not confirm that your email address is verified");
    expect(text).toContain('sign in with your email and password, then choose "Connect GitHub" on your account page');
    expect(signInErrorMessage("OAuthAccountNotLinked", "google")).toContain('"Connect Google"');
  });

  it("explain every refusal Flux sends with its own words, and fall back for Auth.js's codes", () => {
    const generic = "Sign-in failed. Try again.";
    for (const code of Object.keys(SIGN_IN_ERRORS)) {
      const text = signInErrorMessage(code, "google")!;
      expect(text).not.toBe(generic);
      expect(text).toContain("Google");
    }
    expect(signInErrorMessage("Configuration", "github")).toBe(generic);
    expect(signInErrorMessage("<script>", undefined)).toBe(generic);
    expect(signInErrorMessage(undefined)).toBeNull();
  });

  it("say on the account page whether a provider was connected", () => {
    expect(connectMessage({ connected: "github" })).toEqual({ ok: true, text: "GitHub is connected: you can now sign in with it." });
    expect(connectMessage({ error: "linked_to_another_user", provider: "google" })).toEqual({ ok: false, text: "This Google account is already connected to another Flux account, so it was not connected to yours." });
    expect(connectMessage({ error: "AccessDenied", provider: "github" })?.ok).toBe(false);
    expect(connectMessage({})).toBeNull();
  });
});
