import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { db } from "@/lib/db/client";
import { oauthAccounts, users } from "@/lib/db/schema";
import { signUp } from "./users";
import { fakeGitHubUser, startFakeGitHub, type FakeGitHub } from "@/tests/fake-github";
import { fetchGitHubEmails, GitHubEmailsError, linkedOAuthUser, listConnectedProviders, oauthEmailClaim, resolveOAuthSignIn, type OAuthIdentity } from "./oauth-link";

const email = (label = "o") => `${label}-${randomUUID()}@flux.test`;
const accountId = () => String(Math.floor(Math.random() * 1e12));
const google = (over: Partial<OAuthIdentity>): OAuthIdentity => ({ provider: "google", providerAccountId: accountId(), email: null, emailVerified: false, ...over });
const github = (over: Partial<OAuthIdentity>): OAuthIdentity => ({ ...google(over), provider: "github", ...over });
const newUser = (address = email()) => signUp({ input: { email: address, password: "password-123" } });
const usersWithEmail = async (address: string) => (await db().select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, address))).length;

describe("OAuth sign-in rules", () => {
  it("links a verified email to the existing account, and the link holds on later sign-ins", async () => {
    const user = await newUser();
    const identity = google({ email: user.email, emailVerified: true });
    expect(await resolveOAuthSignIn({ identity })).toEqual({ ok: true, userId: user.id, how: "linked_now" });
    expect(await linkedOAuthUser(identity)).toEqual({ id: user.id, email: user.email, name: null });
    expect(await resolveOAuthSignIn({ identity })).toEqual({ ok: true, userId: user.id, how: "linked_before" });
    expect(await listConnectedProviders({ userId: user.id })).toEqual(["google"]);
  });

  it("refuses to link an unverified email to the existing account, and links nothing", async () => {
    const user = await newUser();
    for (const provider of ["google", "github"] as const) {
      const identity = { ...google({ email: user.email, emailVerified: false }), provider };
      expect(await resolveOAuthSignIn({ identity })).toEqual({ ok: false, reason: "email_not_verified" });
      expect(await linkedOAuthUser(identity)).toBeNull();
    }
    expect(await listConnectedProviders({ userId: user.id })).toEqual([]);
  });

  it("creates an account for a verified email no one has, named from the provider", async () => {
    const address = email("new");
    const identity = github({ email: address, emailVerified: true, name: "  Octo Cat " });
    const outcome = await resolveOAuthSignIn({ identity });
    expect(outcome).toMatchObject({ ok: true, how: "created" });
    const [row] = await db().select().from(users).where(eq(users.email, address));
    expect(row).toMatchObject({ name: "Octo Cat", passwordHash: null });
    expect(outcome.ok && outcome.userId).toBe(row.id);
  });

  it("creates no account for an unverified email, so nobody can squat an address its owner signs up with later", async () => {
    const address = email("squat");
    expect(await resolveOAuthSignIn({ identity: github({ email: address, emailVerified: false }) })).toEqual({ ok: false, reason: "sign_up_email_not_verified" });
    expect(await usersWithEmail(address)).toBe(0);
    await newUser(address);
  });

  it("refuses a sign-in that brings no email", async () => {
    expect(await resolveOAuthSignIn({ identity: github({ email: null, emailVerified: true }) })).toEqual({ ok: false, reason: "no_email" });
  });

  it("sends an already linked provider account to its user, whatever email it reports now", async () => {
    const user = await newUser();
    const identity = google({ email: user.email, emailVerified: true });
    await resolveOAuthSignIn({ identity });
    const other = await newUser();
    for (const now of [{ email: other.email, emailVerified: true }, { email: email(), emailVerified: false }, { email: null, emailVerified: false }]) {
      expect(await resolveOAuthSignIn({ identity: { ...identity, ...now } })).toEqual({ ok: true, userId: user.id, how: "linked_before" });
    }
  });

  it("connects a provider account to the signed-in person whatever its email, once, and never one that belongs to someone else", async () => {
    const me = await newUser();
    const someoneElse = await newUser();
    const mine = github({ email: email("elsewhere"), emailVerified: false });
    expect(await resolveOAuthSignIn({ identity: mine, connectToUserId: me.id })).toEqual({ ok: true, userId: me.id, how: "connected" });
    expect(await resolveOAuthSignIn({ identity: mine, connectToUserId: me.id })).toEqual({ ok: true, userId: me.id, how: "linked_before" });
    // Later sign-ins with it, unverified email and all, are that person.
    expect(await resolveOAuthSignIn({ identity: mine })).toEqual({ ok: true, userId: me.id, how: "linked_before" });

    const theirs = google({ email: someoneElse.email, emailVerified: true });
    await resolveOAuthSignIn({ identity: theirs });
    expect(await resolveOAuthSignIn({ identity: theirs, connectToUserId: me.id })).toEqual({ ok: false, reason: "linked_to_another_user" });
    expect((await linkedOAuthUser(theirs))?.id).toBe(someoneElse.id);
    expect(await listConnectedProviders({ userId: me.id })).toEqual(["github"]);
  });

  it("links one provider account once when two first sign-ins race", async () => {
    const address = email("race");
    const identity = google({ email: address, emailVerified: true });
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => resolveOAuthSignIn({ identity })));
    const ids = new Set(outcomes.flatMap((o) => (o.status === "fulfilled" && o.value.ok ? [o.value.userId] : [])));
    expect(ids.size).toBe(1);
    expect(await usersWithEmail(address)).toBe(1);
    expect(await db().select().from(oauthAccounts).where(eq(oauthAccounts.providerAccountId, identity.providerAccountId))).toHaveLength(1);
  });
});

describe("which email a provider vouches for", () => {
  it("trusts Google's email only when its email_verified claim is true", async () => {
    const claim = (profile: Record<string, unknown>) => oauthEmailClaim({ provider: "google", profile });
    expect(await claim({ email: " Ada@Example.COM ", email_verified: true })).toEqual({ email: "ada@example.com", emailVerified: true });
    for (const verified of [false, "true", 1, undefined, null]) {
      expect(await claim({ email: "ada@example.com", email_verified: verified })).toEqual({ email: "ada@example.com", emailVerified: false });
    }
    expect(await claim({ email_verified: true })).toEqual({ email: null, emailVerified: false });
  });
});

describe("GitHub's GET /user/emails", () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub();
  });
  afterAll(() => gh.stop());

  const entry = (address: string, over: { primary?: boolean; verified?: boolean } = {}) => ({ email: address, primary: false, verified: true, visibility: null, ...over });
  /** What Flux concludes for a GitHub account with these emails and this profile email. */
  const claim = (emails: ReturnType<typeof entry>[], profileEmail?: string | null) =>
    oauthEmailClaim({ provider: "github", profile: { email: profileEmail }, accessToken: gh.issueToken(fakeGitHubUser({ emails })), githubApiBaseUrl: gh.apiBaseUrl });

  it("sends the token, GitHub's media type, an API version and a User-Agent, and reads GitHub's answer", async () => {
    const emails = [entry("octo@example.com", { primary: true }), entry("old@example.com", { verified: false })];
    const token = gh.issueToken(fakeGitHubUser({ emails }));
    expect(await fetchGitHubEmails({ accessToken: token, apiBaseUrl: `${gh.apiBaseUrl}/` })).toEqual(emails);
    expect(gh.apiRequests.at(-1)).toEqual({
      path: "/user/emails",
      headers: expect.objectContaining({ authorization: `Bearer ${token}`, accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28", "user-agent": "Flux" }),
    });
  });

  it("calls the profile's email verified only when GitHub lists it as verified", async () => {
    const emails = [entry("primary@example.com", { primary: true }), entry("Public@Example.com"), entry("typed@example.com", { verified: false })];
    expect(await claim(emails, "public@example.com")).toEqual({ email: "public@example.com", emailVerified: true });
    expect(await claim(emails, "typed@example.com")).toEqual({ email: "typed@example.com", emailVerified: false });
    expect(await claim(emails, "not-listed@example.com")).toEqual({ email: "not-listed@example.com", emailVerified: false });
  });

  it("uses the primary email when the profile shows none, verified or not as GitHub says", async () => {
    expect(await claim([entry("second@example.com"), entry("main@example.com", { primary: true, verified: false })], null)).toEqual({ email: "main@example.com", emailVerified: false });
    expect(await claim([entry("main@example.com", { primary: true })])).toEqual({ email: "main@example.com", emailVerified: true });
    expect(await claim([])).toEqual({ email: null, emailVerified: false });
  });

  it("fails clearly, never as verified, on a bad token, no token, an odd answer or no answer", async () => {
    await expect(fetchGitHubEmails({ accessToken: "gho_wrong", apiBaseUrl: gh.apiBaseUrl })).rejects.toThrow(/401/);
    await expect(oauthEmailClaim({ provider: "github", profile: { email: "octo@example.com" }, githubApiBaseUrl: gh.apiBaseUrl })).rejects.toBeInstanceOf(GitHubEmailsError);
    const odd = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": req.url?.includes("html") ? "text/html" : "application/json" });
      res.end(req.url?.includes("html") ? "<html>" : req.url?.includes("object") ? JSON.stringify({ message: "not a list" }) : JSON.stringify([{ email: "x@example.com", primary: true, verified: "yes" }]));
    });
    await new Promise<void>((resolve) => odd.listen(0, "127.0.0.1", resolve));
    const oddBase = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`;
    for (const path of ["html", "object", "typed"]) {
      await expect(fetchGitHubEmails({ accessToken: "t", apiBaseUrl: `${oddBase}/${path}` })).rejects.toBeInstanceOf(GitHubEmailsError);
    }
    await new Promise<void>((resolve) => odd.close(() => resolve()));
    await expect(fetchGitHubEmails({ accessToken: "t", apiBaseUrl: oddBase })).rejects.toBeInstanceOf(GitHubEmailsError);
  });

  it("makes a verified GitHub email link to the existing account and an unverified one refuse", async () => {
    const user = await newUser();
    const identity = github({ ...(await claim([entry(user.email, { primary: true, verified: false })])) });
    expect(await resolveOAuthSignIn({ identity })).toEqual({ ok: false, reason: "email_not_verified" });
    const verified = await claim([entry(user.email, { primary: true })]);
    expect(await resolveOAuthSignIn({ identity: { ...identity, ...verified } })).toEqual({ ok: true, userId: user.id, how: "linked_now" });
  });
});
