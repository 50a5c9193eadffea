"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { signIn } from "@/lib/auth/auth";
import { rememberConnectIntent } from "@/lib/auth/connect-intent";
import { isOAuthProvider } from "@/lib/auth/oauth-link";
import { oauthProviders } from "@/lib/env";
import { createProject } from "@/lib/projects/projects";
import { acceptInvitation, declineInvitation } from "@/lib/projects/invitations";
import { formObject, runAction, type ActionResult } from "@/lib/actions/action-result";

export async function createProjectAction(_prev: ActionResult<{ id: string }> | undefined, form: FormData) {
  const user = await requireUser();
  const result = await runAction(() => createProject({ userId: user.id, input: formObject(form) }));
  if (result.ok) redirect(`/projects/${result.data.id}`);
  return result;
}

export async function acceptInvitationAction(_prev: ActionResult<unknown> | undefined, form: FormData) {
  const user = await requireUser();
  const result = await runAction(() => acceptInvitation({ ctx: { userId: user.id }, input: formObject(form) }));
  if (result.ok) redirect(`/projects/${result.data.projectId}`);
  return result;
}

export async function declineInvitationAction(_prev: ActionResult<unknown> | undefined, form: FormData) {
  const user = await requireUser();
  const result = await runAction(() => declineInvitation({ ctx: { userId: user.id }, input: formObject(form) }));
  // Home again: the invitations left, or the user's project when none are.
  if (result.ok) redirect("/");
  return result;
}

/** "Connect GitHub / Google" on the account page: the OAuth callback links to this user. */
export async function connectProviderAction(form: FormData): Promise<void> {
  const user = await requireUser();
  const provider = form.get("provider");
  if (!isOAuthProvider(provider) || !oauthProviders()[provider]) return;
  await rememberConnectIntent({ userId: user.id, provider });
  await signIn(provider, { redirectTo: `/account?connected=${provider}` });
}
