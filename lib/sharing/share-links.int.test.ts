import { createHash, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { api, createTestProject, type TestProject } from "@/tests/fixtures";
import { jsonBody, signedInMember } from "@/tests/project-member";

// Managing share links over real HTTP: create (the token shown once, stored hashed), validate
// every field, list per dashboard and per project, revoke; only those who may write, only in
// their own project.

const DAY = 86_400_000;
const TOKEN = /^fxs_[A-Za-z0-9_-]{43}$/;



async function newDashboard(key: string, name: string): Promise<string> {
  return (await jsonBody(await api("/api/v1/dashboards", { key, body: { name } }), 201)).id;
}

const linksOf = (dashboardId: string) => `/api/v1/dashboards/${dashboardId}/share-links`;

let p: TestProject;
let admin: string;
let read: string;
let dashboardId: string;
let otherDashboardId: string;

beforeAll(async () => {
  p = await createTestProject("Share links");
  [admin, read] = await Promise.all([p.key(["admin"]), p.key(["read"])]);
  [dashboardId, otherDashboardId] = await Promise.all([newDashboard(admin, "Revenue"), newDashboard(admin, "Ops")]);
});

describe("POST /api/v1/dashboards/{id}/share-links", () => {
  it("creates a link and answers its token and path once; lists never carry the token or a hash", async () => {
    const editor = await signedInMember(p, "editor");
    const expiresAt = new Date(Date.now() + 7 * DAY).toISOString();
    const res = await editor.call(linksOf(dashboardId), "POST", { label: "  Wall screen  ", expiresAt, password: "correct horse", allowRangeChange: true, maxLookbackDays: 30 });
    const created = await jsonBody(res, 201);
    expect(created.token).toMatch(TOKEN);
    expect(created.path).toBe(`/share/${created.token}`);
    expect(created).toMatchObject({
      dashboardId,
      dashboardName: "Revenue",
      label: "Wall screen",
      tokenHint: created.token.slice(-4),
      createdBy: { id: editor.id, name: "The editor", email: editor.email },
      expiresAt,
      hasPassword: true,
      allowRangeChange: true,
      maxLookbackDays: 30,
      revokedAt: null,
      lastViewedAt: null,
      viewCount: 0,
      status: "active",
    });
    expect(created).not.toHaveProperty("password");
    expect(created).not.toHaveProperty("passwordHash");

    const hash = createHash("sha256").update(created.token).digest("hex");
    for (const path of [linksOf(dashboardId), "/api/v1/share-links"]) {
      const text = await (await api(path, { key: admin })).text();
      expect(text).toContain(created.id);
      expect(text).not.toContain(created.token);
      expect(text).not.toContain(created.token.slice(4));
      expect(text).not.toContain(hash);
      expect(text).not.toContain("argon");
      expect(text).not.toContain("correct horse");
    }
  });

  it("stores only the token's SHA-256: no column holds the token", async () => {
    const created = await jsonBody(await api(linksOf(dashboardId), { key: admin, body: { label: "Stored" } }), 201);
    const [row] = await sql()`SELECT * FROM share_links WHERE id = ${created.id}`;
    expect(row.token_hash).toBe(createHash("sha256").update(created.token, "utf8").digest("hex"));
    const stored = JSON.stringify(Object.values(row));
    expect(stored).not.toContain(created.token);
    expect(stored).not.toContain(created.token.slice(4, 40));
    expect(row.password_hash).toBeNull();
  });

  it("gives two links to one dashboard different tokens", async () => {
    const [a, b] = await Promise.all([1, 2].map(async (n) => jsonBody(await api(linksOf(dashboardId), { key: admin, body: { label: `Twin ${n}` } }), 201)));
    expect(a.token).not.toBe(b.token);
    expect(a.id).not.toBe(b.id);
  });

  it("defaults to no expiry, no password and the saved range only; a look-back without range change is dropped", async () => {
    const created = await jsonBody(await api(linksOf(dashboardId), { key: admin, body: { label: "Plain", maxLookbackDays: 7 } }), 201);
    expect(created).toMatchObject({ expiresAt: null, hasPassword: false, allowRangeChange: false, maxLookbackDays: null, createdBy: null });
  });

  it("accepts epoch milliseconds and null for expiry and password, and no look-back limit", async () => {
    const at = Date.now() + DAY;
    const created = await jsonBody(await api(linksOf(dashboardId), { key: admin, body: { label: "Epoch", expiresAt: at, password: null, allowRangeChange: true, maxLookbackDays: null } }), 201);
    expect(created).toMatchObject({ expiresAt: new Date(at).toISOString(), hasPassword: false, allowRangeChange: true, maxLookbackDays: null });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["an empty label", { label: "" }, "label"],
    ["a label of spaces", { label: "   " }, "label"],
    ["a label over 100 characters", { label: "x".repeat(101) }, "label"],
    ["a label that is not a string", { label: 42 }, "label"],
    ["a missing label", {}, "label"],
    ["a label with NUL", { label: "a\u0000b" }, "label"],
    ["an expiry in the past", { label: "x", expiresAt: new Date(Date.now() - 60_000).toISOString() }, "expiresAt"],
    ["a malformed expiry", { label: "x", expiresAt: "next tuesday" }, "expiresAt"],
    ["an impossible date", { label: "x", expiresAt: "2030-02-31T00:00:00Z" }, "expiresAt"],
    ["an expiry of the wrong type", { label: "x", expiresAt: true }, "expiresAt"],
    ["a password of 7 characters", { label: "x", password: "1234567" }, "password"],
    ["a password over 200 characters", { label: "x", password: "p".repeat(201) }, "password"],
    ["a password that is not a string", { label: "x", password: 12345678 }, "password"],
    ["allowRangeChange that is not a boolean", { label: "x", allowRangeChange: "yes" }, "allowRangeChange"],
    ["a look-back of 0 days", { label: "x", allowRangeChange: true, maxLookbackDays: 0 }, "maxLookbackDays"],
    ["a look-back over 3650 days", { label: "x", allowRangeChange: true, maxLookbackDays: 3651 }, "maxLookbackDays"],
    ["a fractional look-back", { label: "x", allowRangeChange: true, maxLookbackDays: 1.5 }, "maxLookbackDays"],
    ["a look-back as a string", { label: "x", allowRangeChange: true, maxLookbackDays: "30" }, "maxLookbackDays"],
    ["an unknown field", { label: "x", token: "fxs_mine" }, "token"],
  ];
  it.each(invalid)("refuses %s with 422 naming the field, and creates nothing", async (_, input, field) => {
    const before = (await jsonBody(await api(linksOf(otherDashboardId), { key: admin }), 200)).shareLinks.length;
    const refused = await jsonBody(await api(linksOf(otherDashboardId), { key: admin, body: input }), 422);
    expect(refused.error.code).toBe("invalid");
    expect(refused.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await jsonBody(await api(linksOf(otherDashboardId), { key: admin }), 200)).shareLinks).toHaveLength(before);
  });

  it("names each unknown field it refuses (a client cannot choose its own token or creator)", async () => {
    const refused = await jsonBody(await api(linksOf(dashboardId), { key: admin, body: { label: "x", token: "fxs_mine", tokenHash: "00", createdBy: p.userId } }), 422);
    expect(refused.error.details.map((d: { field: string }) => d.field).sort()).toEqual(["createdBy", "token", "tokenHash"]);
  });

  it("refuses a body that is not JSON or not an object", async () => {
    expect((await jsonBody(await api(linksOf(dashboardId), { key: admin, body: "{label:" }), 400)).error.code).toBe("bad_request");
    expect((await jsonBody(await api(linksOf(dashboardId), { key: admin, body: [] }), 422)).error.code).toBe("invalid");
    const form = await api(linksOf(dashboardId), { key: admin, body: "label=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect((await jsonBody(form, 415)).error.code).toBe("unsupported_media_type");
  });
});

describe("who may manage share links", () => {
  it("refuses a viewer and a read-scoped key with 403, to list, create and revoke", async () => {
    const link = await jsonBody(await api(linksOf(dashboardId), { key: admin, body: { label: "Guarded" } }), 201);
    const viewer = await signedInMember(p, "viewer");
    for (const res of [
      await viewer.call(linksOf(dashboardId)),
      await viewer.call(linksOf(dashboardId), "POST", { label: "Mine" }),
      await viewer.call("/api/v1/share-links"),
      await viewer.call(`/api/v1/share-links/${link.id}`, "DELETE"),
      await api(linksOf(dashboardId), { key: read }),
      await api(linksOf(dashboardId), { key: read, body: { label: "Mine" } }),
      await api("/api/v1/share-links", { key: read }),
      await api(`/api/v1/share-links/${link.id}`, { key: read, method: "DELETE" }),
    ]) {
      expect((await jsonBody(res, 403)).error.code).toBe("forbidden");
    }
    const still = (await jsonBody(await api("/api/v1/share-links", { key: admin }), 200)).shareLinks.find((l: { id: string }) => l.id === link.id);
    expect(still.status).toBe("active");
    expect((await jsonBody(await api(linksOf(dashboardId), { key: admin }), 200)).shareLinks.map((l: { label: string }) => l.label)).not.toContain("Mine");
  });

  it("refuses without a key or session (401)", async () => {
    expect((await jsonBody(await api(linksOf(dashboardId)), 401)).error.code).toBe("unauthorized");
    expect((await jsonBody(await api(linksOf(dashboardId), { body: { label: "x" } }), 401)).error.code).toBe("unauthorized");
    expect((await jsonBody(await api("/api/v1/share-links"), 401)).error.code).toBe("unauthorized");
  });

  it("answers 404 for another project's dashboard and for ids that are not ids", async () => {
    const other = await createTestProject("Someone else");
    const otherKey = await other.key(["admin"]);
    const theirs = await newDashboard(otherKey, "Theirs");
    for (const id of [theirs, randomUUID(), "not-a-uuid", "00000000-0000-0000-0000-000000000000", "%20", "'%3B%20DROP%20TABLE"]) {
      expect((await jsonBody(await api(linksOf(id), { key: admin }), 404)).error.code).toBe("not_found");
      expect((await jsonBody(await api(linksOf(id), { key: admin, body: { label: "Into theirs" } }), 404)).error.code).toBe("not_found");
    }
    expect((await jsonBody(await api(linksOf(theirs), { key: otherKey }), 200)).shareLinks).toEqual([]);
  });
});

describe("listing share links", () => {
  it("lists a dashboard's own links, newest first, and the project's links with their dashboards", async () => {
    const q = await createTestProject("Lists");
    const key = await q.key(["admin"]);
    const [a, b] = [await newDashboard(key, "Alpha"), await newDashboard(key, "Beta")];
    const first = await jsonBody(await api(linksOf(a), { key, body: { label: "A1" } }), 201);
    const second = await jsonBody(await api(linksOf(a), { key, body: { label: "A2" } }), 201);
    const third = await jsonBody(await api(linksOf(b), { key, body: { label: "B1" } }), 201);

    const ofA = (await jsonBody(await api(linksOf(a), { key }), 200)).shareLinks;
    expect(ofA.map((l: { id: string }) => l.id)).toEqual([second.id, first.id]);
    expect((await jsonBody(await api(linksOf(b), { key }), 200)).shareLinks.map((l: { id: string }) => l.id)).toEqual([third.id]);

    const all = (await jsonBody(await api("/api/v1/share-links", { key }), 200)).shareLinks;
    expect(all.map((l: { id: string; dashboardName: string }) => [l.id, l.dashboardName])).toEqual([
      [third.id, "Beta"],
      [second.id, "Alpha"],
      [first.id, "Alpha"],
    ]);
    // Another project's links are not among this one's.
    const mine = (await jsonBody(await api("/api/v1/share-links", { key: admin }), 200)).shareLinks.map((l: { id: string }) => l.id);
    for (const id of [first.id, second.id, third.id]) expect(mine).not.toContain(id);
  });

  it("lets an editor's session list them (the Share dialog's call)", async () => {
    const editor = await signedInMember(p, "editor");
    const created = await jsonBody(await editor.call(linksOf(dashboardId), "POST", { label: "By session" }), 201);
    const listed = (await jsonBody(await editor.call(linksOf(dashboardId)), 200)).shareLinks;
    expect(listed.find((l: { id: string }) => l.id === created.id)).toMatchObject({ label: "By session", createdBy: { email: editor.email } });
  });

  it("shows an expired link as expired", async () => {
    const created = await jsonBody(await api(linksOf(dashboardId), { key: admin, body: { label: "Soon gone", expiresAt: Date.now() + 60_000 } }), 201);
    await sql()`UPDATE share_links SET expires_at = now() - interval '1 minute' WHERE id = ${created.id}`;
    const listed = (await jsonBody(await api(linksOf(dashboardId), { key: admin }), 200)).shareLinks.find((l: { id: string }) => l.id === created.id);
    expect(listed.status).toBe("expired");
  });
});

describe("DELETE /api/v1/share-links/{id}", () => {
  it("revokes at once: the shared page's API stops answering and the link stays listed as revoked", async () => {
    const created = await jsonBody(await api(linksOf(dashboardId), { key: admin, body: { label: "Revoke me" } }), 201);
    expect((await api(`/api/v1/shared/${created.token}`)).status).toBe(200);

    const revoked = await jsonBody(await api(`/api/v1/share-links/${created.id}`, { key: admin, method: "DELETE" }), 200);
    expect(revoked).toMatchObject({ id: created.id, status: "revoked", label: "Revoke me" });
    expect(Date.parse(revoked.revokedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(revoked).not.toHaveProperty("token");
    expect((await jsonBody(await api(`/api/v1/shared/${created.token}`), 404)).error.code).toBe("not_found");

    const listed = (await jsonBody(await api(linksOf(dashboardId), { key: admin }), 200)).shareLinks.find((l: { id: string }) => l.id === created.id);
    expect(listed).toMatchObject({ status: "revoked", revokedAt: revoked.revokedAt });
  });

  it("is harmless twice: the second answers the same revoked link and keeps the first time", async () => {
    const editor = await signedInMember(p, "editor");
    const created = await jsonBody(await editor.call(linksOf(dashboardId), "POST", { label: "Twice" }), 201);
    const once = await jsonBody(await editor.call(`/api/v1/share-links/${created.id}`, "DELETE"), 200);
    const twice = await jsonBody(await editor.call(`/api/v1/share-links/${created.id}`, "DELETE"), 200);
    expect(twice).toEqual(once);
  });

  it("answers 404 for another project's link and leaves it active; 404 for ids that are not ids", async () => {
    const other = await createTestProject("Other links");
    const otherKey = await other.key(["admin"]);
    const theirs = await jsonBody(await api(linksOf(await newDashboard(otherKey, "Theirs")), { key: otherKey, body: { label: "Theirs" } }), 201);
    expect((await jsonBody(await api(`/api/v1/share-links/${theirs.id}`, { key: admin, method: "DELETE" }), 404)).error.code).toBe("not_found");
    expect((await jsonBody(await api("/api/v1/share-links", { key: otherKey }), 200)).shareLinks[0]).toMatchObject({ id: theirs.id, status: "active" });
    expect((await api(`/api/v1/shared/${theirs.token}`)).status).toBe(200);
    for (const id of [randomUUID(), "nope", "1", "%00"]) {
      expect((await jsonBody(await api(`/api/v1/share-links/${id}`, { key: admin, method: "DELETE" }), 404)).error.code).toBe("not_found");
    }
  });

  it("removes a dashboard's links with the dashboard", async () => {
    const doomed = await newDashboard(admin, "Doomed");
    const created = await jsonBody(await api(linksOf(doomed), { key: admin, body: { label: "Goes too" } }), 201);
    expect((await api(`/api/v1/dashboards/${doomed}`, { key: admin, method: "DELETE" })).status).toBeLessThan(300);
    const all = (await jsonBody(await api("/api/v1/share-links", { key: admin }), 200)).shareLinks;
    expect(all.map((l: { id: string }) => l.id)).not.toContain(created.id);
    expect((await api(`/api/v1/shared/${created.token}`)).status).toBe(404);
  });
});
