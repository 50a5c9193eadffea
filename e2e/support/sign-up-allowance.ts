/**
 * The suite signs up far more people than one network may in an hour (SIGN_UP_POLICY), all
 * from this machine's loopback address. Each test's person stands for someone new, so every
 * sign-up starts from a fresh count for loopback. The limit itself is tested over HTTP in
 * lib/auth/password-attempts.int.test.ts.
 */
export async function freshSignUpAllowance(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set for the e2e run");
  const { sql } = await import("../../lib/db/client");
  await sql()`DELETE FROM rate_limits WHERE key LIKE 'sign-up:address:%' AND (key LIKE '%127.0.0.1' OR key LIKE '%::1')`;
}
