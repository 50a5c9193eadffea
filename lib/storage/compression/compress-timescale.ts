import type postgres from "postgres";
import type { RawTable } from "@/lib/storage/raw-relation";
import { RAW_TABLES } from "./pack-days";

export interface TimescaleCompression {
  /** Per raw hypertable: the compression policy's compress_after now, and whether this run changed it. */
  policies: Record<RawTable, { compressAfter: string; changed: boolean }>;
  /** Chunks compressed by this run. */
  compressed: string[];
  /** Partially compressed chunks (rows inserted after compression) whose new rows were compressed. */
  recompressed: string[];
}

// _timescaledb_catalog.chunk.status: bit 1 compressed, bit 8 partially compressed (rows were
// inserted into the compressed chunk and wait uncompressed). Checked on 2.28.3.
const PARTIAL = 8;

/**
 * TimescaleDB's compression: each raw hypertable's policy keeps compress_after equal to the age
 * in force, and the chunks already past it (ending at or before `cutoff`) are compressed now
 * rather than at the policy's next run; chunks that late rows made partial are compressed
 * again. One statement per chunk, each its own transaction.
 */
export async function compressTimescale(conn: postgres.ReservedSql, options: { ageDays: number; cutoff: Date }): Promise<TimescaleCompression> {
  const result: TimescaleCompression = { policies: {} as TimescaleCompression["policies"], compressed: [], recompressed: [] };
  for (const table of RAW_TABLES) {
    result.policies[table] = await keepPolicy(conn, table, options.ageDays);
    const done = await compressChunks(conn, { table, to: options.cutoff });
    result.compressed.push(...done.compressed);
    result.recompressed.push(...done.recompressed);
  }
  return result;
}

/** Creates or updates the table's compression policy so that compress_after is `ageDays` days. */
async function keepPolicy(conn: postgres.ReservedSql, table: RawTable, ageDays: number): Promise<{ compressAfter: string; changed: boolean }> {
  const [job] = await conn<{ id: number; same: boolean }[]>`
    SELECT job_id AS id, (config->>'compress_after')::interval = make_interval(days => ${ageDays}::int) AS same
    FROM timescaledb_information.jobs
    WHERE proc_name = 'policy_compression' AND hypertable_schema = 'public' AND hypertable_name = ${table}`;
  let changed = false;
  if (!job) {
    await conn`SELECT add_compression_policy(${table}::regclass, compress_after => make_interval(days => ${ageDays}::int))`;
    changed = true;
  } else if (!job.same) {
    await conn`SELECT alter_job(${job.id}::int, config => jsonb_set(config, '{compress_after}', to_jsonb(make_interval(days => ${ageDays}::int)::text)))
      FROM timescaledb_information.jobs WHERE job_id = ${job.id}::int`;
    changed = true;
  }
  const [{ compressAfter }] = await conn<{ compressAfter: string }[]>`
    SELECT config->>'compress_after' AS "compressAfter" FROM timescaledb_information.jobs
    WHERE proc_name = 'policy_compression' AND hypertable_schema = 'public' AND hypertable_name = ${table}`;
  return { compressAfter, changed };
}

/**
 * Compresses the table's chunks that lie within [from, to) (from: unbounded when absent):
 * those not compressed yet, and partially compressed ones (rows inserted after compression).
 */
export async function compressChunks(
  conn: postgres.Sql,
  options: { table: RawTable; from?: Date; to: Date },
): Promise<{ compressed: string[]; recompressed: string[] }> {
  const done = { compressed: [] as string[], recompressed: [] as string[] };
  const chunks = await conn<{ chunk: string; compressed: boolean; partial: boolean }[]>`
    SELECT format('%I.%I', ch.chunk_schema, ch.chunk_name) AS chunk, ch.is_compressed AS compressed, (c.status & ${PARTIAL}) <> 0 AS partial
    FROM timescaledb_information.chunks ch
    JOIN _timescaledb_catalog.chunk c ON c.schema_name = ch.chunk_schema AND c.table_name = ch.chunk_name
    WHERE ch.hypertable_schema = 'public' AND ch.hypertable_name = ${options.table}
      AND ch.range_end <= ${options.to.toISOString()}::timestamptz
      AND (${options.from?.toISOString() ?? null}::timestamptz IS NULL OR ch.range_start >= ${options.from?.toISOString() ?? null}::timestamptz)
    ORDER BY ch.range_start`;
  for (const chunk of chunks) {
    if (chunk.compressed && !chunk.partial) continue;
    await conn`SELECT compress_chunk(${chunk.chunk}::regclass)`;
    (chunk.compressed ? done.recompressed : done.compressed).push(chunk.chunk);
  }
  return done;
}
