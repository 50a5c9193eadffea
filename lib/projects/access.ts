import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { memberships, projects } from "@/lib/db/schema";
import type { Caller } from "@/lib/auth/caller";
import type { ProjectRole } from "@/lib/auth/scopes";
import { notFound } from "@/lib/errors";
import { requireUser } from "@/lib/auth/session";

/**
 * The signed-in user as a caller in one project. A project the user is not a member of
 * does not exist for them: 404, never 403, so ids cannot be probed.
 */
export async function memberCaller(options: { userId: string; projectId: string }): Promise<Extract<Caller, { kind: "user" }>> {
  if (!z.uuid().safeParse(options.projectId).success) throw notFound("Project not found");
  const [row] = await db()
    .select({ role: memberships.role })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(and(eq(memberships.projectId, options.projectId), eq(memberships.userId, options.userId)))
    .limit(1);
  if (!row) throw notFound("Project not found");
  return { kind: "user", userId: options.userId, projectId: options.projectId, role: row.role as ProjectRole };
}

/**
 * The signed-in user as a caller in one project, for server actions: every action resolves
 * it again, so a form posted by a non-member or a viewer is refused by the domain function.
 */
export async function sessionCaller(projectId: string): Promise<Extract<Caller, { kind: "user" }>> {
  const user = await requireUser();
  return memberCaller({ userId: user.id, projectId });
}
