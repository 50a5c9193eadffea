import { eq, sql as dsql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { FluxError } from "@/lib/errors";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password";
import { parseInput } from "@/lib/validation";

export const SignUpInput = z.object({
  name: z.string().trim().max(100).optional(),
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address")),
  password: z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
});
export type SignUpInput = z.infer<typeof SignUpInput>;

export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
}

export async function findUserByEmail(email: string) {
  const [row] = await db()
    .select()
    .from(users)
    .where(eq(dsql`lower(${users.email})`, email.trim().toLowerCase()))
    .limit(1);
  return row ?? null;
}

export async function signUp({ input }: { input: unknown }): Promise<UserRecord> {
  const { email, password, name } = parseInput(SignUpInput, input, "Please correct the highlighted fields");
  if (await findUserByEmail(email)) {
    throw new FluxError({ code: "conflict", message: "An account with this email already exists. Sign in instead." });
  }
  const passwordHash = await hashPassword(password);
  const [row] = await db()
    .insert(users)
    .values({ email, name: name || null, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email, name: users.name });
  if (!row) throw new FluxError({ code: "conflict", message: "An account with this email already exists. Sign in instead." });
  return row;
}

/** Null for a wrong password and for an unknown email alike, in the same time. */
export async function verifyCredentials(email: string, password: string): Promise<UserRecord | null> {
  const user = await findUserByEmail(email);
  if (!user || !user.passwordHash) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email, name: user.name };
}
