import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FluxError } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { eq } from "drizzle-orm";
import { signUp, verifyCredentials } from "./users";

const email = () => `u-${randomUUID()}@flux.test`;

describe("users", () => {
  it("stores a slow hash, never the password", async () => {
    const address = email();
    const user = await signUp({ input: { email: address, password: "s3cret-password" } });
    const [row] = await db().select().from(users).where(eq(users.id, user.id));
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("s3cret-password");
  });

  it("signs in case-insensitively and gives one answer for a wrong password and an unknown email", async () => {
    const address = email();
    await signUp({ input: { email: address, password: "s3cret-password" } });
    expect(await verifyCredentials(address.toUpperCase(), "s3cret-password")).toMatchObject({ email: address });
    expect(await verifyCredentials(address, "wrong-password")).toBeNull();
    expect(await verifyCredentials(email(), "s3cret-password")).toBeNull();
  });

  it("refuses duplicate emails, short passwords and invalid emails", async () => {
    const address = email();
    await signUp({ input: { email: address, password: "s3cret-password" } });
    await expect(signUp({ input: { email: address.toUpperCase(), password: "another-pass" } })).rejects.toMatchObject({ code: "conflict" });
    const short = await signUp({ input: { email: email(), password: "short" } }).catch((e: FluxError) => e);
    expect(short).toBeInstanceOf(FluxError);
    expect((short as FluxError).details).toEqual([expect.objectContaining({ field: "password" })]);
    await expect(signUp({ input: { email: "not-an-email", password: "long-enough" } })).rejects.toMatchObject({ code: "invalid" });
  });
});
