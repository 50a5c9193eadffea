import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { databaseUrl, env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Sql = postgres.Sql;

/**
 * Connection pools by workload, so that one kind of work cannot take the connections of
 * another: a dashboard's widget queries never make ingest or sign-in wait for a connection.
 * - `app`: sign-in, sessions, keys, projects, dashboards, settings, health (the default)
 * - `ingest`: lib/ingest, the write path
 * - `query`: lib/query and lib/catalog, reads over raw data (also bounded by lib/query/query-limiter.ts)
 */
export type PoolName = "app" | "ingest" | "query";
export interface PoolChoice {
  pool?: PoolName;
}

interface Connection {
  sql: Sql;
  db: Db;
}

// Pools per process; kept on globalThis so dev-server reloads do not leak pools.
const holder = globalThis as unknown as { __fluxPools?: Partial<Record<PoolName, Connection>> };

export function poolSize(pool: PoolName): number {
  const e = env();
  return { app: e.FLUX_DB_APP_POOL_SIZE, ingest: e.FLUX_DB_INGEST_POOL_SIZE, query: e.FLUX_DB_QUERY_POOL_SIZE }[pool];
}

function connection(pool: PoolName): Connection {
  const pools = (holder.__fluxPools ??= {});
  let conn = pools[pool];
  if (!conn) {
    const sql = postgres(databaseUrl(), {
      max: poolSize(pool),
      idle_timeout: 30,
      connect_timeout: 10,
      // postgres.js waits up to 20 s between reconnect attempts after repeated failures, so
      // ingest stayed down that long after PostgreSQL came back; a second at most, jittered.
      backoff: (attempt: number) => (0.5 + Math.random() / 2) * Math.min(0.1 * 2 ** attempt, 1),
      onnotice: () => {},
      // Names the pool in pg_stat_activity, so an operator sees which workload holds what.
      connection: { application_name: `flux-${pool}` },
    });
    conn = pools[pool] = { sql, db: drizzle(sql, { schema }) };
  }
  return conn;
}

/** Drizzle over the `app` pool unless another is named: `db({ pool: "ingest" })`. */
export function db(options: PoolChoice = {}): Db {
  return connection(options.pool ?? "app").db;
}

/** The raw postgres.js client, for statements Drizzle cannot express (COPY, arrays, DDL). */
export function sql(options: PoolChoice = {}): Sql {
  return connection(options.pool ?? "app").sql;
}

export async function closeDb(): Promise<void> {
  const pools = holder.__fluxPools ?? {};
  holder.__fluxPools = undefined;
  await Promise.all(Object.values(pools).map((conn) => conn.sql.end({ timeout: 5 })));
}

export { schema };
