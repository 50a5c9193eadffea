import { and, asc, eq, sql as dsql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { memberships, users } from "@/lib/db/schema";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { ProjectRole } from "@/lib/auth/scopes";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

// People join a project only by accepting an invitation (lib/projects/invitations.ts), or as
// the owner who created or provisioned it: nothing here adds a member without their consent.
export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: ProjectRole;
}

export async function listMembers({ ctx }: { ctx: Caller }): Promise<Member[]> {
  requirePermission(ctx, "read");
  const rows = await db()
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.projectId, ctx.projectId))
    .orderBy(asc(memberships.createdAt));
  return rows as Member[];
}

/** Changes a member's role; a project always keeps at least one owner. */
export async function changeRole({ ctx, input }: { ctx: Caller; input: unknown }): Promise<void> {
  requirePermission(ctx, "admin");
  const valid = parseInput(z.object({ userId: z.uuid(), role: ProjectRole }), input, "Invalid role change");
  await db().transaction(async (tx) => {
    const updated = await tx
      .update(memberships)
      .set({ role: valid.role })
      .where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.userId, valid.userId)))
      .returning({ userId: memberships.userId });
    if (updated.length === 0) throw notFound("Member not found");
    await assertOwnerRemains(tx, ctx.projectId);
  });
}

export async function removeMember({ ctx, userId }: { ctx: Caller; userId: string }): Promise<void> {
  requirePermission(ctx, "admin");
  if (!z.uuid().safeParse(userId).success) throw notFound("Member not found");
  await db().transaction(async (tx) => {
    const removed = await tx
      .delete(memberships)
      .where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.userId, userId)))
      .returning({ userId: memberships.userId });
    if (removed.length === 0) throw notFound("Member not found");
    await assertOwnerRemains(tx, ctx.projectId);
  });
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

async function assertOwnerRemains(tx: Tx, projectId: string): Promise<void> {
  const [row] = await tx
    .select({ n: dsql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.role, "owner")));
  if (!row || row.n === 0) throw invalid("A project needs at least one owner", [{ field: "role", message: "Make someone else owner first" }]);
}
