import NextAuth, { CredentialsSignin } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { env, oauthProviders } from "@/lib/env";
import { linkOAuthAccount, verifyCredentials } from "./users";

class InvalidLogin extends CredentialsSignin {
  code = "invalid_login";
}

function providers(): Provider[] {
  const e = env();
  const enabled = oauthProviders();
  const list: Provider[] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        const user = email && password ? await verifyCredentials(email, password) : null;
        if (!user) throw new InvalidLogin();
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  if (enabled.github) list.push(GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET }));
  if (enabled.google) list.push(Google({ clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET }));
  return list;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  providers: providers(),
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // A wrong password is an expected outcome, not a server error worth a stack trace.
  logger: {
    error(error) {
      if ((error as { type?: string }).type !== "CredentialsSignin") console.error("[auth]", error);
    },
  },
  callbacks: {
    async jwt({ token, user, account, profile }) {
      if (account && account.provider !== "credentials") {
        const email = profile?.email ?? user?.email;
        if (!email) return null;
        const linked = await linkOAuthAccount({
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email,
          name: user?.name,
        });
        token.uid = linked.id;
      } else if (user?.id) {
        token.uid = user.id;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
}));
