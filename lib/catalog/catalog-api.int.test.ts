import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/users";
import { acceptInvitation, inviteMember, listMyInvitations } from "@/lib/projects/invitations";
import { api, baseUrl, createTestProject, type TestProject } from "@/tests/fixtures";
import { browserHeaders, sessionCookie } from "@/tests/session-cookie";

// The catalog detail API over HTTP against the running app: metadata edits of metrics and
// event names (and clearing them), tag and property cardinality, deletion, and who may do it.
// Deletion's storage side (rollups, compression, re-ingest) is in catalog-deletion.int.test.ts.

let p: TestProject;
let admin: string;
let readOnly: string;

const send = (body: unknown) => api("/api/v1/flux/batch", { key: admin, body });
const path = (kind: "metrics" | "event-names", name: string) => `/api/v1/${kind}/${encodeURIComponent(name)}`;

async function ok(res: Response, status = 200) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text);
}

beforeAll(async () => {
  p = await createTestProject("Catalog API");
  admin = await p.key(["ingest", "read", "admin"]);
  readOnly = await p.key(["read"]);
  const events = ["free", "pro", "team", "pro"].map((plan, i) => ({ name: "api.signup", value: 10 + i, user_id: `u${i}`, properties: { plan, seats: i, nested: { a: i } } }));
  expect((await send({ events, metrics: [{ type: "gauge", name: "api.load", value: 1, tags: { host: "a", region: "eu" } }] })).status).toBe(202);
});

describe("metric metadata", () => {
  it("round-trips display name, unit, description and higherIsBetter, and clears them with null or an empty string", async () => {
    const set = await ok(await api(path("metrics", "api.load"), { key: admin, method: "PATCH", body: { displayName: "  Load  ", unit: "%", description: "CPU load", higherIsBetter: false } }));
    expect(set).toMatchObject({ name: "api.load", type: "gauge", displayName: "Load", unit: "%", description: "CPU load", higherIsBetter: false, seriesCount: 1 });
    expect(await ok(await api(path("metrics", "api.load"), { key: readOnly }))).toMatchObject({ displayName: "Load", higherIsBetter: false });
    const listed = (await ok(await api("/api/v1/metrics", { key: readOnly }))).metrics.find((m: { name: string }) => m.name === "api.load");
    expect(listed).toMatchObject({ displayName: "Load", unit: "%", description: "CPU load", higherIsBetter: false });

    // Only the fields sent change.
    expect(await ok(await api(path("metrics", "api.load"), { key: admin, method: "PATCH", body: { higherIsBetter: true } }))).toMatchObject({ displayName: "Load", unit: "%", higherIsBetter: true });
    const cleared = await ok(await api(path("metrics", "api.load"), { key: admin, method: "PATCH", body: { displayName: null, unit: "", description: null, higherIsBetter: null } }));
    expect(cleared).toMatchObject({ displayName: null, unit: null, description: null, higherIsBetter: null });
  });

  it("refuses a value of the wrong type, an unknown field and an empty edit with 422 naming the field", async () => {
    for (const [body, field] of [
      [{ higherIsBetter: "yes" }, "higherIsBetter"],
      [{ higherIsBetter: 1 }, "higherIsBetter"],
      [{ displayName: 5 }, "displayName"],
      [{ unit: "x".repeat(51) }, "unit"],
      [{ description: "a\u0000b" }, "description"],
      [{ colour: "red" }, "body"],
    ] as const) {
      const res = await api(path("metrics", "api.load"), { key: admin, method: "PATCH", body });
      const error = (await ok(res, 422)).error;
      expect(error.code).toBe("invalid");
      expect(error.details.map((d: { field: string }) => d.field), JSON.stringify(body)).toContain(field);
    }
    expect((await ok(await api(path("metrics", "api.load"), { key: admin, method: "PATCH", body: {} }), 422)).error.message).toMatch(/metadata/);
    expect((await api(path("metrics", "api.load"), { key: admin, method: "PATCH", body: "{not json" })).status).toBe(400);
  });

  it("counts every distinct value of a tag key, beyond the 100 values it lists", async () => {
    const metrics = Array.from({ length: 150 }, (_, i) => ({ type: "counter", name: "api.requests", value: 1, tags: { user: `user-${String(i).padStart(3, "0")}`, region: ["eu", "us", "ap"][i % 3] } }));
    metrics.push({ type: "counter", name: "api.requests", value: 1, tags: { user: "user-000", region: "us" } });
    expect((await send({ metrics })).status).toBe(202);
    const described = await ok(await api(path("metrics", "api.requests"), { key: readOnly }));
    expect(described.seriesCount).toBe(151);
    const user = described.tags.find((t: { key: string }) => t.key === "user");
    expect(user.distinctCount).toBe(150);
    expect(user.values).toHaveLength(100);
    expect(user.values[0]).toEqual({ value: "user-000", count: 2 });
    const region = described.tags.find((t: { key: string }) => t.key === "region");
    expect(region.distinctCount).toBe(3);
    expect(region.values.map((v: { value: string; count: number }) => [v.value, v.count])).toEqual([["us", 51], ["ap", 50], ["eu", 50]]);
  });
});

describe("event name metadata", () => {
  it("describes the catalog entry and the properties' cardinality among the sampled events", async () => {
    const described = await ok(await api(path("event-names", "api.signup"), { key: readOnly }));
    expect(described).toMatchObject({ name: "api.signup", displayName: null, unit: null, description: null, higherIsBetter: null, total: 4, sampledEvents: 4 });
    expect(Date.parse(described.firstSeenAt)).toBeLessThanOrEqual(Date.parse(described.lastSeenAt));
    const byKey = Object.fromEntries(described.properties.map((x: { key: string; distinctCount: number; type: string }) => [x.key, [x.type, x.distinctCount]]));
    expect(byKey).toEqual({ plan: ["string", 3], seats: ["number", 4], nested: ["object", 4] });
  });

  it("round-trips display name, unit, description and higherIsBetter, lists the display name and unit, and clears them", async () => {
    const set = await ok(await api(path("event-names", "api.signup"), { key: admin, method: "PATCH", body: { displayName: "Sign-ups", unit: "EUR", description: "New accounts", higherIsBetter: true } }));
    expect(set).toMatchObject({ name: "api.signup", displayName: "Sign-ups", unit: "EUR", description: "New accounts", higherIsBetter: true, total: 4 });
    const listed = (await ok(await api("/api/v1/event-names", { key: readOnly }))).events.find((e: { name: string }) => e.name === "api.signup");
    expect(listed).toMatchObject({ displayName: "Sign-ups", unit: "EUR", count: 4 });
    const cleared = await ok(await api(path("event-names", "api.signup"), { key: admin, method: "PATCH", body: { displayName: "", unit: null, description: null, higherIsBetter: null } }));
    expect(cleared).toMatchObject({ displayName: null, unit: null, description: null, higherIsBetter: null });
    const bad = (await ok(await api(path("event-names", "api.signup"), { key: admin, method: "PATCH", body: { higherIsBetter: "yes" } }), 422)).error;
    expect(bad.details).toEqual([{ field: "higherIsBetter", message: "must be true, false or null" }]);
  });
});

describe("who may edit and delete", () => {
  it("answers 403 to a read-only key and to a viewer's session, and changes nothing", async () => {
    for (const kind of ["metrics", "event-names"] as const) {
      const name = kind === "metrics" ? "api.load" : "api.signup";
      expect((await ok(await api(path(kind, name), { key: readOnly, method: "PATCH", body: { unit: "x" } }), 403)).error.code).toBe("forbidden");
      expect((await ok(await api(path(kind, name), { key: readOnly, method: "DELETE" }), 403)).error.code).toBe("forbidden");
    }
    const viewer = await signUp({ input: { email: `viewer-${randomUUID()}@flux.test`, password: "viewer-password-1" } });
    await inviteMember({ ctx: p.ctx, input: { email: viewer.email, role: "viewer" } });
    const [invitation] = await listMyInvitations({ ctx: { userId: viewer.id } });
    await acceptInvitation({ ctx: { userId: viewer.id }, input: { invitationId: invitation.id } });
    const cookie = await sessionCookie(viewer.email, "viewer-password-1");
    const asViewer = (kind: "metrics" | "event-names", name: string, method: string, body?: unknown) =>
      fetch(`${baseUrl()}${path(kind, name)}?project=${p.projectId}`, { method, headers: { ...browserHeaders(cookie), "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await asViewer("metrics", "api.load", "GET")).status).toBe(200);
    expect((await ok(await asViewer("metrics", "api.load", "DELETE"), 403)).error.code).toBe("forbidden");
    expect((await ok(await asViewer("event-names", "api.signup", "DELETE"), 403)).error.code).toBe("forbidden");
    expect((await ok(await asViewer("event-names", "api.signup", "PATCH", { unit: "x" }), 403)).error.code).toBe("forbidden");
    expect((await ok(await api(path("metrics", "api.load"), { key: readOnly }))).unit).toBeNull();
    expect((await ok(await api(path("event-names", "api.signup"), { key: readOnly }))).total).toBe(4);
  });

  it("answers 404 for unknown and hostile names on every method, before touching anything", async () => {
    const hostile = ["nope", "a b", "../api.load", "api.load\u0000", "x".repeat(10_000), "'; DROP TABLE metrics; --", "\ud83d\ude00", "%"];
    for (const kind of ["metrics", "event-names"] as const) {
      for (const name of hostile) {
        for (const [method, body] of [["GET", undefined], ["PATCH", { unit: "x" }], ["DELETE", undefined]] as const) {
          const res = await api(path(kind, name), { key: admin, method, body });
          // Node refuses a request line past 16 KB itself (414/431); everything else is Flux's 404.
          if (res.status === 414 || res.status === 431) continue;
          expect((await ok(res, 404)).error.code, `${method} ${kind}/${name.slice(0, 20)}`).toBe("not_found");
        }
      }
    }
    expect((await ok(await api(path("metrics", "api.load"), { key: readOnly }))).name).toBe("api.load");
  });

  it("deletes a metric and an event name by key and by an editor's session, and a second delete is 404", async () => {
    expect((await send({ events: [{ name: "api.doomed" }, { name: "api.doomed" }], metrics: [{ type: "gauge", name: "api.doomed", value: 2, tags: { host: "a" } }, { type: "gauge", name: "api.doomed", value: 3, tags: { host: "b" } }] })).status).toBe(202);
    expect(await ok(await api(path("metrics", "api.doomed"), { key: admin, method: "DELETE" }))).toEqual({ name: "api.doomed", deletedSeries: 2, deletedPoints: 2 });
    expect((await api(path("metrics", "api.doomed"), { key: admin })).status).toBe(404);
    expect((await ok(await api("/api/v1/metrics", { key: admin }))).metrics.map((m: { name: string }) => m.name)).not.toContain("api.doomed");
    expect((await ok(await api(path("metrics", "api.doomed"), { key: admin, method: "DELETE" }), 404)).error.code).toBe("not_found");

    const cookie = await sessionCookie(p.email, p.password);
    const res = await fetch(`${baseUrl()}${path("event-names", "api.doomed")}?project=${p.projectId}`, { method: "DELETE", headers: browserHeaders(cookie) });
    expect(await ok(res)).toEqual({ name: "api.doomed", deletedEvents: 2 });
    expect((await api(path("event-names", "api.doomed"), { key: admin })).status).toBe(404);
    expect((await ok(await api("/api/v1/event-names", { key: admin }))).events.map((e: { name: string }) => e.name)).not.toContain("api.doomed");
    // Neighbours are untouched.
    expect((await ok(await api(path("event-names", "api.signup"), { key: admin }))).total).toBe(4);
    expect((await ok(await api(path("metrics", "api.load"), { key: admin }))).seriesCount).toBe(1);
  });
});
