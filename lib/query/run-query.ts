import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { env } from "@/lib/env";
import { FormulaQuery, MultiQuery, queryRequestSchema, SingleQuery, type QueryResponse, type QueryResult } from "./model";
import type { Exec } from "./aggregate-sql";
import { withQuerySlot } from "./query-limiter";
import { createQueuedRuns, type JoinQueued } from "./join-queued";
import { prefixed, runFormula } from "./run-formula";
import { runSingle, type TierSource } from "./run-single";
import { readTierAvailability } from "./tier-availability";
import type { TierRange } from "./choose-tier";
import type { RollupFamily } from "./aggregations";
import { parseInput } from "@/lib/validation";

/**
 * The one entry point for every question asked of the data: pages, the HTTP API, cron jobs
 * and MCP tools. Validates first, then runs every statement in one read-only transaction
 * on the query pool, with a statement timeout, always scoped to the caller's project, and
 * waits for a slot of the project's share of that pool (query-limiter.ts).
 */
export async function runQuery(options: {
  ctx: Caller;
  input: unknown;
  now?: number;
  /** "raw" answers from raw rows only (tests and benchmarks compare the two). */
  tiers?: "auto" | "raw";
}): Promise<QueryResponse> {
  requirePermission(options.ctx, "read");
  return runProjectQuery({ projectId: options.ctx.projectId, input: options.input, now: options.now, tiers: options.tiers });
}

/**
 * runQuery without the caller check, for the one caller that has no read permission but may
 * see query answers: a share link's visitor, for whom lib/sharing builds the query itself from
 * a saved widget of the link's dashboard (the visitor never sends a query).
 */
export async function runProjectQuery(options: { projectId: string; input: unknown; now?: number; tiers?: "auto" | "raw" }): Promise<QueryResponse> {
  const schema = queryRequestSchema(options.input);
  const valid = parseInput(schema, options.input, "Invalid query");
  const projectId = options.projectId;
  const run = (started: () => void) => withQueryTransaction(async (exec) => {
    started();
    // The clock is read once the query has its slot, with the data: an answer is never older
    // than the request (or than any identical request that joined it while it waited).
    const now = options.now ?? Date.now();
    let available: Promise<Map<RollupFamily, TierRange[]>> | undefined;
    const tiers: TierSource = options.tiers === "raw" ? "raw" : () => (available ??= readTierAvailability({ exec, projectId, now }));
    if (schema === SingleQuery) return runSingle({ exec, projectId, query: valid as SingleQuery, now, tiers });
    if (schema === FormulaQuery) return runFormula({ exec, projectId, query: valid as FormulaQuery, now, tiers });
    const results: Record<string, QueryResult> = {};
    for (const [name, query] of Object.entries((valid as MultiQuery).queries)) {
      results[name] = await prefixed(`queries.${name}`, () => runSingle({ exec, projectId, query, now, tiers }));
    }
    return { results };
  }, { projectId });
  // A fixed `now` (tests, reports) is a different question from "now": those run alone.
  if (options.now !== undefined) return run(() => {});
  return joinQueued(`${projectId}\u0000${options.tiers ?? "auto"}\u0000${JSON.stringify(valid)}`, run);
}

// Per process, on globalThis: route bundles load this module separately.
const holder = globalThis as unknown as { __fluxQueuedQueries?: JoinQueued };
const joinQueued: JoinQueued = (holder.__fluxQueuedQueries ??= createQueuedRuns());

/**
 * Runs `work` in a read-only transaction on the query pool that PostgreSQL stops after
 * FLUX_QUERY_TIMEOUT_MS, once the project has a query slot (work for no project in
 * particular shares one slot queue).
 */
export async function withQueryTransaction<T>(work: (exec: Exec) => Promise<T>, options: { projectId?: string } = {}): Promise<T> {
  const timeout = Math.floor(env().FLUX_QUERY_TIMEOUT_MS);
  const result = await withQuerySlot({
    projectId: options.projectId ?? "",
    work: () =>
      sql({ pool: "query" }).begin("read only", async (tx) => {
        await tx.unsafe(`SET LOCAL statement_timeout = ${timeout}`);
        const exec: Exec = async (st) => (await tx.unsafe(st.text, st.values)) as never;
        return work(exec);
      }),
  });
  return result as T;
}
