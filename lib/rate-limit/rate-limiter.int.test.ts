import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { sql } from "@/lib/db/client";
import { blockedForSeconds, clearKey, purgeIdleRateLimits, refundAttempt, takeAttempt, type RateLimitPolicy } from "./rate-limiter";

const key = () => `test:${randomUUID()}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Two more connections to the same database, as two other app instances would hold.
const instanceA = postgres(inject("databaseUrl"), { max: 5, onnotice: () => {} });
const instanceB = postgres(inject("databaseUrl"), { max: 5, onnotice: () => {} });
afterAll(async () => {
  await Promise.all([instanceA.end(), instanceB.end()]);
});

async function row(k: string) {
  const [r] = await sql()<{ failures: number; strikes: number; blockSeconds: number | null; blocked: boolean }[]>`
    SELECT failures, strikes, blocked_until > now() AS blocked,
      -- updated_at is the tripping statement's now(): the difference is the block it chose.
      round(extract(epoch FROM blocked_until - updated_at)::numeric, 3)::float8 AS "blockSeconds"
    FROM rate_limits WHERE key = ${k}`;
  return r;
}

async function untilUnblocked(k: string) {
  for (let i = 0; i < 100 && (await row(k))?.blocked; i++) await sleep(50);
}

describe("rate limiter", () => {
  it("counts many parallel attempts exactly, from two clients sharing one count", async () => {
    const k = key();
    const policy: RateLimitPolicy = { limit: 1000, windowSeconds: 600, blockSeconds: 60, maxBlockSeconds: 900 };
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) => takeAttempt({ policy, key: k, sql: i % 2 ? instanceA : instanceB })),
    );
    expect(results.every((r) => r.allowed)).toBe(true);
    expect((await row(k)).failures).toBe(80);
    // Each client sees what the other counted.
    expect(await takeAttempt({ policy, key: k, sql: instanceA })).toEqual({ allowed: true, remaining: 1000 - 81 });
  });

  it("admits exactly the limit of a burst of parallel attempts, then blocks with Retry-After", async () => {
    const k = key();
    const policy: RateLimitPolicy = { limit: 10, windowSeconds: 900, blockSeconds: 60, maxBlockSeconds: 900 };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => takeAttempt({ policy, key: k, sql: i % 2 ? instanceA : instanceB })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const refused = results.filter((r) => !r.allowed);
    expect(refused).toHaveLength(30);
    for (const r of refused) expect(r.retryAfterSeconds).toBeGreaterThan(55);
    expect(await row(k)).toMatchObject({ strikes: 1, blocked: true, blockSeconds: 60 });
    expect(await blockedForSeconds({ keys: [k, key()] })).toBeGreaterThan(55);
  });

  it("doubles the block with each block in a row, caps it, never extends a block by hammering, and lets go when it ends", async () => {
    const k = key();
    const policy: RateLimitPolicy = { limit: 2, windowSeconds: 30, blockSeconds: 0.4, maxBlockSeconds: 1 };
    const expected = [0.4, 0.8, 1, 1];
    for (const [round, blockSeconds] of expected.entries()) {
      expect((await takeAttempt({ policy, key: k })).allowed).toBe(true);
      expect((await takeAttempt({ policy, key: k })).allowed).toBe(true);
      expect(await takeAttempt({ policy, key: k })).toEqual({ allowed: false, retryAfterSeconds: 1 });
      const blocked = await row(k);
      expect(blocked).toMatchObject({ strikes: round + 1, blocked: true, blockSeconds });
      // Attempts while blocked are refused without touching the block.
      for (let i = 0; i < 5; i++) expect((await takeAttempt({ policy, key: k })).allowed).toBe(false);
      expect(await row(k)).toMatchObject({ strikes: round + 1, failures: 0 });
      await untilUnblocked(k);
    }
    expect((await takeAttempt({ policy, key: k })).allowed).toBe(true);
  });

  it("forgives the back-off after a whole quiet window", async () => {
    const k = key();
    const policy: RateLimitPolicy = { limit: 1, windowSeconds: 1.5, blockSeconds: 0.3, maxBlockSeconds: 10 };
    const trip = async () => {
      await takeAttempt({ policy, key: k });
      expect((await takeAttempt({ policy, key: k })).allowed).toBe(false);
      return (await row(k)).blockSeconds;
    };
    expect(await trip()).toBe(0.3);
    await untilUnblocked(k);
    expect(await trip()).toBe(0.6);
    await untilUnblocked(k);
    await sleep(1600); // a window with no attempt at all
    expect(await trip()).toBe(0.3);
  });

  it("starts a fresh count when the window ends without a block", async () => {
    const k = key();
    const policy: RateLimitPolicy = { limit: 3, windowSeconds: 0.5, blockSeconds: 60, maxBlockSeconds: 60 };
    for (let i = 0; i < 3; i++) expect((await takeAttempt({ policy, key: k })).allowed).toBe(true);
    await sleep(600);
    for (let i = 0; i < 3; i++) expect((await takeAttempt({ policy, key: k })).allowed).toBe(true);
    expect((await takeAttempt({ policy, key: k })).allowed).toBe(false);
  });

  it("forgets a key on success, and gives back a single attempt on refund", async () => {
    const policy: RateLimitPolicy = { limit: 3, windowSeconds: 900, blockSeconds: 60, maxBlockSeconds: 900 };
    const cleared = key();
    for (let i = 0; i < 4; i++) await takeAttempt({ policy, key: cleared });
    expect(await blockedForSeconds({ keys: [cleared] })).toBeGreaterThan(0);
    await clearKey({ key: cleared });
    expect(await row(cleared)).toBeUndefined();
    expect(await takeAttempt({ policy, key: cleared })).toEqual({ allowed: true, remaining: 2 });

    const refunded = key();
    for (let i = 0; i < 3; i++) await takeAttempt({ policy, key: refunded });
    await refundAttempt({ key: refunded });
    expect((await takeAttempt({ policy, key: refunded })).allowed).toBe(true);
    expect((await takeAttempt({ policy, key: refunded })).allowed).toBe(false);
    // A refund never lifts a block.
    await refundAttempt({ key: refunded });
    expect((await takeAttempt({ policy, key: refunded })).allowed).toBe(false);
  });

  it("purges rows idle for a day, but never a running block or a recent count", async () => {
    const [idle, recent, blocked] = [key(), key(), key()];
    await sql()`
      INSERT INTO rate_limits (key, failures, window_started_at, blocked_until, strikes, updated_at) VALUES
        (${idle}, 3, now() - interval '2 days', now() - interval '2 days', 1, now() - interval '2 days'),
        (${recent}, 3, now(), NULL, 0, now()),
        (${blocked}, 0, now() - interval '2 days', now() + interval '5 minutes', 4, now() - interval '2 days')`;
    expect(await purgeIdleRateLimits()).toBeGreaterThanOrEqual(1);
    expect(await row(idle)).toBeUndefined();
    expect(await row(recent)).toBeDefined();
    expect(await row(blocked)).toBeDefined();
  });
});
