import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestProject, rejection } from "@/tests/fixtures";
import { signUp } from "@/lib/auth/users";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { listMembers } from "./members";
import { acceptInvitation, declineInvitation, inviteMember, listInvitations, listMyInvitations, MAX_PENDING_INVITATIONS, revokeInvitation } from "./invitations";


const address = (label = "inv") => `${label}-${randomUUID()}@flux.test`;
const newUser = (email = address()) => signUp({ input: { email, password: "password-123" } });
const person = (userId: string) => ({ userId });

/** The user's role in the project, or null; read as the owner sees it. */
async function roleIn(owner: Caller, userId: string) {
  return (await listMembers({ ctx: owner })).find((m) => m.userId === userId)?.role ?? null;
}

/** A second member of the project with the given role, brought in the only way there is. */
async function member(owner: Caller, role: "owner" | "editor" | "viewer") {
  const user = await newUser();
  await inviteMember({ ctx: owner, input: { email: user.email, role } });
  const [invitation] = await listMyInvitations({ ctx: person(user.id) });
  await acceptInvitation({ ctx: person(user.id), input: { invitationId: invitation.id } });
  const ctx: Caller = { kind: "user", userId: user.id, projectId: owner.projectId, role };
  return { user, ctx };
}

describe("invitations", () => {
  it("answers the same for an email with an account, without one, and of a member, and never duplicates a membership", async () => {
    const p = await createTestProject();
    const existing = await newUser();
    const unknown = address("nobody");
    const answers = [
      await inviteMember({ ctx: p.ctx, input: { email: existing.email, role: "viewer" } }),
      await inviteMember({ ctx: p.ctx, input: { email: unknown, role: "viewer" } }),
      await inviteMember({ ctx: p.ctx, input: { email: p.email, role: "viewer" } }),
    ];
    expect(answers.map((a) => a.message)).toEqual([`Invitation sent to ${existing.email}`, `Invitation sent to ${unknown}`, `Invitation sent to ${p.email}`]);
    expect(answers.map((a) => Object.keys(a).sort())).toEqual(Array(3).fill(["email", "message", "role"]));
    // Both non-members are listed alike; the member is not invited and stays owner, once.
    const pending = await listInvitations({ ctx: p.ctx });
    expect(pending.map((i) => [i.email, i.role]).sort()).toEqual([[existing.email, "viewer"], [unknown, "viewer"]].sort());
    expect((await listMembers({ ctx: p.ctx })).map((m) => [m.email, m.role])).toEqual([[p.email, "owner"]]);
    expect(await listMyInvitations({ ctx: person(p.userId) })).toEqual([]);
  });

  it("inviting again in another letter case updates the one pending invitation", async () => {
    const p = await createTestProject();
    const email = address("twice");
    await inviteMember({ ctx: p.ctx, input: { email, role: "viewer" } });
    await inviteMember({ ctx: p.ctx, input: { email: `  ${email.toUpperCase()} `, role: "editor" } });
    expect((await listInvitations({ ctx: p.ctx })).map((i) => [i.email, i.role])).toEqual([[email, "editor"]]);
  });

  it("shows the invitation to the person with that email in any letter case, and accepting makes them a member with its role", async () => {
    const p = await createTestProject("Invited project");
    // Sign-up stores emails in lower case; an account stored in mixed case (older rows) matches too.
    const [invitee] = await db().insert(users).values({ email: address("Mixed.Case").replace("flux.test", "Flux.Test") }).returning();
    await inviteMember({ ctx: p.ctx, input: { email: invitee.email.toLowerCase(), role: "editor" } });
    const mine = await listMyInvitations({ ctx: person(invitee.id) });
    expect(mine).toEqual([expect.objectContaining({ projectId: p.projectId, projectName: "Invited project", role: "editor", invitedBy: p.email })]);
    expect(await acceptInvitation({ ctx: person(invitee.id), input: { invitationId: mine[0].id } })).toEqual({ projectId: p.projectId, role: "editor" });
    expect(await roleIn(p.ctx, invitee.id)).toBe("editor");
    // Accepted means gone: no second accept, nothing pending on either side.
    expect(await listMyInvitations({ ctx: person(invitee.id) })).toEqual([]);
    expect(await listInvitations({ ctx: p.ctx })).toEqual([]);
    expect((await rejection(acceptInvitation({ ctx: person(invitee.id), input: { invitationId: mine[0].id } }))).code).toBe("not_found");
  });

  it("lets someone who signs up later with the invited email see and accept it", async () => {
    const p = await createTestProject();
    const email = address("later");
    await inviteMember({ ctx: p.ctx, input: { email, role: "viewer" } });
    const late = await newUser(email.toUpperCase());
    const [invitation] = await listMyInvitations({ ctx: person(late.id) });
    expect(invitation.projectId).toBe(p.projectId);
    await acceptInvitation({ ctx: person(late.id), input: { invitationId: invitation.id } });
    expect(await roleIn(p.ctx, late.id)).toBe("viewer");
  });

  it("lets only the invited email's owner accept or decline: anyone else gets not found and the invitation stays", async () => {
    const p = await createTestProject();
    const invitee = await newUser();
    const stranger = await newUser();
    await inviteMember({ ctx: p.ctx, input: { email: invitee.email, role: "owner" } });
    const [invitation] = await listMyInvitations({ ctx: person(invitee.id) });
    expect(await listMyInvitations({ ctx: person(stranger.id) })).toEqual([]);
    for (const who of [stranger.id, p.userId]) {
      expect((await rejection(acceptInvitation({ ctx: person(who), input: { invitationId: invitation.id } }))).code).toBe("not_found");
      expect((await rejection(declineInvitation({ ctx: person(who), input: { invitationId: invitation.id } }))).code).toBe("not_found");
    }
    expect(await roleIn(p.ctx, stranger.id)).toBeNull();
    expect((await rejection(acceptInvitation({ ctx: person(invitee.id), input: { invitationId: "not-a-uuid" } }))).code).toBe("not_found");
    expect((await rejection(acceptInvitation({ ctx: person(invitee.id), input: {} }))).status).toBe(422);
    expect(await listInvitations({ ctx: p.ctx })).toHaveLength(1);
  });

  it("makes exactly one membership when the same invitation is accepted twice at once", async () => {
    const p = await createTestProject();
    const invitee = await newUser();
    await inviteMember({ ctx: p.ctx, input: { email: invitee.email, role: "viewer" } });
    const [invitation] = await listMyInvitations({ ctx: person(invitee.id) });
    const results = await Promise.allSettled([1, 2, 3].map(() => acceptInvitation({ ctx: person(invitee.id), input: { invitationId: invitation.id } })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await listMembers({ ctx: p.ctx })).filter((m) => m.userId === invitee.id)).toHaveLength(1);
  });

  it("declining removes the invitation without making a member", async () => {
    const p = await createTestProject();
    const invitee = await newUser();
    await inviteMember({ ctx: p.ctx, input: { email: invitee.email, role: "editor" } });
    const [invitation] = await listMyInvitations({ ctx: person(invitee.id) });
    await declineInvitation({ ctx: person(invitee.id), input: { invitationId: invitation.id } });
    expect(await listMyInvitations({ ctx: person(invitee.id) })).toEqual([]);
    expect(await listInvitations({ ctx: p.ctx })).toEqual([]);
    expect(await roleIn(p.ctx, invitee.id)).toBeNull();
  });

  it("lets an admin revoke a pending invitation, only in their own project", async () => {
    const p = await createTestProject();
    const other = await createTestProject();
    const invitee = await newUser();
    await inviteMember({ ctx: p.ctx, input: { email: invitee.email, role: "viewer" } });
    const [pending] = await listInvitations({ ctx: p.ctx });
    expect((await rejection(revokeInvitation({ ctx: other.ctx, input: { invitationId: pending.id } }))).code).toBe("not_found");
    expect((await rejection(revokeInvitation({ ctx: p.ctx, input: { invitationId: "nope" } }))).code).toBe("not_found");
    await revokeInvitation({ ctx: p.ctx, input: { invitationId: pending.id } });
    expect(await listInvitations({ ctx: p.ctx })).toEqual([]);
    expect(await listMyInvitations({ ctx: person(invitee.id) })).toEqual([]);
    expect((await rejection(acceptInvitation({ ctx: person(invitee.id), input: { invitationId: pending.id } }))).code).toBe("not_found");
  });

  it("refuses viewers and editors: they cannot invite, list or revoke", async () => {
    const p = await createTestProject();
    await inviteMember({ ctx: p.ctx, input: { email: address(), role: "viewer" } });
    const [pending] = await listInvitations({ ctx: p.ctx });
    for (const role of ["viewer", "editor"] as const) {
      const { ctx } = await member(p.ctx, role);
      expect((await rejection(inviteMember({ ctx, input: { email: address(), role: "viewer" } }))).status).toBe(403);
      expect((await rejection(listInvitations({ ctx }))).status).toBe(403);
      expect((await rejection(revokeInvitation({ ctx, input: { invitationId: pending.id } }))).status).toBe(403);
    }
    expect(await listInvitations({ ctx: p.ctx })).toHaveLength(1);
  });

  it("lets an owner invite another owner, but not an admin key", async () => {
    const p = await createTestProject();
    const { ctx: secondOwner } = await member(p.ctx, "owner");
    await inviteMember({ ctx: secondOwner, input: { email: address(), role: "owner" } });
    const key: Caller = { kind: "key", projectId: p.projectId, keyId: randomUUID(), scopes: ["admin"] };
    expect((await rejection(inviteMember({ ctx: key, input: { email: address(), role: "owner" } }))).status).toBe(403);
    await inviteMember({ ctx: key, input: { email: address(), role: "editor" } });
    expect((await listInvitations({ ctx: p.ctx })).map((i) => i.role).sort()).toEqual(["editor", "owner"]);
  });

  it("rejects malformed emails and roles with the field named", async () => {
    const p = await createTestProject();
    for (const input of [{ email: "not-an-email", role: "viewer" }, { email: "", role: "viewer" }, { email: `${"a".repeat(250)}@flux.test`, role: "viewer" }, { email: address(), role: "admin" }, { role: "viewer" }]) {
      const error = await rejection(inviteMember({ ctx: p.ctx, input }));
      expect(error.status).toBe(422);
      expect((error.details as { field: string }[])[0].field).toMatch(/^(email|role)$/);
    }
    expect(await listInvitations({ ctx: p.ctx })).toEqual([]);
  });

  it(`holds at most ${MAX_PENDING_INVITATIONS} pending invitations per project, and re-inviting a pending email still works at the cap`, async () => {
    const p = await createTestProject();
    const emails = Array.from({ length: MAX_PENDING_INVITATIONS }, () => address("cap"));
    for (const email of emails) await inviteMember({ ctx: p.ctx, input: { email, role: "viewer" } });
    expect((await rejection(inviteMember({ ctx: p.ctx, input: { email: address(), role: "viewer" } }))).status).toBe(422);
    await inviteMember({ ctx: p.ctx, input: { email: emails[0], role: "editor" } });
    expect(await listInvitations({ ctx: p.ctx })).toHaveLength(MAX_PENDING_INVITATIONS);
  });
});
