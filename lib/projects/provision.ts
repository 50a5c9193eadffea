import { createHash, timingSafeEqual } from "node:crypto";
import { and, asc, eq, sql as dsql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { memberships, projects, users } from "@/lib/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { env } from "@/lib/env";
import { FluxError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { StorableString } from "@/lib/validation/text";
import { createProject, ProjectName } from "./projects";

export const ProvisionInput = z.object({
  name: ProjectName,
  environment: StorableString().trim().max(100).nullish(),
});

export interface Provisioned {
  id: string;
  name: string;
  environment: string | null;
  ingest_key: string;
  api_key: string;
  created: boolean;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Compares in constant time; provisioning is off until FLUX_MASTER_KEY is set. */
export function checkMasterKey(presented: string | null): void {
  const master = env().FLUX_MASTER_KEY;
  if (!master) throw new FluxError({ code: "forbidden", message: "Provisioning is disabled on this Flux: set FLUX_MASTER_KEY to enable it" });
  if (!presented || !timingSafeEqual(digest(presented), digest(master))) {
    throw new FluxError({ code: "unauthorized", message: "The X-Master-Key header is missing or wrong" });
  }
}

/**
 * What the BrainzLab SDKs call to set themselves up (`POST /api/v1/projects/provision` with
 * `X-Master-Key`): finds the project with that name owned by the instance owner, or creates
 * it, and issues a fresh ingest key and a read+ingest key. Keys are stored hashed, so an
 * existing project gets new keys rather than its old ones back; the SDK caches what it gets.
 */
export async function provisionProject({ masterKey, input }: { masterKey: string | null; input: unknown }): Promise<Provisioned> {
  checkMasterKey(masterKey);
  const { name, environment } = parseInput(ProvisionInput, input, "Invalid provisioning request");
  const owner = await instanceOwner();
  const [existing] = await db()
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .innerJoin(memberships, and(eq(memberships.projectId, projects.id), eq(memberships.userId, owner), eq(memberships.role, "owner")))
    .where(eq(projects.name, name))
    .orderBy(asc(projects.createdAt))
    .limit(1);
  const project = existing ?? (await createProject({ userId: owner, input: { name } }));
  const ctx = { kind: "user" as const, userId: owner, projectId: project.id, role: "owner" as const };
  const suffix = environment ? ` (${environment})` : "";
  const ingest = await createApiKey({ ctx, input: { name: `Provisioned ingest key${suffix}`, scopes: ["ingest"] } });
  const api = await createApiKey({ ctx, input: { name: `Provisioned API key${suffix}`, scopes: ["ingest", "read"] } });
  return { id: project.id, name: project.name, environment: environment ?? null, ingest_key: ingest.key, api_key: api.key, created: !existing };
}

/** Provisioned projects belong to the first-run user (FLUX_INIT_EMAIL), else the oldest user. */
async function instanceOwner(): Promise<string> {
  const initEmail = env().FLUX_INIT_EMAIL;
  const [byEmail] = initEmail
    ? await db().select({ id: users.id }).from(users).where(eq(dsql`lower(${users.email})`, initEmail.toLowerCase())).limit(1)
    : [];
  if (byEmail) return byEmail.id;
  const [oldest] = await db().select({ id: users.id }).from(users).orderBy(asc(users.createdAt)).limit(1);
  if (!oldest) throw new FluxError({ code: "unavailable", message: "Flux has no users yet; start it once to create the first one", retryAfterSeconds: 5 });
  return oldest.id;
}
