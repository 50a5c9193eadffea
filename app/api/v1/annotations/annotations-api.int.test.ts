import { beforeAll, describe, expect, it } from "vitest";
import { systemCaller } from "@/lib/auth/caller";
import { listAnnotations } from "@/lib/annotations/annotations";
import { api, createTestProject, type TestProject } from "@/tests/fixtures";
import { jsonBody, signedInMember } from "@/tests/project-member";

const T0 = Date.UTC(2026, 2, 10, 12);
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();



let p: TestProject;
let ingest: string;
let read: string;
let admin: string;

beforeAll(async () => {
  p = await createTestProject("Annotations");
  [ingest, read, admin] = await Promise.all([p.key(["ingest"]), p.key(["read"]), p.key(["admin"])]);
});

describe("POST /api/v1/annotations", () => {
  it("lets a deploy pipeline's ingest key add an instant, which a read key then lists with who made it", async () => {
    const created = await jsonBody(await api("/api/v1/annotations", { key: ingest, body: { title: "Deploy v1.4.2", startsAt: iso(T0), tags: ["deploy", "api"] } }), 201);
    expect(created).toMatchObject({ title: "Deploy v1.4.2", startsAt: iso(T0), endsAt: null, description: null, tags: ["deploy", "api"], createdBy: "key ingest", createdByKind: "key" });
    const listed = await jsonBody(await api(`/api/v1/annotations?from=${iso(T0 - H)}&to=${iso(T0 + H)}`, { key: read }), 200);
    expect(listed.annotations.map((a: { id: string }) => a.id)).toEqual([created.id]);
  });

  it("marks now when startsAt is left out", async () => {
    const before = Date.now();
    const created = await jsonBody(await api("/api/v1/annotations", { key: ingest, body: { title: "Hotfix" } }), 201);
    expect(Date.parse(created.startsAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(created.startsAt)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("answers 422 naming each bad field and stores nothing", async () => {
    const q = await createTestProject();
    const key = await q.key(["ingest", "read"]);
    const bad = await jsonBody(
      await api("/api/v1/annotations", { key, body: { title: "", startsAt: iso(T0), endsAt: iso(T0 - 1), tags: ["x".repeat(65)] } }),
      422,
    );
    expect(bad.error.code).toBe("invalid");
    const fields = bad.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["title", "tags.0"]));
    const span = await jsonBody(await api("/api/v1/annotations", { key, body: { title: "t", startsAt: iso(T0), endsAt: iso(T0 - 1) } }), 422);
    expect(span.error.details).toEqual([{ field: "endsAt", message: "endsAt must not be before startsAt" }]);
    const long = await jsonBody(await api("/api/v1/annotations", { key, body: { title: "t", startsAt: iso(T0), endsAt: iso(T0 + 400 * 24 * H) } }), 422);
    expect(long.error.details[0].field).toBe("endsAt");
    const noStart = await jsonBody(await api("/api/v1/annotations", { key, body: { title: "t", endsAt: iso(Date.now() - H) } }), 422);
    expect(noStart.error.details[0].field).toBe("endsAt");
    expect((await jsonBody(await api("/api/v1/annotations", { key, body: "{not json" }), 400)).error.code).toBe("bad_request");
    expect((await jsonBody(await api("/api/v1/annotations?from=0", { key }), 200)).annotations).toEqual([]);
  });

  it("refuses a read-only key, and a viewer's session, with 403", async () => {
    expect((await jsonBody(await api("/api/v1/annotations", { key: read, body: { title: "No" } }), 403)).error.code).toBe("forbidden");
    const viewer = await signedInMember(p, "viewer");
    expect((await jsonBody(await viewer.call("/api/v1/annotations", "POST", { title: "No" }), 403)).error.code).toBe("forbidden");
    expect((await viewer.call("/api/v1/annotations")).status).toBe(200);
  });

  it("lets an editor add one from Flux's pages, and refuses the same request from another site", async () => {
    const editor = await signedInMember(p, "editor");
    const created = await jsonBody(await editor.call("/api/v1/annotations", "POST", { title: "Launch", startsAt: iso(T0 + 5 * H) }), 201);
    expect(created).toMatchObject({ createdBy: editor.email, createdByKind: "user" });
    const crossSite = await editor.call("/api/v1/annotations", "POST", { title: "Forged" }, { cookie: editor.cookie, origin: "https://evil.example" });
    expect((await jsonBody(crossSite, 403)).error.code).toBe("forbidden");
    const list = await jsonBody(await api(`/api/v1/annotations?from=0`, { key: read }), 200);
    expect(list.annotations.map((a: { title: string }) => a.title)).not.toContain("Forged");
  });
});

describe("GET /api/v1/annotations", () => {
  it("returns what overlaps the window: instants inside it, spans touching it, oldest first, filtered by every given tag", async () => {
    const q = await createTestProject();
    const key = await q.key(["ingest", "read"]);
    const add = async (title: string, startsAt: number, endsAt: number | null, tags: string[] = []) =>
      (await jsonBody(await api("/api/v1/annotations", { key, body: { title, startsAt: iso(startsAt), endsAt: endsAt === null ? null : iso(endsAt), tags } }), 201)).id as string;
    const from = T0;
    const to = T0 + 10 * H;
    await add("before", from - 1, null);
    const atStart = await add("at start", from, null, ["deploy"]);
    const spanIn = await add("span across the start", from - 5 * H, from + H, ["incident", "db"]);
    const spanEndsAtFrom = await add("span ending at from", from - 2 * H, from, ["incident"]);
    const inside = await add("inside", from + 2 * H, null, ["deploy", "web"]);
    const around = await add("span around the window", from - 30 * 24 * H, to + 30 * 24 * H);
    const atEnd = await add("at end", to, null);
    await add("after", to + 1, null);
    await add("span after", to + 1, to + H);
    await add("span before", from - 3 * H, from - 1);

    const list = async (qs: string) => (await jsonBody(await api(`/api/v1/annotations?${qs}`, { key }), 200)).annotations.map((a: { id: string }) => a.id);
    expect(await list(`from=${iso(from)}&to=${iso(to)}`)).toEqual([around, spanIn, spanEndsAtFrom, atStart, inside, atEnd]);
    // Epoch milliseconds read the same as ISO times.
    expect(await list(`from=${from}&to=${to}`)).toEqual([around, spanIn, spanEndsAtFrom, atStart, inside, atEnd]);
    expect(await list(`from=${from}&to=${to}&tags=incident`)).toEqual([spanIn, spanEndsAtFrom]);
    expect(await list(`from=${from}&to=${to}&tags=incident,db`)).toEqual([spanIn]);
    expect(await list(`from=${from}&to=${to}&tags=deploy&tags=web`)).toEqual([inside]);
    expect(await list(`from=${from}&to=${to}&tags=nothing`)).toEqual([]);
  });

  it("answers 422 for a window ending before it starts or an impossible time, and 403 to an ingest-only key", async () => {
    expect((await jsonBody(await api(`/api/v1/annotations?from=${iso(T0)}&to=${iso(T0 - 1)}`, { key: read }), 422)).error.details).toEqual([
      { field: "to", message: "to must not be before from" },
    ]);
    expect((await jsonBody(await api("/api/v1/annotations?from=2026-02-30T00:00:00Z", { key: read }), 422)).error.details[0].field).toBe("from");
    expect((await jsonBody(await api("/api/v1/annotations", { key: ingest }), 403)).error.code).toBe("forbidden");
  });

  it("gives a scheduled job (the system caller) the same list, and shows nothing of another project", async () => {
    const q = await createTestProject();
    const key = await q.key(["ingest", "read"]);
    const created = await jsonBody(await api("/api/v1/annotations", { key, body: { title: "Product Hunt launch", startsAt: iso(T0), endsAt: iso(T0 + H) } }), 201);
    const seen = await listAnnotations({ ctx: systemCaller(q.projectId, "anomaly-detection"), input: { from: T0 + H / 2, to: T0 + H / 2 } });
    expect(seen.map((a) => a.title)).toEqual(["Product Hunt launch"]);
    const other = await jsonBody(await api(`/api/v1/annotations?from=${T0 - H}&to=${T0 + 2 * H}`, { key: read }), 200);
    expect(other.annotations.map((a: { id: string }) => a.id)).not.toContain(created.id);
    expect((await api(`/api/v1/annotations/${created.id}`, { key: read })).status).toBe(404);
    expect((await api(`/api/v1/annotations/${created.id}`, { key: admin, method: "DELETE" })).status).toBe(404);
    expect((await api(`/api/v1/annotations/${created.id}`, { key: admin, method: "PATCH", body: { title: "Mine now" } })).status).toBe(404);
    expect((await jsonBody(await api(`/api/v1/annotations/${created.id}`, { key }), 200)).title).toBe("Product Hunt launch");
  });
});

describe("PATCH and DELETE /api/v1/annotations/{id}", () => {
  it("changes title, tags and span with an admin key, checking the span against the stored start", async () => {
    const created = await jsonBody(await api("/api/v1/annotations", { key: ingest, body: { title: "Migration", startsAt: iso(T0) } }), 201);
    const path = `/api/v1/annotations/${created.id}`;
    const spanned = await jsonBody(await api(path, { key: admin, method: "PATCH", body: { endsAt: iso(T0 + 2 * H), tags: ["db"], description: "Moving tables" } }), 200);
    expect(spanned).toMatchObject({ title: "Migration", startsAt: iso(T0), endsAt: iso(T0 + 2 * H), tags: ["db"], description: "Moving tables" });
    const bad = await jsonBody(await api(path, { key: admin, method: "PATCH", body: { startsAt: iso(T0 + 3 * H) } }), 422);
    expect(bad.error.details).toEqual([{ field: "endsAt", message: "endsAt must not be before startsAt" }]);
    const instant = await jsonBody(await api(path, { key: admin, method: "PATCH", body: { endsAt: null, title: "  Migration done " } }), 200);
    expect(instant).toMatchObject({ endsAt: null, title: "Migration done", startsAt: iso(T0) });
    expect((await jsonBody(await api(path, { key: admin, method: "PATCH", body: {} }), 422)).error.code).toBe("invalid");
    expect((await jsonBody(await api(path, { key: admin, method: "PATCH", body: { colour: "red" } }), 422)).error.code).toBe("invalid");
  });

  it("refuses ingest and read keys and viewers, deletes for editors, then answers 404", async () => {
    const created = await jsonBody(await api("/api/v1/annotations", { key: ingest, body: { title: "Doomed", startsAt: iso(T0) } }), 201);
    const path = `/api/v1/annotations/${created.id}`;
    for (const key of [ingest, read]) {
      expect((await api(path, { key, method: "DELETE" })).status).toBe(403);
      expect((await api(path, { key, method: "PATCH", body: { title: "x" } })).status).toBe(403);
    }
    const viewer = await signedInMember(p, "viewer");
    expect((await viewer.call(path, "DELETE")).status).toBe(403);
    const editor = await signedInMember(p, "editor");
    expect((await editor.call(path, "DELETE")).status).toBe(204);
    expect((await api(path, { key: read })).status).toBe(404);
    expect((await api(path, { key: admin, method: "DELETE" })).status).toBe(404);
    for (const id of ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00"]) {
      expect((await api(`/api/v1/annotations/${id}`, { key: admin, method: "DELETE" })).status).toBe(404);
    }
  });
});
