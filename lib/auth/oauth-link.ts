import { and, eq, sql as dsql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { oauthAccounts, users } from "@/lib/db/schema";
import { env } from "@/lib/env";

export const OAUTH_PROVIDERS = ["github", "google"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];
export const isOAuthProvider = (value: unknown): value is OAuthProvider => OAUTH_PROVIDERS.includes(value as OAuthProvider);

/** What a provider told us about the person: their account there and their email. */
export interface OAuthIdentity {
  provider: OAuthProvider;
  providerAccountId: string;
  /** Lower-cased; null when the provider shared none. */
  email: string | null;
  /** True only when the provider itself says the address is verified. */
  emailVerified: boolean;
  name?: string | null;
}

/** Why a sign-in was refused; the sign-in page and the account page explain each. */
export type OAuthRefusal = "email_not_verified" | "sign_up_email_not_verified" | "no_email" | "linked_to_another_user";

export type OAuthOutcome =
  | { ok: true; userId: string; how: "linked_before" | "linked_now" | "created" | "connected" }
  | { ok: false; reason: OAuthRefusal };

export const GITHUB_API = "https://api.github.com";

/** GitHub Enterprise Server's address (AUTH_GITHUB_ENTERPRISE_URL), if Flux signs in there. */
export function githubEnterpriseUrl(): string | undefined {
  return env().AUTH_GITHUB_ENTERPRISE_URL?.replace(/\/+$/, "");
}

function githubApiBaseUrl(): string {
  const enterprise = githubEnterpriseUrl();
  return enterprise ? `${enterprise}/api/v3` : GITHUB_API;
}

export class GitHubEmailsError extends Error {}

const GitHubEmails = z.array(
  z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean(), visibility: z.string().nullish() }),
);
export type GitHubEmails = z.infer<typeof GitHubEmails>;

/**
 * GitHub's own word on which addresses are verified (`GET /user/emails`, scope user:email):
 * the profile's email alone proves nothing. The base URL is a parameter for GitHub Enterprise
 * (`https://host/api/v3`) and for tests that stand in for GitHub.
 */
export async function fetchGitHubEmails(options: { accessToken: string; apiBaseUrl?: string; timeoutMs?: number }): Promise<GitHubEmails> {
  const base = (options.apiBaseUrl ?? githubApiBaseUrl()).replace(/\/+$/, "");
  let response: Response;
  try {
    response = await fetch(`${base}/user/emails`, {
      headers: {
        Authorization: `Bearer ${options.accessToken}`,
        Accept: "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        // GitHub refuses requests without a User-Agent.
        "User-Agent": "Flux",
      },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new GitHubEmailsError("GitHub could not be reached", { cause: error });
  }
  if (!response.ok) throw new GitHubEmailsError(`GitHub answered ${response.status} to GET /user/emails`);
  const parsed = GitHubEmails.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new GitHubEmailsError("GitHub's list of emails had an unexpected shape");
  return parsed.data;
}

/**
 * The email a provider vouches for. Google puts `email_verified` in the signed ID token.
 * GitHub: the profile's (public) email, else the primary one, verified only if
 * `GET /user/emails` lists that address as verified.
 */
export async function oauthEmailClaim(options: {
  provider: OAuthProvider;
  profile: Record<string, unknown> | undefined;
  accessToken?: string;
  githubApiBaseUrl?: string;
}): Promise<{ email: string | null; emailVerified: boolean }> {
  const profileEmail = typeof options.profile?.email === "string" && options.profile.email.trim() ? options.profile.email.trim().toLowerCase() : null;
  if (options.provider === "google") return { email: profileEmail, emailVerified: profileEmail !== null && options.profile?.email_verified === true };
  if (!options.accessToken) throw new GitHubEmailsError("No GitHub access token to ask for the verified emails with");
  const emails = await fetchGitHubEmails({ accessToken: options.accessToken, apiBaseUrl: options.githubApiBaseUrl });
  const email = profileEmail ?? emails.find((e) => e.primary)?.email.trim().toLowerCase() ?? null;
  const entry = email ? emails.find((e) => e.email.trim().toLowerCase() === email) : undefined;
  return { email, emailVerified: entry?.verified === true };
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

async function linkedUser(tx: Tx, identity: { provider: string; providerAccountId: string }): Promise<string | null> {
  const [row] = await tx
    .select({ userId: oauthAccounts.userId })
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.provider, identity.provider), eq(oauthAccounts.providerAccountId, identity.providerAccountId)))
    .limit(1);
  return row?.userId ?? null;
}

/** Links, unless someone got there first; answers who the provider account belongs to now. */
async function link(tx: Tx, identity: OAuthIdentity, userId: string): Promise<string> {
  await tx.insert(oauthAccounts).values({ provider: identity.provider, providerAccountId: identity.providerAccountId, userId }).onConflictDoNothing();
  return (await linkedUser(tx, identity)) ?? userId;
}

/**
 * Who a GitHub or Google sign-in is, by these rules:
 * 1. A provider account linked before signs in as its user (its email may have changed since).
 * 2. Connecting (`connectToUserId`: a signed-in person asked for it from their account page)
 *    links the provider account to them, unless it already belongs to someone else.
 * 3. An existing user with the same email is linked only when the provider says the email is
 *    verified; otherwise refused, so an address someone merely typed at GitHub cannot take over.
 * 4. No user with that email: a new one, again only for a verified email. An unverified one
 *    would let someone squat an address (and see invitations sent to it) before its owner signs up.
 */
export async function resolveOAuthSignIn({ identity, connectToUserId }: { identity: OAuthIdentity; connectToUserId?: string | null }): Promise<OAuthOutcome> {
  return db().transaction(async (tx) => {
    const owner = await linkedUser(tx, identity);
    if (connectToUserId) {
      if (owner && owner !== connectToUserId) return { ok: false, reason: "linked_to_another_user" };
      if (owner) return { ok: true, userId: owner, how: "linked_before" };
      const now = await link(tx, identity, connectToUserId);
      return now === connectToUserId ? { ok: true, userId: now, how: "connected" } : { ok: false, reason: "linked_to_another_user" };
    }
    if (owner) return { ok: true, userId: owner, how: "linked_before" };
    if (!identity.email) return { ok: false, reason: "no_email" };
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(dsql`lower(${users.email})`, identity.email)).limit(1);
    if (existing) {
      if (!identity.emailVerified) return { ok: false, reason: "email_not_verified" };
      return { ok: true, userId: await link(tx, identity, existing.id), how: "linked_now" };
    }
    if (!identity.emailVerified) return { ok: false, reason: "sign_up_email_not_verified" };
    const [created] = await tx.insert(users).values({ email: identity.email, name: identity.name?.trim() || null }).onConflictDoNothing().returning({ id: users.id });
    // Lost a race with a sign-up of the same email: that account exists now and the email is verified.
    const userId = created?.id ?? (await tx.select({ id: users.id }).from(users).where(eq(dsql`lower(${users.email})`, identity.email)).limit(1))[0].id;
    return { ok: true, userId: await link(tx, identity, userId), how: created ? "created" : "linked_now" };
  });
}

/**
 * The Flux user a provider account is linked to, for the session token after sign-in: its
 * email and name are Flux's, not the provider's (a connected GitHub account may use another).
 */
export async function linkedOAuthUser(identity: { provider: string; providerAccountId: string }): Promise<{ id: string; email: string; name: string | null } | null> {
  const [row] = await db()
    .select({ id: users.id, email: users.email, name: users.name })
    .from(oauthAccounts)
    .innerJoin(users, eq(users.id, oauthAccounts.userId))
    .where(and(eq(oauthAccounts.provider, identity.provider), eq(oauthAccounts.providerAccountId, identity.providerAccountId)))
    .limit(1);
  return row ?? null;
}

/** Which providers the person has connected, for their account page. */
export async function listConnectedProviders({ userId }: { userId: string }): Promise<OAuthProvider[]> {
  const rows = await db().selectDistinct({ provider: oauthAccounts.provider }).from(oauthAccounts).where(eq(oauthAccounts.userId, userId));
  return rows.map((r) => r.provider).filter(isOAuthProvider).sort();
}
