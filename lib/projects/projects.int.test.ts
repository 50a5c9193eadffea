import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestProject, rejection } from "@/tests/fixtures";
import { signUp } from "@/lib/auth/users";
import { memberCaller } from "./access";
import { createProject, deleteProject, getProject, listProjectsForUser, renameProject } from "./projects";
import { changeRole, listMembers, removeMember } from "./members";
import { acceptInvitation, inviteMember, listMyInvitations } from "./invitations";


const newUser = () => signUp({ input: { email: `m-${randomUUID()}@flux.test`, password: "password-123" } });

describe("projects", () => {
  it("makes the creator owner and lists only the user's own projects", async () => {
    const a = await createTestProject("Alpha");
    const b = await createTestProject("Beta");
    const listA = await listProjectsForUser({ userId: a.userId });
    expect(listA.map((p) => [p.name, p.role])).toEqual([["Alpha", "owner"]]);
    expect((await listProjectsForUser({ userId: b.userId })).map((p) => p.id)).not.toContain(a.projectId);
  });

  it("treats non-members and malformed ids as not found", async () => {
    const a = await createTestProject();
    const outsider = await newUser();
    expect((await rejection(memberCaller({ userId: outsider.id, projectId: a.projectId }))).code).toBe("not_found");
    expect((await rejection(memberCaller({ userId: a.userId, projectId: "not-a-uuid" }))).code).toBe("not_found");
  });

  it("renames with validation and deletes only with the exact name typed", async () => {
    const a = await createTestProject("Gamma");
    expect((await rejection(renameProject({ ctx: a.ctx, input: { name: "   " } }))).status).toBe(422);
    await renameProject({ ctx: a.ctx, input: { name: "Gamma 2" } });
    expect((await getProject({ ctx: a.ctx })).name).toBe("Gamma 2");
    expect((await rejection(deleteProject({ ctx: a.ctx, input: { confirm: "Gamma" } }))).status).toBe(422);
    await deleteProject({ ctx: a.ctx, input: { confirm: "Gamma 2" } });
    expect((await rejection(memberCaller({ userId: a.userId, projectId: a.projectId }))).code).toBe("not_found");
  });

  it("lets an owner bring in a user by an accepted invitation, change their role and remove them", async () => {
    const a = await createTestProject();
    const other = await newUser();
    await inviteMember({ ctx: a.ctx, input: { email: other.email.toUpperCase(), role: "viewer" } });
    const [invitation] = await listMyInvitations({ ctx: { userId: other.id } });
    await acceptInvitation({ ctx: { userId: other.id }, input: { invitationId: invitation.id } });
    const viewer = await memberCaller({ userId: other.id, projectId: a.projectId });
    expect(viewer.role).toBe("viewer");
    expect((await rejection(renameProject({ ctx: viewer, input: { name: "Hijacked" } }))).status).toBe(403);
    await changeRole({ ctx: a.ctx, input: { userId: other.id, role: "editor" } });
    expect((await listMembers({ ctx: a.ctx })).find((m) => m.userId === other.id)?.role).toBe("editor");
    await removeMember({ ctx: a.ctx, userId: other.id });
    expect((await rejection(memberCaller({ userId: other.id, projectId: a.projectId }))).code).toBe("not_found");
  });

  it("never leaves a project without an owner", async () => {
    const a = await createTestProject();
    expect((await rejection(changeRole({ ctx: a.ctx, input: { userId: a.userId, role: "viewer" } }))).status).toBe(422);
    expect((await listMembers({ ctx: a.ctx }))[0].role).toBe("owner");
  });

  it("creates a project for a user with a name check", async () => {
    const user = await newUser();
    expect((await rejection(createProject({ userId: user.id, input: { name: "x".repeat(81) } }))).status).toBe(422);
    const p = await createProject({ userId: user.id, input: { name: "  Trimmed  " } });
    expect(p.name).toBe("Trimmed");
  });
});
