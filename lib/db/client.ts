import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { databaseUrl, env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Sql = postgres.Sql;

interface Connection {
  sql: Sql;
  db: Db;
}

// One pool per process; kept on globalThis so dev-server reloads do not leak pools.
const holder = globalThis as unknown as { __fluxDb?: Connection };

function connect(): Connection {
  const sql = postgres(databaseUrl(), {
    max: env().FLUX_DB_POOL_SIZE,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
  });
  return { sql, db: drizzle(sql, { schema }) };
}

export function db(): Db {
  holder.__fluxDb ??= connect();
  return holder.__fluxDb.db;
}

/** The raw postgres.js client, for statements Drizzle cannot express (COPY, arrays, DDL). */
export function sql(): Sql {
  holder.__fluxDb ??= connect();
  return holder.__fluxDb.sql;
}

export async function closeDb(): Promise<void> {
  const conn = holder.__fluxDb;
  holder.__fluxDb = undefined;
  await conn?.sql.end({ timeout: 5 });
}

export { schema };
