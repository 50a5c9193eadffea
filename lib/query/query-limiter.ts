import { availableParallelism } from "node:os";
import { createKeyedLimiter, QueueFullError, type KeyedLimiter } from "@/lib/concurrency/keyed-limiter";
import { poolSize } from "@/lib/db/client";
import { env } from "@/lib/env";
import { FluxError } from "@/lib/errors";

// One limiter per process, on globalThis so that the page bundles and the route handlers
// (separate module instances under Next.js) share it.
const holder = globalThis as unknown as { __fluxQueryLimiter?: KeyedLimiter };

/**
 * Query statements one project may run at once: the setting, or else the query pool less
 * one and at most half the cores. Widget queries are CPU-bound in PostgreSQL, which usually
 * shares the machine: on 2 cores, two at once from one tenant left ingest waiting for CPU
 * (p99 250 ms) although it had connections of its own.
 */
export function projectQueryConcurrency(): number {
  const pool = poolSize("query");
  const byCores = Math.max(1, Math.floor(availableParallelism() / 2));
  return Math.min(pool, env().FLUX_QUERY_PROJECT_CONCURRENCY ?? Math.max(1, Math.min(pool - 1, byCores)));
}

function limiter(): KeyedLimiter {
  holder.__fluxQueryLimiter ??= createKeyedLimiter({
    concurrency: poolSize("query"),
    perKey: projectQueryConcurrency(),
    queuePerKey: env().FLUX_QUERY_QUEUE_LIMIT,
  });
  return holder.__fluxQueryLimiter;
}

/**
 * Runs one query transaction when the query pool has a slot for the project: as many at
 * once as the pool has connections, a project at most FLUX_QUERY_PROJECT_CONCURRENCY of
 * them, freed slots shared out between projects in turn. A burst (a 50-widget dashboard
 * refetching) waits its turn, which the browser cannot tell from a slow query; only a
 * project with FLUX_QUERY_QUEUE_LIMIT queries already waiting is answered 503.
 */
export async function withQuerySlot<T>(options: { projectId: string; work: () => Promise<T> }): Promise<T> {
  try {
    return await limiter().run(options.projectId, options.work);
  } catch (error) {
    if (!(error instanceof QueueFullError)) throw error;
    throw new FluxError({
      code: "unavailable",
      message: `This project has ${error.limit} queries waiting already; retry shortly`,
      retryAfterSeconds: 2,
      cause: error,
    });
  }
}
