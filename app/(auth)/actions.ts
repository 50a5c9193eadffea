"use server";

import { AuthError } from "next-auth";
import { signIn, signOut } from "@/lib/auth/auth";
import { signUp } from "@/lib/auth/users";
import { formObject, runAction, type ActionResult } from "@/lib/actions/action-result";

const WRONG_LOGIN = "Wrong email or password.";

function safeRedirect(target: FormDataEntryValue | null): string {
  return typeof target === "string" && target.startsWith("/") && !target.startsWith("//") ? target : "/";
}

export async function signInAction(_prev: ActionResult | undefined, form: FormData): Promise<ActionResult> {
  try {
    await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirectTo: safeRedirect(form.get("next")),
    });
    return { ok: true, data: undefined };
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, error: WRONG_LOGIN };
    throw error;
  }
}

export async function signUpAction(_prev: ActionResult | undefined, form: FormData): Promise<ActionResult> {
  const created = await runAction(() => signUp({ input: formObject(form) }));
  if (!created.ok) return created;
  await signIn("credentials", {
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
    redirectTo: "/",
  });
  return { ok: true, data: undefined };
}

export async function oauthSignInAction(form: FormData): Promise<void> {
  const provider = String(form.get("provider"));
  if (provider !== "github" && provider !== "google") return;
  await signIn(provider, { redirectTo: safeRedirect(form.get("next")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
