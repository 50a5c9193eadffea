import { beforeAll, describe, expect, it } from "vitest";
import { api, createTestProject, type TestProject } from "@/tests/fixtures";
import { browserHeaders, sessionCookie } from "@/tests/session-cookie";

// Who may manage alert channels and rules over HTTP, and what bad input is answered.

let p: TestProject;
let admin: string;
let reader: string;
let ingestOnly: string;
const threshold = { kind: "threshold", query: { source: "metric", name: "api.latency", aggregation: "avg" }, reduce: "avg", windowMinutes: 5, op: "above", value: 500 };

beforeAll(async () => {
  p = await createTestProject("Alert access");
  [admin, reader, ingestOnly] = await Promise.all([p.key(["ingest", "read", "admin"]), p.key(["read"]), p.key(["ingest"])]);
});

async function json(res: Response) {
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

describe("alert channels access", () => {
  it("admins create and see a webhook's URL and signing secret; readers see only its name and kind; ingest keys nothing", async () => {
    const created = await api("/api/v1/alerts/channels", { key: admin, body: { name: "Ops", kind: "webhook", url: "https://hooks.example.com/flux" } });
    expect(created.status).toBe(201);
    const channel = await json(created);
    expect(channel).toMatchObject({ name: "Ops", kind: "webhook", url: "https://hooks.example.com/flux" });
    expect(channel.secret).toMatch(/^whsec_[0-9a-f]{64}$/);

    const asReader = await json(await api("/api/v1/alerts/channels", { key: reader }));
    expect(asReader.channels).toEqual([{ id: channel.id, name: "Ops", kind: "webhook", createdAt: channel.createdAt, updatedAt: channel.updatedAt }]);
    expect((await api("/api/v1/alerts/channels", { key: reader, body: { name: "x", kind: "slack", url: "https://example.com" } })).status).toBe(403);
    expect((await api(`/api/v1/alerts/channels/${channel.id}`, { key: reader, method: "PATCH", body: { name: "y" } })).status).toBe(403);
    expect((await api(`/api/v1/alerts/channels/${channel.id}/test`, { key: reader, method: "POST" })).status).toBe(403);
    expect((await api(`/api/v1/alerts/channels/${channel.id}`, { key: reader, method: "DELETE" })).status).toBe(403);
    expect((await api("/api/v1/alerts/channels", { key: ingestOnly })).status).toBe(403);
    expect((await api("/api/v1/alerts/channels")).status).toBe(401);

    const rotated = await json(await api(`/api/v1/alerts/channels/${channel.id}`, { key: admin, method: "PATCH", body: { rotateSecret: true } }));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(channel.secret);
  });

  it("a signed-in owner manages channels with the session, naming the project", async () => {
    const cookie = await sessionCookie(p.email, p.password);
    const res = await api(`/api/v1/alerts/channels?project=${p.projectId}`, { headers: browserHeaders(cookie), body: { name: "Mail", kind: "email", to: ["ops@example.com"] } });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ kind: "email", to: ["ops@example.com"], secret: null });
  });

  it("another project's channels and rules are not found", async () => {
    const other = await createTestProject("Other");
    const otherKey = await other.key();
    const channel = await json(await api("/api/v1/alerts/channels", { key: otherKey, body: { name: "Theirs", kind: "slack", url: "https://hooks.slack.com/x" } }));
    const rule = await json(await api("/api/v1/alerts/rules", { key: otherKey, body: { name: "Theirs", condition: threshold } }));
    expect((await api(`/api/v1/alerts/channels/${channel.id}`, { key: admin })).status).toBe(404);
    expect((await api(`/api/v1/alerts/channels/${channel.id}/test`, { key: admin, method: "POST" })).status).toBe(404);
    expect((await api(`/api/v1/alerts/rules/${rule.id}`, { key: admin, method: "PATCH", body: { enabled: false } })).status).toBe(404);
    expect((await api(`/api/v1/alerts/rules/${rule.id}`, { key: admin, method: "DELETE" })).status).toBe(404);
    // A rule may only send to this project's channels.
    const bad = await api("/api/v1/alerts/rules", { key: admin, body: { name: "Sneaky", channelIds: [channel.id], condition: threshold } });
    expect(bad.status).toBe(422);
    expect((await json(bad)).error.details).toEqual([{ field: "channelIds.0", message: "No such alert channel in this project" }]);
    expect((await api("/api/v1/alerts/rules/not-a-uuid", { key: admin })).status).toBe(404);
  });
});

describe("alert rules access and validation", () => {
  it("read keys list rules, history and firing alerts but cannot change rules", async () => {
    const created = await api("/api/v1/alerts/rules", { key: admin, body: { name: "Slow", condition: threshold, renotifyMinutes: 60 } });
    expect(created.status).toBe(201);
    const rule = await json(created);
    expect(rule).toMatchObject({ name: "Slow", severity: "warning", enabled: true, mutedUntil: null, renotifyMinutes: 60, states: [], condition: { ...threshold, forMinutes: 0 } });
    const listed = await json(await api("/api/v1/alerts/rules", { key: reader }));
    expect(listed.rules.map((r: { id: string }) => r.id)).toContain(rule.id);
    expect((await api("/api/v1/alerts/history?limit=5", { key: reader })).status).toBe(200);
    expect(await json(await api("/api/v1/alerts/firing", { key: reader }))).toEqual({ alerts: [] });
    expect((await api("/api/v1/alerts/rules", { key: reader, body: { name: "x", condition: threshold } })).status).toBe(403);
    expect((await api(`/api/v1/alerts/rules/${rule.id}`, { key: reader, method: "PATCH", body: { enabled: false } })).status).toBe(403);

    const muted = await json(await api(`/api/v1/alerts/rules/${rule.id}`, { key: admin, method: "PATCH", body: { mutedUntil: "2030-01-01T00:00:00+01:00", enabled: false } }));
    expect(muted).toMatchObject({ mutedUntil: "2029-12-31T23:00:00.000Z", enabled: false });
    expect((await api(`/api/v1/alerts/rules/${rule.id}`, { key: admin, method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/v1/alerts/rules/${rule.id}`, { key: admin })).status).toBe(404);
  });

  it("answers 422 naming each bad field", async () => {
    const cases: [unknown, string[]][] = [
      [{ name: "x", kind: "webhook", url: "https://user:secret@example.com/hook" }, ["url"]],
      [{ name: "x", kind: "slack", url: "javascript:alert(1)" }, ["url"]],
      [{ name: "x", kind: "email", to: ["ops@example.com", "not-an-email"] }, ["to.1"]],
      [{ name: "x", kind: "email", to: Array.from({ length: 11 }, (_, i) => `o${i}@example.com`) }, ["to"]],
      [{ name: "", kind: "sms" }, ["kind"]],
    ];
    for (const [body, fields] of cases) {
      const res = await api("/api/v1/alerts/channels", { key: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await json(res)).error.details.map((d: { field: string }) => d.field)).toEqual(fields);
    }
    const rules: [unknown, string[]][] = [
      [{ name: "x", renotifyMinutes: 1, condition: threshold }, ["renotifyMinutes"]],
      [{ name: "x", condition: { ...threshold, recoverValue: 900 } }, ["condition.recoverValue"]],
      [{ name: "x", condition: { ...threshold, query: { source: "metric", name: "m", aggregation: "avg", range: "7d" } } }, ["condition.query"]],
      [{ name: "x", condition: { kind: "anomaly", source: "log", name: "m" } }, ["condition.source"]],
      [{ name: "x".repeat(101), condition: threshold }, ["name"]],
    ];
    for (const [body, fields] of rules) {
      const res = await api("/api/v1/alerts/rules", { key: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await json(res)).error.details.map((d: { field: string }) => d.field)).toEqual(fields);
    }
    const history = await api("/api/v1/alerts/history?limit=0&cursor=abc", { key: admin });
    expect(history.status).toBe(422);
    expect((await json(history)).error.details.map((d: { field: string }) => d.field).sort()).toEqual(["cursor", "limit"]);
  });
});
