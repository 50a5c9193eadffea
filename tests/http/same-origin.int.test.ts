import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { sessionCookie } from "@/tests/session-cookie";

// Cookie-authenticated mutations must be same-origin JSON; project keys are unaffected.

const RANGE = { from: "2026-01-01T00:00:00Z", to: "2026-01-01T02:00:00Z" };
const QUERY = { source: "event", name: "signup", aggregation: "count", range: RANGE, interval: "1h" };

let p: TestProject;
let cookie: string;
let dashboardId: string;
let own: string;

beforeAll(async () => {
  p = await createTestProject("CSRF");
  own = new URL(baseUrl()).origin;
  const key = await p.key(["admin"]);
  dashboardId = (await (await api("/api/v1/dashboards", { key, body: { name: "Before", widgets: [] } })).json()).id;
  cookie = await sessionCookie(p.email, p.password);
});

const dashboardUrl = () => `/api/v1/dashboards/${dashboardId}?project=${p.projectId}`;
const nameNow = async () => (await (await api(dashboardUrl(), { headers: { cookie, origin: own } })).json()).name as string;

async function expectRefused(res: Response, status: number, code: string, words: RegExp) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(words);
}

describe("a mutation with the session cookie", () => {
  it("answers 415 to a same-origin text/plain body, even one that is valid JSON, and changes nothing", async () => {
    for (const [type, headers] of [
      ["text/plain", { origin: own }],
      ["text/plain;charset=UTF-8", { "sec-fetch-site": "same-origin" }],
      ["application/x-www-form-urlencoded", { origin: own }],
      ["multipart/form-data; boundary=x", { origin: own }],
    ] as const) {
      const res = await api(dashboardUrl(), { method: "PATCH", body: JSON.stringify({ name: "Hijacked" }), headers: { cookie, "content-type": type, ...headers } });
      await expectRefused(res, 415, "unsupported_media_type", /Content-Type: application\/json/);
    }
    await expectRefused(await api(`/api/v1/query?project=${p.projectId}`, { body: JSON.stringify(QUERY), headers: { cookie, origin: own, "content-type": "text/plain" } }), 415, "unsupported_media_type", /JSON/);
    expect(await nameNow()).toBe("Before");
  });

  it("answers 403 to another Origin, a null Origin, or no Origin at all, and changes nothing", async () => {
    for (const headers of [{ origin: "https://evil.example" }, { origin: `${own}.evil.example` }, { origin: own.replace(/:\d+$/, ":1") }, { origin: "null" }, {}] as Record<string, string>[]) {
      const res = await api(dashboardUrl(), { method: "PATCH", body: { name: "Hijacked" }, headers: { cookie, ...headers } });
      await expectRefused(res, 403, "forbidden", /Cross-origin request refused/);
    }
    expect(await nameNow()).toBe("Before");
  });

  it("answers 403 when the browser says Sec-Fetch-Site is cross-site or same-site, whatever Origin claims", async () => {
    for (const site of ["cross-site", "same-site", "none"]) {
      const res = await api(dashboardUrl(), { method: "PATCH", body: { name: "Hijacked" }, headers: { cookie, origin: own, "sec-fetch-site": site } });
      await expectRefused(res, 403, "forbidden", new RegExp(`Sec-Fetch-Site: ${site}`));
    }
    expect(await nameNow()).toBe("Before");
  });

  it("refuses every mutating method and path: query, create, replace, duplicate, delete, metric metadata, ingest", async () => {
    const evil = { cookie, origin: "https://evil.example" };
    const attempts = [
      api(`/api/v1/query?project=${p.projectId}`, { body: QUERY, headers: evil }),
      api(`/api/v1/dashboards?project=${p.projectId}`, { body: { name: "Planted" }, headers: evil }),
      api(dashboardUrl(), { method: "PUT", body: { name: "Planted", widgets: [] }, headers: evil }),
      api(`/api/v1/dashboards/${dashboardId}/duplicate?project=${p.projectId}`, { method: "POST", headers: evil }),
      api(dashboardUrl(), { method: "DELETE", headers: evil }),
      api(`/api/v1/metrics/signups?project=${p.projectId}`, { method: "PATCH", body: { unit: "x" }, headers: evil }),
      api(`/api/v1/events?project=${p.projectId}`, { body: JSON.stringify({ name: "forged" }), headers: { ...evil, "content-type": "text/plain" } }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status, res.url).toBe(403);
    const list = await (await api(`/api/v1/dashboards?project=${p.projectId}`, { headers: { cookie } })).json();
    expect(list.dashboards.map((d: { name: string }) => d.name)).toEqual(["Before"]);
  });

  it("works when same-origin JSON, by Origin or by Sec-Fetch-Site, with a charset parameter", async () => {
    const byOrigin = await api(dashboardUrl(), { method: "PATCH", body: { name: "Renamed" }, headers: { cookie, origin: own } });
    expect(byOrigin.status).toBe(200);
    expect((await byOrigin.json()).name).toBe("Renamed");
    const bySite = await api(dashboardUrl(), { method: "PATCH", body: { name: "Renamed again" }, headers: { cookie, "sec-fetch-site": "same-origin", "content-type": "application/json; charset=utf-8" } });
    expect(bySite.status).toBe(200);
    expect(await nameNow()).toBe("Renamed again");
    const query = await api(`/api/v1/query?project=${p.projectId}`, { body: QUERY, headers: { cookie, "sec-fetch-site": "same-origin" } });
    expect(query.status).toBe(200);
  });

  it("accepts a body-less POST or DELETE without Content-Type when same-origin", async () => {
    const copy = await api(`/api/v1/dashboards/${dashboardId}/duplicate?project=${p.projectId}`, { method: "POST", headers: { cookie, origin: own } });
    expect(copy.status).toBe(201);
    const copyId = (await copy.json()).id;
    const gone = await api(`/api/v1/dashboards/${copyId}?project=${p.projectId}`, { method: "DELETE", headers: { cookie, "sec-fetch-site": "same-origin" } });
    expect(gone.status).toBe(204);
  });

  it("behind a proxy, takes this host from X-Forwarded-Host as Next does", async () => {
    // (Over plain http: with X-Forwarded-Proto https, Auth.js would look for its __Secure- cookie.)
    const proxied = await api(dashboardUrl(), { method: "PATCH", body: { name: "Via proxy" }, headers: { cookie, origin: "http://flux.example.com", "x-forwarded-host": "flux.example.com" } });
    expect(proxied.status).toBe(200);
    const other = await api(dashboardUrl(), { method: "PATCH", body: { name: "Hijacked" }, headers: { cookie, origin: own, "x-forwarded-host": "flux.example.com" } });
    expect(other.status).toBe(403);
    expect(await nameNow()).toBe("Via proxy");
  });

  it("leaves reads alone: a cross-origin GET still answers (CORS keeps its body from other sites)", async () => {
    const res = await api(dashboardUrl(), { headers: { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
  });

  it("is still 401 without a session, not a hint about origins", async () => {
    const res = await api(dashboardUrl(), { method: "PATCH", body: { name: "x" }, headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(401);
  });
});

describe("a key-authenticated call", () => {
  it("needs no Origin, and neither a foreign Origin nor Sec-Fetch-Site nor text/plain stops it", async () => {
    const key = await p.key(["ingest", "read", "admin"]);
    const plain = await api(`/api/v1/dashboards/${dashboardId}`, { key, method: "PATCH", body: { name: "By key" } });
    expect(plain.status).toBe(200);
    const foreign = await api(`/api/v1/dashboards/${dashboardId}`, { key, method: "PATCH", body: { name: "By key from afar" }, headers: { origin: "https://elsewhere.example", "sec-fetch-site": "cross-site" } });
    expect(foreign.status).toBe(200);
    // The SDK and curl snippets may send text/plain; ingest takes it from a key.
    const ingest = await api("/api/v1/events", { key, body: JSON.stringify({ name: "signup" }), headers: { "content-type": "text/plain", origin: "https://shop.example" } });
    expect(ingest.status).toBe(202);
    // A key wins over a cookie sent alongside it: the caller is the key.
    const both = await api(`/api/v1/dashboards/${dashboardId}`, { key, method: "PATCH", body: { name: "Key and cookie" }, headers: { cookie, origin: "https://elsewhere.example" } });
    expect(both.status).toBe(200);
    expect(await nameNow()).toBe("Key and cookie");
  });
});
