import { z } from "zod";
import { sql, type Sql } from "@/lib/db/client";
import { FluxError, invalid } from "@/lib/errors";
import { deleteProject } from "@/lib/projects/projects";
import { parseInput } from "@/lib/validation";
import { hashPassword } from "./password";
import { checkPassword, tooManyAttempts, type AttemptSource } from "./password-attempts";
import type { SessionUser } from "./session";
import { endOtherSessions } from "./sessions";

interface ProjectRef {
  id: string;
  name: string;
}

export interface AccountOverview {
  email: string;
  name: string | null;
  hasPassword: boolean;
  /** Projects where this person is the last owner and others are members: deleting the account waits for these. */
  blockingProjects: ProjectRef[];
  /** Projects with no other member: they go with the account. */
  soloProjects: ProjectRef[];
}

type Query = Sql | Parameters<Parameters<Sql["begin"]>[1]>[0];

const lastOwnerWithOthers = (q: Query, userId: string) => q<ProjectRef[]>`
  SELECT p.id, p.name FROM memberships m JOIN projects p ON p.id = m.project_id
  WHERE m.user_id = ${userId} AND m.role = 'owner'
    AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.project_id = m.project_id AND o.role = 'owner' AND o.user_id <> ${userId})
    AND EXISTS (SELECT 1 FROM memberships x WHERE x.project_id = m.project_id AND x.user_id <> ${userId})
  ORDER BY p.name`;

const onlyMember = (q: Query, userId: string) => q<ProjectRef[]>`
  SELECT p.id, p.name FROM memberships m JOIN projects p ON p.id = m.project_id
  WHERE m.user_id = ${userId}
    AND NOT EXISTS (SELECT 1 FROM memberships x WHERE x.project_id = m.project_id AND x.user_id <> ${userId})
  ORDER BY p.name`;

async function userRow(userId: string) {
  const [row] = await sql()<{ email: string; name: string | null; passwordHash: string | null }[]>`
    SELECT email, name, password_hash AS "passwordHash" FROM users WHERE id = ${userId}`;
  if (!row) throw new FluxError({ code: "unauthorized", message: "Your account no longer exists" });
  return row;
}

export async function accountOverview({ user }: { user: SessionUser }): Promise<AccountOverview> {
  const [row, blockingProjects, soloProjects] = await Promise.all([userRow(user.id), lastOwnerWithOthers(sql(), user.id), onlyMember(sql(), user.id)]);
  return { email: row.email, name: row.name, hasPassword: row.passwordHash !== null, blockingProjects, soloProjects };
}

/** The current password, checked under the sign-in limits (a stolen session must not guess it freely). */
async function confirmPassword(options: { user: SessionUser; email: string; password: string; field: string; source: AttemptSource }) {
  const check = await checkPassword({ email: options.email, password: options.password, source: options.source });
  if (check.outcome === "rate_limited") throw tooManyAttempts(check.retryAfterSeconds, "Too many wrong passwords.");
  if (check.outcome === "wrong" || check.user.id !== options.user.id) {
    throw invalid("Your password is not right", [{ field: options.field, message: "This is not your current password" }]);
  }
}

export const ChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
    confirmPassword: z.string(),
  })
  .refine((v) => v.confirmPassword === v.newPassword, { path: ["confirmPassword"], message: "The two new passwords differ" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password other than the current one" });

/**
 * Changes the password and ends every other session of the user at once; the browser that
 * made the change stays signed in.
 */
export async function changePassword({ user, input, source }: { user: SessionUser; input: unknown; source: AttemptSource }): Promise<{ endedSessions: number }> {
  const valid = parseInput(ChangePasswordInput, input, "Please correct the highlighted fields");
  const row = await userRow(user.id);
  if (row.passwordHash === null) {
    throw invalid("This account signs in with GitHub or Google and has no password", [{ field: "currentPassword", message: "No password is set for this account" }]);
  }
  await confirmPassword({ user, email: row.email, password: valid.currentPassword, field: "currentPassword", source });
  const passwordHash = await hashPassword(valid.newPassword);
  await sql()`UPDATE users SET password_hash = ${passwordHash} WHERE id = ${user.id}`;
  return { endedSessions: await endOtherSessions({ userId: user.id, keepSessionId: user.sessionId }) };
}

export const DeleteAccountInput = z.object({ password: z.string().optional(), confirm: z.string() });

/**
 * Deletes the account: refused while the person is the last owner of a project that others
 * belong to (naming those projects); projects they alone belong to are deleted with their data.
 * Their sessions, memberships and OAuth links go with the user row (foreign-key cascades).
 */
export async function deleteAccount({ user, input, source }: { user: SessionUser; input: unknown; source: AttemptSource }): Promise<{ deletedProjects: string[] }> {
  const valid = parseInput(DeleteAccountInput, input, "Please correct the highlighted fields");
  const row = await userRow(user.id);
  if (valid.confirm.trim().toLowerCase() !== row.email.toLowerCase()) {
    throw invalid("Type your email address to confirm", [{ field: "confirm", message: `Type ${row.email} to confirm` }]);
  }
  assertNoBlockers(await lastOwnerWithOthers(sql(), user.id));
  if (row.passwordHash !== null) {
    if (!valid.password) throw invalid("Enter your password", [{ field: "password", message: "Enter your password" }]);
    await confirmPassword({ user, email: row.email, password: valid.password, field: "password", source });
  }
  const solo = await onlyMember(sql(), user.id);
  for (const project of solo) {
    await deleteProject({ ctx: { kind: "user", userId: user.id, projectId: project.id, role: "owner" }, input: { confirm: project.name } });
  }
  await sql().begin(async (tx) => {
    // Lock the memberships of every project the user is in, so that no other owner can leave
    // between this check and the delete, which would leave a project with members and no owner.
    await tx`SELECT 1 FROM memberships WHERE project_id IN (SELECT project_id FROM memberships WHERE user_id = ${user.id}) FOR UPDATE`;
    assertNoBlockers(await lastOwnerWithOthers(tx, user.id));
    await tx`DELETE FROM users WHERE id = ${user.id}`;
  });
  return { deletedProjects: solo.map((p) => p.name) };
}

function assertNoBlockers(projects: ProjectRef[]): void {
  if (projects.length === 0) return;
  const names = projects.map((p) => `"${p.name}"`).join(", ");
  throw new FluxError({
    code: "conflict",
    message: `You are the last owner of ${names}, which ${projects.length === 1 ? "has" : "have"} other members. Make another member an owner, or delete the project, first.`,
    details: projects.map((p) => ({ field: "project", message: p.name, id: p.id })),
  });
}
