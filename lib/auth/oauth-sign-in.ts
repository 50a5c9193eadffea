import { takeConnectIntent } from "./connect-intent";
import { GitHubEmailsError, isOAuthProvider, oauthEmailClaim, resolveOAuthSignIn, type OAuthRefusal } from "./oauth-link";
import type { SignInErrorCode } from "./oauth-messages";

const SIGN_IN_REFUSAL: Record<Exclude<OAuthRefusal, "linked_to_another_user">, SignInErrorCode> = {
  email_not_verified: "OAuthEmailNotVerified",
  sign_up_email_not_verified: "OAuthSignUpEmailNotVerified",
  no_email: "OAuthNoEmail",
};

const signInError = (code: SignInErrorCode, provider: string) => `/sign-in?${new URLSearchParams({ error: code, provider })}`;

/**
 * Auth.js `signIn` callback for GitHub and Google: true to go on, or where to send a refused
 * person (the sign-in page, or the account page for a refused "Connect"), with a code the
 * page turns into an explanation.
 */
export async function oauthSignInDecision(options: {
  account: { provider: string; providerAccountId: string; access_token?: string };
  profile: Record<string, unknown> | undefined;
  name?: string | null;
  currentUserId: () => Promise<string | null>;
}): Promise<true | string> {
  const { provider, providerAccountId } = options.account;
  if (!isOAuthProvider(provider)) return "/sign-in?error=AccessDenied";
  const connectToUserId = await takeConnectIntent(provider, options.currentUserId);
  let claim = { email: null as string | null, emailVerified: false };
  if (!connectToUserId) {
    try {
      claim = await oauthEmailClaim({ provider, profile: options.profile, accessToken: options.account.access_token });
    } catch (error) {
      if (!(error instanceof GitHubEmailsError)) throw error;
      console.error("[auth] GitHub emails:", error.message);
      return signInError("OAuthEmailCheckFailed", provider);
    }
  }
  const outcome = await resolveOAuthSignIn({ identity: { provider, providerAccountId, ...claim, name: options.name }, connectToUserId });
  if (outcome.ok) return true;
  if (outcome.reason === "linked_to_another_user") return `/account?${new URLSearchParams({ connect_error: outcome.reason, provider })}`;
  return signInError(SIGN_IN_REFUSAL[outcome.reason], provider);
}
