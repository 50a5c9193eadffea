import { describe, expect, it } from "vitest";
import { api, createTestProject } from "@/tests/fixtures";
import { revokeApiKey, listApiKeys } from "@/lib/api-keys/api-keys";

describe("GET /api/v1/project", () => {
  it("answers the key's project and scopes", async () => {
    const p = await createTestProject("HTTP project");
    const key = await p.key(["ingest"]);
    const res = await api("/api/v1/project", { key });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ project: { id: p.projectId, name: "HTTP project" }, key: { scopes: ["ingest"] } });
  });

  it("answers 401 in the error envelope for a missing, malformed, wrong or revoked key", async () => {
    const p = await createTestProject();
    const key = await p.key(["read"]);
    for (const headers of [{}, { authorization: "Basic abc" }, { authorization: "Bearer flux_wrongwrongwrongwrongwrong" }] as Record<string, string>[]) {
      const res = await api("/api/v1/project", { headers });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    const [row] = await listApiKeys({ ctx: p.ctx });
    await revokeApiKey({ ctx: p.ctx, keyId: row.id });
    const revoked = await api("/api/v1/project", { key });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: { code: "unauthorized", message: "The API key is invalid or has been revoked" } });
  });

  it("serves health for load balancers", async () => {
    const res = await api("/api/health");
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });
});
