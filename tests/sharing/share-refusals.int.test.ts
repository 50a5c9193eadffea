import { beforeAll, describe, expect, it } from "vitest";
import { signShareGrant } from "@/lib/sharing/share-token";
import { sql } from "@/lib/db/client";
import { reloadEnv } from "@/lib/env";
import { testAppEnv } from "../../scripts/lib/test-stack";
import type { Answer } from "@/tests/auth/browser";
import {
  NOT_FOUND_BODY,
  NOT_FOUND_PAGE_TEXT,
  expectNothingOf,
  expectShareNotFound,
  expireLink,
  revokeLink,
  shareLink,
  sharedSetup,
  unlock,
  visitor,
  type SharedSetup,
} from "./share-visitor";

// Every way a share token can fail gets the same 404, on every visitor route and on the page,
// and a share token opens nothing but its own dashboard's read-only routes.

const PASSWORD = "correct horse 42";
let s: SharedSetup;
let elsewhere: SharedSetup;

beforeAll(async () => {
  [s, elsewhere] = await Promise.all([sharedSetup(), sharedSetup()]);
});

describe("GET /api/v1/shared/{token}", () => {
  it("answers the dashboard alone: its widgets, its policy and catalog entries of only the names its widgets read", async () => {
    const link = await shareLink(s, { allowRangeChange: true, maxLookbackDays: 30 });
    const res = await visitor().request(`/api/v1/shared/${link.token}`);
    expect(res.status, res.body).toBe(200);
    const body = JSON.parse(res.body);
    expect(Object.keys(body).sort()).toEqual(["dashboard", "dashboardId", "policy"]);
    expect(body.dashboardId).toBe(s.dashboardId);
    expect(body.policy).toEqual({ allowRangeChange: true, maxLookbackDays: 30 });
    expect(Object.keys(body.dashboard).sort()).toEqual(["catalog", "interval", "name", "range", "refreshSeconds", "widgets"]);
    expect(body.dashboard.name).toBe(s.dashboardName);
    expect(body.dashboard.range).toEqual(s.range);
    expect(body.dashboard.widgets.map((w: { id: string }) => w.id)).toEqual(["total", "trend", "split", "plans"]);
    expect(body.dashboard.catalog.map(([name]: [string]) => name).sort()).toEqual([`event:${s.shownEvent}`, `metric:${s.shownMetric}`]);
    // No project id or name, no other dashboard, no secret metric, no creator, not the token's hash.
    expectNothingOf(s, res.body, "the shared dashboard");
    expect(res.body).not.toContain(link.id);
    expect(res.body).not.toContain("Wall screen");
    expect(res.headers["cache-control"] ?? "").not.toMatch(/public/);
  });

  it("the page's HTML and its streamed payload carry nothing of the project either", async () => {
    const { token } = await shareLink(s, { allowRangeChange: true });
    for (const query of ["", "?embed=1", `?range=24h&project=${elsewhere.p.projectId}`]) {
      const page = await visitor().request(`/share/${token}${query}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('data-testid="shared-dashboard"');
      expect(page.body).toContain(s.dashboardName);
      expectNothingOf(s, page.body, `the page${query}`);
      expect(page.body).not.toContain(elsewhere.dashboardName);
    }
  });

  it("ignores any project or dashboard id the visitor adds to the URL", async () => {
    const { token } = await shareLink(s);
    const v = visitor();
    const plain = await v.request(`/api/v1/shared/${token}`);
    for (const extra of [`?project=${elsewhere.p.projectId}`, `?dashboardId=${s.otherDashboardId}`, `?dashboard=${elsewhere.dashboardId}&projectId=${elsewhere.p.projectId}`]) {
      const res = await v.request(`/api/v1/shared/${token}${extra}`);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual(JSON.parse(plain.body));
    }
  });
});

describe("a share token on any other route", () => {
  it("opens no project route, whether sent as a bearer key, as the grant header or as the grant cookie (401/404, never data)", async () => {
    const open = await shareLink(s);
    const locked = await shareLink(s, { password: PASSWORD });
    const grant = JSON.parse((await unlock(visitor(), locked.token, PASSWORD)).body).grant as string;
    expect(grant).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    const routes: [string, string, string?][] = [
      ["GET", `/api/v1/dashboards/${s.dashboardId}`],
      ["GET", `/api/v1/dashboards/${s.otherDashboardId}`],
      ["GET", `/api/v1/dashboards/${elsewhere.dashboardId}`],
      ["GET", "/api/v1/dashboards"],
      ["POST", "/api/v1/query", JSON.stringify({ source: "metric", name: s.secretMetric, aggregation: "avg", range: "90d" })],
      ["GET", "/api/v1/metrics"],
      ["GET", `/api/v1/metrics/${encodeURIComponent(s.secretMetric)}`],
      ["GET", "/api/v1/event-names"],
      ["GET", "/api/v1/events"],
      ["GET", "/api/v1/annotations"],
      ["GET", "/api/v1/anomalies"],
      ["GET", "/api/v1/live"],
      ["GET", "/api/v1/project"],
      ["GET", "/api/v1/share-links"],
      ["GET", `/api/v1/dashboards/${s.dashboardId}/share-links`],
      ["DELETE", `/api/v1/share-links/${open.id}`],
    ];
    const credentials: [string, Record<string, string>][] = [
      ["bearer token", { authorization: `Bearer ${open.token}` }],
      ["bearer token of a password link", { authorization: `Bearer ${locked.token}` }],
      ["token as grant header", { "x-flux-share-grant": open.token }],
      ["valid grant header", { "x-flux-share-grant": grant }],
      ["valid grant cookie", { cookie: `flux-share-${locked.id}=${grant}` }],
      ["token as grant cookie", { cookie: `flux-share-${open.id}=${open.token}` }],
    ];
    const v = visitor();
    for (const [method, path, body] of routes) {
      for (const [label, headers] of credentials) {
        for (const suffix of ["", `${path.includes("?") ? "&" : "?"}project=${s.p.projectId}`]) {
          const res = await v.request(`${path}${suffix}`, { method, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) }, body });
          const what = `${method} ${path}${suffix} with ${label}`;
          expect([401, 404], `${what}: ${res.status} ${res.body.slice(0, 200)}`).toContain(res.status);
          expectNothingOf(s, res.body, what);
          expect(res.body, what).not.toContain(s.dashboardName);
          expect(res.body, what).not.toContain(s.shownMetric);
        }
      }
    }
    // The link still works, and was not revoked by the DELETE above.
    expect((await visitor().request(`/api/v1/shared/${open.token}`)).status).toBe(200);
  });

  it("the visitor's own routes of one link do not answer with another link's grant", async () => {
    const [a, b] = [await shareLink(s, { password: PASSWORD }), await shareLink(s, { password: "another password 7" })];
    const grantA = JSON.parse((await unlock(visitor(), a.token, PASSWORD)).body).grant as string;
    expect((await visitor().request(`/api/v1/shared/${a.token}`, { headers: { "x-flux-share-grant": grantA } })).status).toBe(200);
    expectShareNotFound(await visitor().request(`/api/v1/shared/${b.token}`, { headers: { "x-flux-share-grant": grantA } }), "grant of another link (header)");
    expectShareNotFound(await visitor().request(`/api/v1/shared/${b.token}`, { headers: { cookie: `flux-share-${b.id}=${grantA}` } }), "grant of another link (cookie)");
  });
});

describe("every refusal is the same 404", () => {
  // A refused lookup counts against the client's address, so each request comes from an address of its own.
  let refusals: [string, string, Record<string, string>][];
  let pageRefusals: [string, string, Record<string, string>][];
  let dashboardId: string;

  beforeAll(async () => {
    dashboardId = s.dashboardId;
    const expired = await shareLink(s);
    await expireLink(expired.id);
    const revoked = await shareLink(s);
    expect((await revokeLink(s, revoked.id)).status).toBe(200);
    const soon = await shareLink(s, { expiresAt: new Date(Date.now() + 2000).toISOString() });
    const locked = await shareLink(s, { password: PASSWORD });
    const [row] = await sql()`SELECT password_hash FROM share_links WHERE id = ${locked.id}`;
    // The app's secret, so this process can sign a grant the app would take, had it not expired.
    process.env.AUTH_SECRET = testAppEnv({ databaseUrl: "", distDir: "" }).AUTH_SECRET;
    reloadEnv();
    const stale = signShareGrant({ linkId: locked.id, passwordHash: row.password_hash as string, now: Date.now() - 13 * 3600_000 });
    const real = JSON.parse((await unlock(visitor(), locked.token, PASSWORD)).body).grant as string;
    const [expires, mac] = real.split(".");
    const forged = `${Number(expires) + 3600}.${mac}`;
    const unknown = `fxs_${"A".repeat(43)}`;
    // Wait out the short expiry: a link that was live a moment ago is refused like any other.
    expect((await visitor().request(`/api/v1/shared/${soon.token}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(soon.expiresAt!) - Date.now() + 200)));
    const malformed = ["abc", "fxs_", `fxs_${"A".repeat(42)}`, `fxs_${"A".repeat(44)}`, `flux_${"A".repeat(43)}`, `${expired.token}%00`, "%F0%9F%92%A9", `fxs_${"A".repeat(40)}%2F..`];
    const tokenCases: [string, string, Record<string, string>][] = [
      ["expired (expires_at passed)", expired.token, {}],
      ["expired (short expiry waited out)", soon.token, {}],
      ["revoked", revoked.token, {}],
      ["unknown", unknown, {}],
      ...malformed.map((t): [string, string, Record<string, string>] => [`malformed ${t}`, t, {}]),
    ];
    const grantCases: [string, string, Record<string, string>][] = [
      ["password link without grant", locked.token, {}],
      ["forged grant header", locked.token, { "x-flux-share-grant": forged }],
      ["expired grant header", locked.token, { "x-flux-share-grant": stale }],
      ["forged grant cookie", locked.token, { cookie: `flux-share-${locked.id}=${forged}` }],
      ["expired grant cookie", locked.token, { cookie: `flux-share-${locked.id}=${stale}` }],
      ["grant of the right shape but another MAC", locked.token, { "x-flux-share-grant": `${expires}.${"B".repeat(43)}` }],
    ];
    refusals = [...tokenCases, ...grantCases];
    pageRefusals = tokenCases;
    // The real grant opens it, so the refusals above are about the grant alone.
    expect((await visitor().request(`/api/v1/shared/${locked.token}`, { headers: { "x-flux-share-grant": real } })).status).toBe(200);
    expect((await visitor().request(`/api/v1/shared/${locked.token}`, { headers: { cookie: `flux-share-${locked.id}=${real}` } })).status).toBe(200);
  });

  it("on every visitor API route, byte for byte", async () => {
    const routes: [string, (t: string) => string, string?][] = [
      ["GET", (t) => `/api/v1/shared/${t}`],
      ["POST", (t) => `/api/v1/shared/${t}/widgets/total`, "{}"],
      ["POST", (t) => `/api/v1/shared/${t}/widgets/total`, JSON.stringify({ range: "24h" })],
      ["GET", (t) => `/api/v1/shared/${t}/live`],
      ["POST", (t) => `/api/v1/shared/${t}/pusher-auth`, JSON.stringify({ socket_id: "123.456", channel_name: `private-flux-share-${dashboardId}` })],
    ];
    const seen = new Set<string>();
    for (const [label, token, headers] of refusals) {
      for (const [method, path, body] of routes) {
        const res: Answer = await visitor().request(path(token), { method, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) }, body });
        expectShareNotFound(res, `${method} ${path("<token>")} (${label})`);
        seen.add(res.body);
      }
    }
    expect([...seen]).toEqual([NOT_FOUND_BODY]);
  });

  it("on the unlock route for expired, revoked, unknown and malformed tokens, and for a wrong password", async () => {
    for (const [label, token] of pageRefusals) expectShareNotFound(await unlock(visitor(), token, PASSWORD), `unlock (${label})`);
    const locked = await shareLink(s, { password: PASSWORD });
    for (const wrong of ["wrong password", "", PASSWORD.toUpperCase(), `${PASSWORD} `, 42, null]) {
      expectShareNotFound(await unlock(visitor(), locked.token, wrong), `unlock with ${JSON.stringify(wrong)}`);
    }
  });

  it("on the page: HTTP 404 with the not-found text and nothing of the dashboard", async () => {
    for (const [label, token] of pageRefusals) {
      for (const query of ["", "?embed=1"]) {
        const res = await visitor().request(`/share/${token}${query}`);
        expect(res.status, `${label}${query}`).toBe(404);
        expect(res.body, label).toContain(NOT_FOUND_PAGE_TEXT);
        // Next sends this page's content in its payload (drawn by the browser; e2e/share.spec.ts sees it drawn).
        expect(res.body, label).toContain("share-not-found");
        expect(res.body, label).not.toContain(s.dashboardName);
        expect(res.body, label).not.toContain('data-testid="shared-dashboard"');
      }
    }
  });

  it("on the page of a password link without a valid grant: the password form, nothing of the dashboard", async () => {
    for (const [label, token, headers] of refusals.filter(([, , h]) => !h["x-flux-share-grant"]).slice(pageRefusals.length)) {
      const res = await visitor().request(`/share/${token}`, { headers });
      expect(res.status, label).toBe(200);
      expect(res.body, label).toContain('data-testid="share-password-form"');
      expect(res.body, label).not.toContain(s.dashboardName);
      expect(res.body, label).not.toContain(s.shownMetric);
      expect(res.body, label).not.toContain('data-testid="shared-dashboard"');
    }
  });
});
