import type { Caller } from "@/lib/auth/caller";
import { FluxError } from "@/lib/errors";
import { takeAttempt } from "@/lib/rate-limit/rate-limiter";

/**
 * Questions per project per hour, counted in PostgreSQL (every instance shares the count).
 * Each request that calls the model counts, a confirmation too. Over the limit, the project
 * waits 15 minutes (doubling on repeated trips, at most an hour) with 429 and Retry-After.
 */
export async function takeAskAttempt({ ctx, perHour }: { ctx: Caller; perHour: number }): Promise<void> {
  const verdict = await takeAttempt({
    policy: { limit: perHour, windowSeconds: 3_600, blockSeconds: 900, maxBlockSeconds: 3_600 },
    key: `ask:project:${ctx.projectId}`,
  });
  if (!verdict.allowed) {
    throw new FluxError({
      code: "rate_limited",
      message: `This project asked ${perHour} questions in the last hour (FLUX_ASK_RATE_PER_HOUR); try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} min`,
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
}
