import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { sessionCookie } from "@/tests/session-cookie";
import { insertTestAnomaly } from "@/tests/anomaly-data";

type Policy = Map<string, string[]>;

let project: TestProject;
let cookie: string;
let dashboardId: string;
let anomalyId: string;
let shareToken: string;

beforeAll(async () => {
  project = await createTestProject("Headers");
  const key = await project.key(["admin"]);
  const created = await api("/api/v1/dashboards", { key, body: { name: "Ops", widgets: [] } });
  dashboardId = (await created.json()).id;
  // One name that is both a metric and an event, for the catalog pages of each.
  const sent = await api("/api/v1/flux/batch", { key, body: { events: [{ name: "checkout" }], metrics: [{ type: "counter", name: "checkout", value: 1 }] } });
  expect(sent.status).toBe(202);
  anomalyId = await insertTestAnomaly({ projectId: project.projectId, name: "checkout" });
  cookie = await sessionCookie(project.email, project.password);
  const link = await api(`/api/v1/dashboards/${dashboardId}/share-links`, { key, body: { label: "Headers" } });
  expect(link.status).toBe(201);
  shareToken = (await link.json()).token;
});

const get = (path: string, options: { cookie?: string; follow?: boolean } = {}) =>
  fetch(`${baseUrl()}${path}`, { redirect: options.follow ? "follow" : "manual", headers: options.cookie ? { cookie: options.cookie } : {} });

/** The one Content-Security-Policy of a response (two headers would arrive joined by a comma). */
function policyOf(res: Response): Policy {
  const header = res.headers.get("content-security-policy");
  expect(header, `${res.url} has a Content-Security-Policy`).toBeTruthy();
  expect(header, `${res.url} has exactly one policy`).not.toContain(",");
  return new Map(header!.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name.toLowerCase(), values]));
}

/** The shared dashboard page (/share/<token>) is the one page another site may frame (its embed mode). */
const isSharedPage = (res: Response) => /^\/share\/[^/]+\/?$/.test(new URL(res.url).pathname);

function expectCommonHeaders(res: Response, policy: Policy) {
  const framable = isSharedPage(res);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]).toContain(res.headers.get("referrer-policy"));
  expect(res.headers.get("x-frame-options"), res.url).toBe(framable ? null : "DENY");
  const permissions = res.headers.get("permissions-policy") ?? "";
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(permissions).toContain(`${feature}=()`);
  expect(policy.get("frame-ancestors"), res.url).toEqual(framable ? ["*"] : ["'none'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(["'none'", "'self'"]).toContain(policy.get("base-uri")?.join(" "));
  expect(policy.get("form-action")).toEqual(["'self'"]);
  expect(policy.get("connect-src")).toEqual(["'self'"]);
  expect(policy.get("img-src")).toEqual(expect.arrayContaining(["'self'", "data:", "blob:"]));
  for (const [name, values] of policy) {
    if (name !== "frame-ancestors") expect(values).not.toContain("*");
    expect(values).not.toContain("'unsafe-eval'");
  }
}

/** Asserts a page's headers and that every script in its HTML carries the response's nonce; returns the nonce. */
async function expectNoncedPage(res: Response): Promise<string> {
  const policy = policyOf(res);
  expectCommonHeaders(res, policy);
  const scriptSrc = policy.get("script-src") ?? [];
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  const nonces = scriptSrc.filter((v) => v.startsWith("'nonce-")).map((v) => v.slice("'nonce-".length, -1));
  expect(nonces).toHaveLength(1);
  const [nonce] = nonces;
  expect(nonce.length).toBeGreaterThanOrEqual(22); // at least 128 bits in base64
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  expect(scripts.length, `${res.url} renders its scripts`).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, `${res.url}: ${tag}`).toContain(`nonce="${nonce}"`);
  return nonce;
}

/** Every page route under app/: route groups dropped, dynamic segments left as [name]. */
function pageRoutes(dir = "app", url = "", signedOut = false): { url: string; signedOut: boolean }[] {
  const routes: { url: string; signedOut: boolean }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && /^page\.(tsx|ts|jsx|js)$/.test(entry.name)) routes.push({ url: url || "/", signedOut });
    if (!entry.isDirectory() || entry.name === "api" || entry.name.startsWith("_")) continue;
    const group = /^\((.+)\)$/.exec(entry.name)?.[1];
    routes.push(...pageRoutes(path.join(dir, entry.name), group ? url : `${url}/${entry.name}`, signedOut || group === "auth"));
  }
  return routes;
}

async function expectScriptlessResponse(res: Response) {
  const policy = policyOf(res);
  expectCommonHeaders(res, policy);
  expect(policy.get("script-src")).toEqual(["'none'"]);
}

describe("security headers on pages", () => {
  const seen = new Set<string>();
  const record = (nonce: string) => {
    expect(seen.has(nonce), "a nonce is never reused").toBe(false);
    seen.add(nonce);
  };

  it("every page route in app/ carries a nonce policy that every script on it satisfies", async () => {
    const routes = pageRoutes();
    // Discovery must find at least the pages we know of, so it cannot pass by finding none.
    const urls = routes.map((r) => r.url);
    for (const known of ["/sign-in", "/sign-up", "/", "/projects/new", "/projects/[projectId]", "/projects/[projectId]/dashboards", "/projects/[projectId]/dashboards/[dashboardId]", "/projects/[projectId]/events", "/projects/[projectId]/settings"]) {
      expect(urls).toContain(known);
    }
    const params: Record<string, string> = { projectId: project.projectId, dashboardId, anomalyId, name: "checkout", token: shareToken };
    for (const route of routes) {
      const url = route.url.replace(/\[([^\]]+)\]/g, (_, name: string) => {
        if (!params[name]) throw new Error(`Teach this test a value for [${name}] (page ${route.url})`);
        return params[name];
      });
      // Signed-out pages (sign-in, sign-up) send signed-in visitors home, and the reverse.
      const who = route.signedOut ? undefined : cookie;
      const first = await get(url, { cookie: who });
      expectCommonHeaders(first, policyOf(first));
      const landed = first.status >= 300 && first.status < 400 ? await get(url, { cookie: who, follow: true }) : first;
      expect(landed.status, url).toBe(200);
      record(await expectNoncedPage(landed));
    }
    const withNext = await get("/sign-in?next=%2Fprojects");
    record(await expectNoncedPage(withNext));
  });

  it("the 404 page, signed out, signed in and for a project one is not a member of", async () => {
    for (const [url, who] of [["/no-such-page", undefined], ["/no/such/page.html", cookie], [`/projects/${randomUUID()}`, cookie], ["/api", undefined]] as const) {
      const res = await get(url, { cookie: who });
      expect(res.status, url).toBe(404);
      record(await expectNoncedPage(res));
    }
  });

  it("lets any site frame the shared dashboard page alone, in every state; every other page stays unframable", async () => {
    const framable = [`/share/${shareToken}`, `/share/${shareToken}?embed=1`, `/share/fxs_${"A".repeat(43)}?embed=1`];
    for (const url of framable) {
      const res = await get(url);
      expect([200, 404], url).toContain(res.status);
      expect(res.headers.get("x-frame-options"), url).toBeNull();
      expect(policyOf(res).get("frame-ancestors"), url).toEqual(["*"]);
      record(await expectNoncedPage(res));
    }
    for (const url of [`/projects/${project.projectId}/dashboards/${dashboardId}`, `/projects/${project.projectId}/dashboards/${dashboardId}?embed=1`, `/projects/${project.projectId}`, "/share", `/share/${shareToken}/x`, `/shared/${shareToken}`]) {
      const res = await get(url, { cookie });
      expect(res.headers.get("x-frame-options"), url).toBe("DENY");
      expect(policyOf(res).get("frame-ancestors"), url).toEqual(["'none'"]);
    }
    // The visitor's API is never framed either.
    const data = await api(`/api/v1/shared/${shareToken}`);
    expect(data.status).toBe(200);
    expect(policyOf(data).get("frame-ancestors")).toEqual(["'none'"]);
    expect(data.headers.get("x-frame-options")).toBe("DENY");
  });

  it("hands out a fresh nonce on every response of the same page", async () => {
    const nonces = await Promise.all(Array.from({ length: 5 }, async () => expectNoncedPage(await get("/sign-in"))));
    expect(new Set(nonces).size).toBe(5);
    nonces.forEach(record);
  });

  it("ignores a nonce the client tries to choose", async () => {
    const res = await fetch(`${baseUrl()}/sign-in`, { headers: { "x-nonce": "attacker-chosen", "content-security-policy": "script-src 'nonce-attacker-chosen'" } });
    const nonce = await expectNoncedPage(res);
    expect(nonce).not.toBe("attacker-chosen");
  });
});

describe("security headers on API responses and static files", () => {
  it("every kind of API answer: health, key-authenticated reads and writes, errors, Auth.js, OpenAPI", async () => {
    const key = await project.key(["ingest", "read"]);
    const answers = [
      [await api("/api/health"), 200],
      [await api("/api/v1/project", { key }), 200],
      [await api("/api/v1/events", { key, body: { name: "signup" } }), 202],
      [await api("/api/v1/dashboards"), 401],
      [await api("/api/v1/query", { key, body: "{" }), 400],
      [await api(`/api/v1/dashboards/${dashboardId}`, { key, method: "DELETE" }), 403],
      [await api("/api/v1/openapi.json"), 200],
      [await api("/api/auth/csrf"), 200],
      [await api("/api/auth/session", { headers: { cookie } }), 200],
      [await api("/api/v1/events", { key, method: "OPTIONS" }), 204],
    ] as const;
    for (const [res, status] of answers) {
      expect(res.status, res.url).toBe(status);
      await expectScriptlessResponse(res);
    }
  });

  it("static files: Next's chunks, the app icon and the served SDK", async () => {
    const html = await (await get("/sign-in")).text();
    const chunk = html.match(/<script[^>]*src="(\/_next\/static\/[^"]+)"/)?.[1];
    const icon = html.match(/<link[^>]*rel="icon"[^>]*href="([^"]+)"/)?.[1];
    expect(chunk).toBeTruthy();
    expect(icon).toBeTruthy();
    for (const path of [chunk!, icon!, "/sdk/index.js"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      await expectScriptlessResponse(res);
    }
  });
});
