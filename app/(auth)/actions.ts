"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/auth";
import { knownDeviceCookie } from "@/lib/auth/known-device";
import { attemptSource, normaliseEmail, signUpWithinLimits, tooManyAttemptsMessage } from "@/lib/auth/password-attempts";
import { formObject, runAction, type ActionResult } from "@/lib/actions/action-result";

const WRONG_LOGIN = "Wrong email or password.";

function safeRedirect(target: FormDataEntryValue | null): string {
  return typeof target === "string" && target.startsWith("/") && !target.startsWith("//") ? target : "/";
}

/** Signs in with a password; a right one also marks this browser as a known device for the account. */
async function passwordSignIn(email: string, password: string, redirectTo: string): Promise<ActionResult> {
  let target: string;
  try {
    target = await signIn("credentials", { email, password, redirect: false, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited") {
      const seconds = (error as CredentialsSignin & { retryAfterSeconds?: number }).retryAfterSeconds ?? 60;
      return { ok: false, code: "rate_limited", error: tooManyAttemptsMessage(seconds, "Too many sign-in attempts.") };
    }
    if (error instanceof CredentialsSignin) return { ok: false, error: WRONG_LOGIN };
    if (error instanceof AuthError) return { ok: false, error: "Signing in failed on our side; try again in a moment." };
    throw error;
  }
  const secure = (await headers()).get("x-forwarded-proto") === "https";
  const device = knownDeviceCookie({ email: normaliseEmail(email), secure });
  (await cookies()).set(device.name, device.value, device.options);
  redirect(target);
}

export async function signInAction(_prev: ActionResult | undefined, form: FormData): Promise<ActionResult> {
  return passwordSignIn(String(form.get("email") ?? ""), String(form.get("password") ?? ""), safeRedirect(form.get("next")));
}

export async function signUpAction(_prev: ActionResult | undefined, form: FormData): Promise<ActionResult> {
  const { address } = attemptSource(await headers());
  const created = await runAction(() => signUpWithinLimits({ input: formObject(form), address }));
  if (!created.ok) return created;
  return passwordSignIn(String(form.get("email") ?? ""), String(form.get("password") ?? ""), "/");
}

export async function oauthSignInAction(form: FormData): Promise<void> {
  const provider = String(form.get("provider"));
  if (provider !== "github" && provider !== "google") return;
  await signIn(provider, { redirectTo: safeRedirect(form.get("next")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
