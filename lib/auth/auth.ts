import NextAuth, { CredentialsSignin } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { env, oauthProviders } from "@/lib/env";
import { githubEnterpriseUrl, linkedOAuthUser } from "./oauth-link";
import { oauthSignInDecision } from "./oauth-sign-in";
import { attemptSource, checkPassword } from "./password-attempts";
import { endSession, SESSION_MAX_AGE_SECONDS, sessionIsLive, startSession } from "./sessions";

declare module "next-auth" {
  interface Session {
    /** The user_sessions row this browser's cookie names (lib/auth/sessions.ts). */
    sessionId?: string;
  }
}

class InvalidLogin extends CredentialsSignin {
  code = "invalid_login";
}

/** Refused before any password hash: the sign-in action and the HTTP route say when to retry. */
export class RateLimitedLogin extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

const CLIENT_MISTAKES = new Set(["CredentialsSignin", "UnknownAction", "MissingCSRF"]);

function providers(): Provider[] {
  const e = env();
  const enabled = oauthProviders();
  const list: Provider[] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      // Both ways in (the sign-in form's server action and a direct POST to
      // /api/auth/callback/credentials) end here, so the limits hold for both.
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password) throw new InvalidLogin();
        const check = await checkPassword({ email, password, source: attemptSource(request.headers) });
        if (check.outcome === "rate_limited") throw new RateLimitedLogin(check.retryAfterSeconds);
        if (check.outcome === "wrong") throw new InvalidLogin();
        return { id: check.user.id, email: check.user.email, name: check.user.name };
      },
    }),
  ];
  if (enabled.github) list.push(GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET, enterprise: { baseUrl: githubEnterpriseUrl() } }));
  if (enabled.google) list.push(Google({ clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET }));
  return list;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  providers: providers(),
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // A wrong password, an unknown /api/auth action or a missing CSRF token is the client's
  // mistake (answered 4xx), not a server error worth a stack trace.
  logger: {
    error(error) {
      if (!CLIENT_MISTAKES.has((error as { type?: string }).type ?? "")) console.error("[auth]", error);
    },
  },
  callbacks: {
    // GitHub / Google: links or refuses by the provider's verified email (lib/auth/oauth-sign-in.ts);
    // a refusal is a redirect to a page that explains it.
    async signIn({ user, account, profile }) {
      if (!account || account.provider === "credentials") return true;
      return oauthSignInDecision({ account, profile, name: user?.name, currentUserId: currentSessionUserId });
    },
    async jwt({ token, user, account }) {
      if (account && account.provider !== "credentials") {
        const linked = await linkedOAuthUser({ provider: account.provider, providerAccountId: account.providerAccountId });
        if (!linked) return null;
        Object.assign(token, { uid: linked.id, email: linked.email, name: linked.name });
      } else if (user?.id) {
        token.uid = user.id;
      }
      // A sign-in (any provider) gets its own revocable row; every later use of the cookie must
      // still find it, or the session ends here (Auth.js clears the cookie on null).
      if (account) {
        token.sid = await startSession({ userId: token.uid as string });
        return token;
      }
      return (await sessionIsLive({ sessionId: token.sid, userId: token.uid })) ? token : null;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    async signOut(message) {
      if ("token" in message) await endSession({ sessionId: message.token?.sid });
    },
  },
}));

/** Who is signed in on this request, for "Connect GitHub" (asked only when its note is present). */
async function currentSessionUserId(): Promise<string | null> {
  return (await auth())?.user?.id ?? null;
}
