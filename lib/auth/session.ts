import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  /** The user_sessions row of this browser's sign-in (lib/auth/sessions.ts). */
  sessionId: string | null;
}

/**
 * The signed-in user, or null. Checking the session costs a database round trip (it must
 * still exist), so a page render that asks in its layout and page asks once.
 */
export const sessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id || !session.user?.email) return null;
  return { id, email: session.user.email, name: session.user.name ?? null, sessionId: session.sessionId ?? null };
});

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<SessionUser> {
  const user = await sessionUser();
  if (!user) redirect("/sign-in");
  return user;
}
