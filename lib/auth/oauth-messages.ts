// What the sign-in page and the account page say after a GitHub or Google sign-in was refused.
// Client-safe: no database, no secrets. The codes travel in the URL (`?error=`, `?connect_error=`).

export const SIGN_IN_ERRORS = {
  OAuthEmailNotVerified: "email_not_verified",
  OAuthSignUpEmailNotVerified: "sign_up_email_not_verified",
  OAuthNoEmail: "no_email",
  OAuthEmailCheckFailed: "email_check_failed",
} as const;

export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

export function providerName(provider: string | undefined): string {
  return provider === "github" ? "GitHub" : provider === "google" ? "Google" : "The provider";
}

/** Text for `/sign-in?error=<code>&provider=<id>`; Auth.js's own codes get the generic line. */
export function signInErrorMessage(code: string | undefined, provider?: string): string | null {
  if (!code) return null;
  const name = providerName(provider);
  switch (code) {
    case "OAuthEmailNotVerified":
    case "OAuthAccountNotLinked":
      return `${name} did not confirm that your email address is verified, so it was not linked to the Flux account with that email. To link them, sign in with your email and password, then choose "Connect ${name}" on your account page.`;
    case "OAuthSignUpEmailNotVerified":
      return `${name} did not confirm that your email address is verified, so no Flux account was created with it. Verify the address at ${name} and try again, or create an account with email and password.`;
    case "OAuthNoEmail":
      return `${name} did not share an email address with Flux. Add one at ${name} and try again, or create an account with email and password.`;
    case "OAuthEmailCheckFailed":
      return `Flux could not check your email address with ${name}. Try again in a moment.`;
    default:
      return "Sign-in failed. Try again.";
  }
}

/** Text for `/account?connected=<id>` or `/account?connect_error=<code>&provider=<id>`. */
export function connectMessage(params: { connected?: string | null; error?: string | null; provider?: string | null }): { ok: boolean; text: string } | null {
  if (params.connected) return { ok: true, text: `${providerName(params.connected)} is connected: you can now sign in with it.` };
  if (!params.error) return null;
  const name = providerName(params.provider ?? undefined);
  if (params.error === "linked_to_another_user") {
    return { ok: false, text: `This ${name} account is already connected to another Flux account, so it was not connected to yours.` };
  }
  return { ok: false, text: `${name} could not be connected. Try again.` };
}
