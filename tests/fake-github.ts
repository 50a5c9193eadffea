import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A GitHub account as the fake serves it: the profile of GET /user and the list of GET /user/emails. */
export interface FakeGitHubUser {
  id: number;
  login: string;
  name: string | null;
  /** The public profile email; null when the person keeps it private. */
  email: string | null;
  emails: { email: string; primary: boolean; verified: boolean; visibility: "public" | "private" | null }[];
}

export interface FakeGitHub {
  /** Like https://github.example.com: set it as AUTH_GITHUB_ENTERPRISE_URL. */
  url: string;
  /** `${url}/api/v3`, where GitHub Enterprise serves the REST API. */
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Who approves the next authorization (the person signed in at GitHub). */
  signInAs(user: FakeGitHubUser): void;
  /** An access token for the user, as the token endpoint would issue it. */
  issueToken(user: FakeGitHubUser): string;
  /** Every request to the REST API, with its headers. */
  apiRequests: { path: string; headers: http.IncomingHttpHeaders }[];
  stop(): Promise<void>;
}

export const fakeGitHubUser = (over: Partial<FakeGitHubUser> & Pick<FakeGitHubUser, "emails">): FakeGitHubUser => {
  const id = over.id ?? 10_000_000 + Math.floor(Math.random() * 89_999_999);
  return { id, login: `octo${id}`, name: null, email: null, ...over };
};

const base64url = (b: Buffer) => b.toString("base64url");

/**
 * Stands in for a GitHub Enterprise Server: the OAuth web flow (authorize with PKCE, token),
 * GET /user and GET /user/emails, checking each request as GitHub does (client credentials,
 * code verifier, bearer token, User-Agent, Accept) and answering in GitHub's JSON shapes.
 */
export async function startFakeGitHub(): Promise<FakeGitHub> {
  const clientId = `Iv1.${randomBytes(8).toString("hex")}`;
  const clientSecret = randomBytes(20).toString("hex");
  let current: FakeGitHubUser | null = null;
  const codes = new Map<string, { user: FakeGitHubUser; challenge: string; redirectUri: string }>();
  const tokens = new Map<string, FakeGitHubUser>();
  const apiRequests: FakeGitHub["apiRequests"] = [];

  const issueToken = (user: FakeGitHubUser) => {
    const token = `gho_${randomBytes(18).toString("hex")}`;
    tokens.set(token, user);
    return token;
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") {
      const redirectUri = url.searchParams.get("redirect_uri");
      const challenge = url.searchParams.get("code_challenge");
      if (url.searchParams.get("client_id") !== clientId || !redirectUri || !challenge || url.searchParams.get("code_challenge_method") !== "S256" || !current) {
        return json(400, { error: "invalid_request" });
      }
      const code = randomBytes(10).toString("hex");
      codes.set(code, { user: current, challenge, redirectUri });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      const state = url.searchParams.get("state");
      if (state) back.searchParams.set("state", state);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const basic = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
      const [id, secret] = basic.split(":").map(decodeURIComponent);
      if ((id ?? form.get("client_id")) !== clientId || (secret ?? form.get("client_secret")) !== clientSecret) return json(401, { error: "incorrect_client_credentials" });
      const grant = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      const verifier = form.get("code_verifier") ?? "";
      const challenge = base64url(createHash("sha256").update(verifier).digest());
      let wrong: string | null = null;
      if (!grant) wrong = "unknown or used code";
      else if (grant.redirectUri !== form.get("redirect_uri")) wrong = `redirect_uri ${form.get("redirect_uri")} is not ${grant.redirectUri}`;
      else if (challenge !== grant.challenge) wrong = "code_verifier does not match the code_challenge";
      if (wrong) return json(400, { error: "bad_verification_code", error_description: wrong });
      return json(200, { access_token: issueToken(grant!.user), token_type: "bearer", scope: "read:user,user:email" });
    }
    if (url.pathname.startsWith("/api/v3/")) {
      const path = url.pathname.slice("/api/v3".length);
      apiRequests.push({ path, headers: req.headers });
      if (!req.headers["user-agent"]) return json(403, { message: "Request forbidden by administrative rules. Please make sure your request has a User-Agent header" });
      const user = tokens.get((req.headers.authorization ?? "").replace(/^(Bearer|token) /, ""));
      if (!user) return json(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
      if (req.method === "GET" && path === "/user") {
        return json(200, { login: user.login, id: user.id, node_id: `U_${user.id}`, avatar_url: `https://avatars.example.com/u/${user.id}`, type: "User", name: user.name, email: user.email });
      }
      if (req.method === "GET" && path === "/user/emails") {
        return json(200, user.emails);
      }
    }
    json(404, { message: "Not Found", status: "404" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiBaseUrl: `${url}/api/v3`,
    clientId,
    clientSecret,
    signInAs(user) {
      current = user;
    },
    issueToken,
    apiRequests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
