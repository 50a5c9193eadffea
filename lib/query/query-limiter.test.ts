import { availableParallelism } from "node:os";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FluxError } from "@/lib/errors";

const holder = globalThis as unknown as { __fluxQueryLimiter?: unknown };

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
  delete holder.__fluxQueryLimiter;
});

async function load(env: Record<string, string>) {
  delete holder.__fluxQueryLimiter;
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return import("./query-limiter");
}

const never = () => new Promise<never>(() => {});

describe("withQuerySlot", () => {
  it("lets a project run the query pool less one, at most half the cores, at once by default, and never more than the pool", async () => {
    const a = await load({ FLUX_DB_QUERY_POOL_SIZE: "4" });
    expect(a.projectQueryConcurrency()).toBe(Math.max(1, Math.min(3, Math.floor(availableParallelism() / 2))));
    vi.resetModules();
    const big = await load({ FLUX_DB_QUERY_POOL_SIZE: "64" });
    expect(big.projectQueryConcurrency()).toBe(Math.max(1, Math.floor(availableParallelism() / 2)));
    vi.resetModules();
    const b = await load({ FLUX_DB_QUERY_POOL_SIZE: "1" });
    expect(b.projectQueryConcurrency()).toBe(1);
    vi.resetModules();
    const c = await load({ FLUX_DB_QUERY_POOL_SIZE: "4", FLUX_QUERY_PROJECT_CONCURRENCY: "9" });
    expect(c.projectQueryConcurrency()).toBe(4);
  });

  it("queues a project's queries beyond its share and starts another project's at once", async () => {
    const { withQuerySlot } = await load({ FLUX_DB_QUERY_POOL_SIZE: "3", FLUX_QUERY_PROJECT_CONCURRENCY: "2" });
    const started: string[] = [];
    const run = (projectId: string, name: string) => void withQuerySlot({ projectId, work: () => (started.push(name), never()) });
    for (let i = 1; i <= 5; i++) run("p1", `p1-${i}`);
    run("p2", "p2-1");
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(["p1-1", "p1-2", "p2-1"]);
  });

  it("answers 503 with Retry-After once a project has FLUX_QUERY_QUEUE_LIMIT queries waiting, other projects unaffected", async () => {
    const { withQuerySlot } = await load({ FLUX_DB_QUERY_POOL_SIZE: "2", FLUX_QUERY_PROJECT_CONCURRENCY: "1", FLUX_QUERY_QUEUE_LIMIT: "3" });
    for (let i = 0; i < 4; i++) void withQuerySlot({ projectId: "p1", work: never });
    const refused = await withQuerySlot({ projectId: "p1", work: async () => "ran" }).catch((e: unknown) => e);
    // (a FluxError of the freshly loaded module, so compared by shape)
    expect(refused).toMatchObject({ name: "FluxError", code: "unavailable", status: 503, retryAfterSeconds: 2 });
    expect((refused as FluxError).message).toMatch(/3 queries waiting/);
    expect(await withQuerySlot({ projectId: "p2", work: async () => "ran" })).toBe("ran");
  });

  it("passes the work's own errors through unchanged", async () => {
    const { withQuerySlot } = await load({});
    const boom = new FluxError({ code: "invalid", message: "bad query" });
    await expect(withQuerySlot({ projectId: "p1", work: async () => Promise.reject(boom) })).rejects.toBe(boom);
  });
});
