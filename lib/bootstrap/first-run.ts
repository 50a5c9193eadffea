import { randomBytes } from "node:crypto";
import { count } from "drizzle-orm";
import { db, sql } from "@/lib/db/client";
import { ADVISORY_LOCKS } from "@/lib/db/advisory-locks";
import { users } from "@/lib/db/schema";
import { signUp } from "@/lib/auth/users";
import { createProject } from "@/lib/projects/projects";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { Caller } from "@/lib/auth/caller";

export interface FirstRun {
  email: string;
  password: string;
  apiKey: string;
  projectId: string;
  /** Whether the password and key were generated here (so they must be printed once). */
  generated: boolean;
}

/**
 * On an empty database, creates the first user, a "Demo" project and an all-scopes key.
 * FLUX_INIT_* make them known in advance for automation; otherwise they are random.
 * Returns null when the instance already has users.
 */
export async function bootstrapFirstRun(options: { email?: string; password?: string; apiKey?: string }): Promise<FirstRun | null> {
  const reserved = await sql().reserve();
  try {
    await reserved`SELECT pg_advisory_lock(${ADVISORY_LOCKS.firstRun})`;
    const [{ n }] = await db().select({ n: count() }).from(users);
    if (n > 0) return null;
    const email = options.email ?? "demo@flux.local";
    const password = options.password ?? randomBytes(12).toString("base64url");
    const user = await signUp({ input: { email, password, name: "Demo user" } });
    const project = await createProject({ userId: user.id, input: { name: "Demo" } });
    const ctx: Caller = { kind: "user", userId: user.id, projectId: project.id, role: "owner" };
    const { key } = await createApiKey({ ctx, input: { name: "Demo key", scopes: ["ingest", "read", "admin"] }, secret: options.apiKey });
    return { email, password, apiKey: key, projectId: project.id, generated: !options.password || !options.apiKey };
  } finally {
    await reserved`SELECT pg_advisory_unlock(${ADVISORY_LOCKS.firstRun})`;
    reserved.release();
  }
}
