import { describe, expect, it } from "vitest";
import { createTestProject } from "@/tests/fixtures";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { hashApiKey } from "./key-format";
import { db } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { eq } from "drizzle-orm";

describe("API keys", () => {
  it("shows the secret once and stores only its hash", async () => {
    const p = await createTestProject();
    const { key, apiKey } = await createApiKey({ ctx: p.ctx, input: { name: "Backend", scopes: ["ingest", "read"] } });
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row.hash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);
    const listed = await listApiKeys({ ctx: p.ctx });
    expect(listed).toEqual([expect.objectContaining({ name: "Backend", prefix: key.slice(0, 11), scopes: ["ingest", "read"], lastUsedAt: null })]);
  });

  it("authenticates to the key's project and scopes until revoked", async () => {
    const p = await createTestProject();
    const { key, apiKey } = await createApiKey({ ctx: p.ctx, input: { name: "K", scopes: ["read"] } });
    expect(await authenticateApiKey(key)).toEqual({ kind: "key", keyId: apiKey.id, projectId: p.projectId, scopes: ["read"] });
    await revokeApiKey({ ctx: p.ctx, keyId: apiKey.id });
    expect(await authenticateApiKey(key)).toBeNull();
    await expect(revokeApiKey({ ctx: p.ctx, keyId: apiKey.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("records last use", async () => {
    const p = await createTestProject();
    const { key, apiKey } = await createApiKey({ ctx: p.ctx, input: { name: "K", scopes: ["read"] } });
    await authenticateApiKey(key);
    await expect.poll(async () => (await listApiKeys({ ctx: p.ctx })).find((k) => k.id === apiKey.id)?.lastUsedAt).not.toBeNull();
  });

  it("refuses unknown keys, other projects' key ids and callers without admin", async () => {
    const a = await createTestProject();
    const b = await createTestProject();
    expect(await authenticateApiKey("flux_" + "x".repeat(40))).toBeNull();
    expect(await authenticateApiKey("short")).toBeNull();
    const { apiKey } = await createApiKey({ ctx: a.ctx, input: { name: "A", scopes: ["ingest"] } });
    await expect(revokeApiKey({ ctx: b.ctx, keyId: apiKey.id })).rejects.toMatchObject({ code: "not_found" });
    const readKeyCaller = { kind: "key" as const, projectId: a.projectId, keyId: apiKey.id, scopes: ["read" as const] };
    await expect(createApiKey({ ctx: readKeyCaller, input: { name: "x", scopes: ["admin"] } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createApiKey({ ctx: a.ctx, input: { name: "", scopes: [] } })).rejects.toMatchObject({ code: "invalid" });
  });
});
