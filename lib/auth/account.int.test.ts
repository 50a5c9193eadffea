import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { FluxError } from "@/lib/errors";
import { createProject } from "@/lib/projects/projects";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { accountOverview, changePassword, deleteAccount } from "./account";
import { startSession } from "./sessions";
import { verifyCredentials } from "./users";

const source = () => ({ address: `test-${randomUUID()}`, cookieHeader: null });
const asUser = (p: TestProject, sessionId: string | null = null) => ({ id: p.userId, email: p.email, name: null, sessionId });

async function join(projectId: string, userId: string, role: "owner" | "editor" | "viewer") {
  await sql()`INSERT INTO memberships (project_id, user_id, role) VALUES (${projectId}, ${userId}, ${role})`;
}

async function failure(promise: Promise<unknown>): Promise<FluxError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(FluxError);
  return error as FluxError;
}

async function sessionsOf(userId: string): Promise<string[]> {
  return (await sql()<{ id: string }[]>`SELECT id FROM user_sessions WHERE user_id = ${userId}`).map((r) => r.id);
}

describe("changing the password", () => {
  it("needs the current password, two matching new ones and a different one", async () => {
    const p = await createTestProject();
    const change = (input: object) => failure(changePassword({ user: asUser(p), input, source: source() }));
    expect((await change({ currentPassword: "wrong-password", newPassword: "new-password-1", confirmPassword: "new-password-1" })).details).toEqual([
      { field: "currentPassword", message: "This is not your current password" },
    ]);
    expect((await change({ currentPassword: p.password, newPassword: "new-password-1", confirmPassword: "new-password-2" })).details).toEqual([
      { field: "confirmPassword", message: "The two new passwords differ" },
    ]);
    expect((await change({ currentPassword: p.password, newPassword: p.password, confirmPassword: p.password })).details).toEqual([
      { field: "newPassword", message: "Choose a password other than the current one" },
    ]);
    expect((await change({ currentPassword: p.password, newPassword: "short", confirmPassword: "short" })).code).toBe("invalid");
    expect(await verifyCredentials(p.email, p.password)).not.toBeNull();
  });

  it("ends every other session of the user at once, keeps the current one, and leaves other users alone", async () => {
    const [p, other] = [await createTestProject(), await createTestProject()];
    const [current, second, third] = [await startSession({ userId: p.userId }), await startSession({ userId: p.userId }), await startSession({ userId: p.userId })];
    const othersSession = await startSession({ userId: other.userId });
    const result = await changePassword({ user: asUser(p, current), input: { currentPassword: p.password, newPassword: "changed-password", confirmPassword: "changed-password" }, source: source() });
    expect(result).toEqual({ endedSessions: 2 });
    expect(await sessionsOf(p.userId)).toEqual([current]);
    expect(await sessionsOf(other.userId)).toEqual([othersSession]);
    expect([second, third]).not.toContain(current);
    expect(await verifyCredentials(p.email, "changed-password")).toMatchObject({ id: p.userId });
  });

  it("is rate limited like sign-in: the 11th wrong current password is refused without checking it", async () => {
    const p = await createTestProject();
    const from = source();
    const wrong = { currentPassword: "wrong-password", newPassword: "new-password-1", confirmPassword: "new-password-1" };
    for (let i = 0; i < 10; i++) expect((await failure(changePassword({ user: asUser(p), input: wrong, source: from }))).code).toBe("invalid");
    const limited = await failure(changePassword({ user: asUser(p), input: { ...wrong, currentPassword: p.password }, source: from }));
    expect(limited.code).toBe("rate_limited");
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.message).toMatch(/^Too many wrong passwords\. Try again in 1 minute\.$/);
  });
});

describe("deleting the account", () => {
  it("is refused while the person is the last owner of projects others belong to, naming them", async () => {
    const [p, member] = [await createTestProject("Shared one"), await createTestProject()];
    const second = await createProject({ userId: p.userId, input: { name: "Shared two" } });
    await join(p.projectId, member.userId, "editor");
    await join(second.id, member.userId, "viewer");
    expect((await accountOverview({ user: asUser(p) })).blockingProjects.map((x) => x.name)).toEqual(["Shared one", "Shared two"]);

    const refused = await failure(deleteAccount({ user: asUser(p), input: { password: p.password, confirm: p.email }, source: source() }));
    expect(refused.code).toBe("conflict");
    expect(refused.message).toBe('You are the last owner of "Shared one", "Shared two", which have other members. Make another member an owner, or delete the project, first.');

    // Another owner in one, the other member gone from the other: nothing blocks any more.
    await sql()`UPDATE memberships SET role = 'owner' WHERE project_id = ${p.projectId} AND user_id = ${member.userId}`;
    await sql()`DELETE FROM memberships WHERE project_id = ${second.id} AND user_id = ${member.userId}`;
    const overview = await accountOverview({ user: asUser(p) });
    expect(overview.blockingProjects).toEqual([]);
    expect(overview.soloProjects.map((x) => x.name)).toEqual(["Shared two"]);

    await startSession({ userId: p.userId });
    expect(await deleteAccount({ user: asUser(p), input: { password: p.password, confirm: ` ${p.email.toUpperCase()} ` }, source: source() })).toEqual({ deletedProjects: ["Shared two"] });
    expect(await sql()`SELECT 1 FROM users WHERE id = ${p.userId}`).toHaveLength(0);
    expect(await sessionsOf(p.userId)).toEqual([]);
    expect(await sql()`SELECT 1 FROM projects WHERE id = ${second.id}`).toHaveLength(0);
    // The shared project stays, with its remaining owner.
    expect(await sql()`SELECT user_id FROM memberships WHERE project_id = ${p.projectId}`).toEqual([{ user_id: member.userId }]);
  });

  it("needs the password and the typed email, and is rate limited like sign-in", async () => {
    const p = await createTestProject();
    const from = source();
    expect((await failure(deleteAccount({ user: asUser(p), input: { password: p.password, confirm: "yes" }, source: from }))).details).toEqual([
      { field: "confirm", message: `Type ${p.email} to confirm` },
    ]);
    expect((await failure(deleteAccount({ user: asUser(p), input: { confirm: p.email }, source: from }))).details).toEqual([{ field: "password", message: "Enter your password" }]);
    for (let i = 0; i < 10; i++) {
      expect((await failure(deleteAccount({ user: asUser(p), input: { password: `wrong-${i}`, confirm: p.email }, source: from }))).details).toEqual([
        { field: "password", message: "This is not your current password" },
      ]);
    }
    expect((await failure(deleteAccount({ user: asUser(p), input: { password: p.password, confirm: p.email }, source: from }))).code).toBe("rate_limited");
    expect(await sql()`SELECT 1 FROM users WHERE id = ${p.userId}`).toHaveLength(1);
  });

  it("removes only the person from projects where others remain owners", async () => {
    const [owner, leaver] = [await createTestProject("Team"), await createTestProject("Leaver's own")];
    await join(owner.projectId, leaver.userId, "owner");
    await deleteAccount({ user: asUser(leaver), input: { password: leaver.password, confirm: leaver.email }, source: source() });
    expect(await sql()`SELECT user_id FROM memberships WHERE project_id = ${owner.projectId}`).toEqual([{ user_id: owner.userId }]);
    expect(await sql()`SELECT 1 FROM projects WHERE id = ${leaver.projectId}`).toHaveLength(0);
  });
});
