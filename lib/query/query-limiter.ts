import { createKeyedLimiter, QueueFullError, type KeyedLimiter } from "@/lib/concurrency/keyed-limiter";
import { poolSize } from "@/lib/db/client";
import { env } from "@/lib/env";
import { FluxError } from "@/lib/errors";

// One limiter per process, on globalThis so that the page bundles and the route handlers
// (separate module instances under Next.js) share it.
const holder = globalThis as unknown as { __fluxQueryLimiter?: KeyedLimiter };

/** Query statements one project may run at once: the setting, or the query pool less one. */
export function projectQueryConcurrency(): number {
  const pool = poolSize("query");
  return Math.min(pool, env().FLUX_QUERY_PROJECT_CONCURRENCY ?? Math.max(1, pool - 1));
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
