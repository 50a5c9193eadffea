"use server";

import { headers } from "next/headers";
import { signOut } from "@/lib/auth/auth";
import { changePassword, deleteAccount } from "@/lib/auth/account";
import { attemptSource } from "@/lib/auth/password-attempts";
import { requireUser } from "@/lib/auth/session";
import { formObject, runAction, type ActionResult } from "@/lib/actions/action-result";

export async function changePasswordAction(_prev: ActionResult<{ endedSessions: number }> | undefined, form: FormData) {
  const user = await requireUser();
  const source = attemptSource(await headers());
  return runAction(() => changePassword({ user, input: formObject(form), source }));
}

export async function deleteAccountAction(_prev: ActionResult<unknown> | undefined, form: FormData): Promise<ActionResult<unknown>> {
  const user = await requireUser();
  const source = attemptSource(await headers());
  const deleted = await runAction(() => deleteAccount({ user, input: formObject(form), source }));
  if (!deleted.ok) return deleted;
  // The session row went with the user; this also clears the cookie.
  await signOut({ redirectTo: "/sign-in?account=deleted" });
  return deleted;
}
