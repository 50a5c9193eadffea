import { and, desc, eq, isNull, lt, or, sql as dsql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { ApiKeyScope } from "@/lib/auth/scopes";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { notFound } from "@/lib/errors";
import { displayPrefix, generateApiKey, hashApiKey } from "./key-format";
import { parseInput } from "@/lib/validation";
import { StorableString } from "@/lib/validation/text";
import { isUuid } from "@/lib/validation/ids";

export const CreateApiKeyInput = z.object({
  name: StorableString("Give the key a name").trim().min(1, "Give the key a name").max(100),
  scopes: z.array(ApiKeyScope).min(1, "Choose at least one scope"),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const summaryColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** Creates a key; the secret is returned here once and stored only as a hash. */
export async function createApiKey({ ctx, input, secret }: { ctx: Caller; input: unknown; secret?: string }) {
  requirePermission(ctx, "admin");
  const valid = parseInput(CreateApiKeyInput, input, "Invalid API key");
  const key = secret ?? generateApiKey();
  const [row] = await db()
    .insert(apiKeys)
    .values({
      projectId: ctx.projectId,
      name: valid.name,
      prefix: displayPrefix(key),
      hash: hashApiKey(key),
      scopes: [...new Set(valid.scopes)],
      createdBy: ctx.kind === "user" ? ctx.userId : null,
    })
    .returning(summaryColumns);
  return { key, apiKey: row as ApiKeySummary };
}

export async function listApiKeys({ ctx }: { ctx: Caller }): Promise<ApiKeySummary[]> {
  requirePermission(ctx, "admin");
  const rows = await db()
    .select(summaryColumns)
    .from(apiKeys)
    .where(eq(apiKeys.projectId, ctx.projectId))
    .orderBy(desc(apiKeys.createdAt));
  return rows as ApiKeySummary[];
}

export async function revokeApiKey({ ctx, keyId }: { ctx: Caller; keyId: string }): Promise<void> {
  requirePermission(ctx, "admin");
  if (!isUuid(keyId)) throw notFound("API key not found");
  const updated = await db()
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.projectId, ctx.projectId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (updated.length === 0) throw notFound("API key not found");
}

const lastUsedWrites = new Map<string, number>();

/** Resolves a presented secret to its project; null for unknown or revoked keys. */
export async function authenticateApiKey(secret: string): Promise<Extract<Caller, { kind: "key" }> | null> {
  if (secret.length < 16 || secret.length > 512) return null;
  const hash = hashApiKey(secret);
  const [row] = await db()
    .select({ id: apiKeys.id, projectId: apiKeys.projectId, scopes: apiKeys.scopes })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  // At most one write a minute per key keeps "last used" cheap on the ingest hot path;
  // the in-process check also spares the database the statement itself.
  const caller = { kind: "key" as const, keyId: row.id, projectId: row.projectId, scopes: row.scopes as ApiKeyScope[] };
  const now = Date.now();
  if (now - (lastUsedWrites.get(row.id) ?? 0) < 60_000) return caller;
  if (lastUsedWrites.size > 10_000) lastUsedWrites.clear();
  lastUsedWrites.set(row.id, now);
  void db()
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, dsql`now() - interval '1 minute'`))))
    .catch(() => {});
  return caller;
}
