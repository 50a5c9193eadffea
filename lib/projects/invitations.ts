import { and, asc, desc, eq, sql as dsql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { invitations, memberships, projects, users } from "@/lib/db/schema";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { ProjectRole } from "@/lib/auth/scopes";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

/** A signed-in person acting for themselves, outside any one project (home page). */
export interface PersonCtx {
  userId: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: ProjectRole;
  createdAt: Date;
}

export interface MyInvitation {
  id: string;
  projectId: string;
  projectName: string;
  role: ProjectRole;
  invitedBy: string | null;
  createdAt: Date;
}

/** Pending invitations one project may hold; more is a mistake or a script, not a team. */
export const MAX_PENDING_INVITATIONS = 200;

const InviteInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address").max(254, "Use at most 254 characters")),
  role: ProjectRole,
});

const InvitationId = z.object({ invitationId: z.string() });

/**
 * Invites an email to the project with a role. The answer is the same whether the email has
 * a Flux account, has none, or is already a member: an admin learns nothing about accounts.
 * A member gets no invitation (accepting one could only duplicate or change their membership);
 * the admin already sees them in the members list, so nothing is revealed by its absence.
 */
export async function inviteMember({ ctx, input }: { ctx: Caller; input: unknown }): Promise<{ email: string; role: ProjectRole; message: string }> {
  requirePermission(ctx, "admin");
  const { email, role } = parseInput(InviteInput, input, "Invalid invitation");
  // An admin-scoped key may invite, but only a person who is owner may bring in another owner.
  if (role === "owner" && !(ctx.kind === "user" && ctx.role === "owner")) throw forbidden("Only an owner can invite another owner");
  await db().transaction(async (tx) => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.projectId, ctx.projectId), eq(dsql`lower(${users.email})`, email)))
      .limit(1);
    if (member) return;
    const [pending] = await tx
      .select({ n: dsql<number>`count(*)::int`, same: dsql<number>`count(*) FILTER (WHERE lower(${invitations.email}) = ${email})::int` })
      .from(invitations)
      .where(eq(invitations.projectId, ctx.projectId));
    if (pending.n >= MAX_PENDING_INVITATIONS && pending.same === 0) {
      throw invalid(`A project holds at most ${MAX_PENDING_INVITATIONS} pending invitations`, [{ field: "email", message: "Revoke some pending invitations first" }]);
    }
    // Inviting again updates the role of the pending invitation instead of adding a second one.
    await tx.execute(dsql`
      INSERT INTO invitations (project_id, email, role, invited_by)
      VALUES (${ctx.projectId}, ${email}, ${role}, ${ctx.kind === "user" ? ctx.userId : null})
      ON CONFLICT (project_id, lower(email)) DO UPDATE SET role = excluded.role, invited_by = excluded.invited_by, created_at = now()`);
  });
  return { email, role, message: `Invitation sent to ${email}` };
}

/** The project's pending invitations, for its admins. */
export async function listInvitations({ ctx }: { ctx: Caller }): Promise<Invitation[]> {
  requirePermission(ctx, "admin");
  const rows = await db()
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt })
    .from(invitations)
    .where(eq(invitations.projectId, ctx.projectId))
    .orderBy(asc(invitations.createdAt));
  return rows as Invitation[];
}

export async function revokeInvitation({ ctx, input }: { ctx: Caller; input: unknown }): Promise<void> {
  requirePermission(ctx, "admin");
  const { invitationId } = parseInput(InvitationId, input, "Invalid invitation");
  if (!z.uuid().safeParse(invitationId).success) throw notFound("Invitation not found");
  const removed = await db()
    .delete(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.projectId, ctx.projectId)))
    .returning({ id: invitations.id });
  if (removed.length === 0) throw notFound("Invitation not found");
}

const inviter = alias(users, "inviter");

/** Invitations addressed to the signed-in person's email (any letter case), newest first. */
export async function listMyInvitations({ ctx }: { ctx: PersonCtx }): Promise<MyInvitation[]> {
  const rows = await db()
    .select({
      id: invitations.id,
      projectId: invitations.projectId,
      projectName: projects.name,
      role: invitations.role,
      inviterName: inviter.name,
      inviterEmail: inviter.email,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .innerJoin(users, eq(dsql`lower(${users.email})`, dsql`lower(${invitations.email})`))
    .innerJoin(projects, eq(projects.id, invitations.projectId))
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(eq(users.id, ctx.userId))
    .orderBy(desc(invitations.createdAt));
  return rows.map(({ inviterName, inviterEmail, ...r }) => ({ ...r, role: r.role as ProjectRole, invitedBy: inviterName ?? inviterEmail ?? null }));
}

/**
 * Claims the invitation (delete … returning, so two accepts cannot both win) and makes the
 * person a member with its role, in one transaction. Someone else's invitation is "not found",
 * so ids cannot be probed.
 */
export async function acceptInvitation({ ctx, input }: { ctx: PersonCtx; input: unknown }): Promise<{ projectId: string; role: ProjectRole }> {
  return db().transaction(async (tx) => {
    const claimed = await claim(tx, ctx, input);
    // Already a member (made owner by provisioning, say): keep that role, never downgrade it.
    await tx.insert(memberships).values({ projectId: claimed.projectId, userId: ctx.userId, role: claimed.role }).onConflictDoNothing();
    return claimed;
  });
}

export async function declineInvitation({ ctx, input }: { ctx: PersonCtx; input: unknown }): Promise<void> {
  await db().transaction(async (tx) => {
    await claim(tx, ctx, input);
  });
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

async function claim(tx: Tx, ctx: PersonCtx, input: unknown): Promise<{ projectId: string; role: ProjectRole }> {
  const { invitationId } = parseInput(InvitationId, input, "Invalid invitation");
  if (!z.uuid().safeParse(invitationId).success) throw notFound("Invitation not found");
  // The email is read from the account, not from the session token, so it is the current one.
  const [removed] = await tx
    .delete(invitations)
    .where(
      and(
        eq(invitations.id, invitationId),
        dsql`lower(${invitations.email}) = (SELECT lower(${users.email}) FROM ${users} WHERE ${users.id} = ${ctx.userId})`,
      ),
    )
    .returning({ projectId: invitations.projectId, role: invitations.role });
  if (!removed) throw notFound("Invitation not found");
  return { projectId: removed.projectId, role: removed.role as ProjectRole };
}
