import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { signUp } from "@/lib/auth/users";
import type { ProjectRole } from "@/lib/auth/scopes";
import { acceptInvitation, inviteMember, listMyInvitations } from "@/lib/projects/invitations";
import { baseUrl, type TestProject } from "./fixtures";
import { browserHeaders, sessionCookie } from "./session-cookie";

/** A response's JSON after checking its status (the body is in the failure message). */
export async function jsonBody(res: Response, status: number) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return text ? JSON.parse(text) : null;
}

/**
 * A new person who joined the project with `role` (invited and accepted) and signed in:
 * `call` fetches the API with their session cookie and `?project=`, as Flux's pages do.
 */
export async function signedInMember(p: TestProject, role: ProjectRole) {
  const password = "member-password-1";
  const user = await signUp({ input: { name: `The ${role}`, email: `${role}-${randomUUID()}@flux.test`, password } });
  await inviteMember({ ctx: p.ctx, input: { email: user.email, role } });
  const [invitation] = await listMyInvitations({ ctx: { userId: user.id } });
  await acceptInvitation({ ctx: { userId: user.id }, input: { invitationId: invitation.id } });
  const cookie = await sessionCookie(user.email, password);
  return {
    id: user.id,
    email: user.email,
    cookie,
    call: (path: string, method = "GET", payload?: unknown, headers: Record<string, string> = browserHeaders(cookie)) =>
      fetch(`${baseUrl()}${path}${path.includes("?") ? "&" : "?"}project=${p.projectId}`, {
        method,
        headers: { ...headers, ...(payload === undefined ? {} : { "content-type": "application/json" }) },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      }),
  };
}
