import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type RunningPostgres } from "../scripts/lib/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate";
import { closeDb, sql } from "../lib/db/client";
import { compressDays } from "../lib/storage/compression/compress-days";
import { measureStorageBytes, type StorageBytes } from "../lib/storage/compression/measure-bytes";
import { loadSamplePoints, SAMPLE_KINDS } from "./lib/sample-points";

// Bytes per point on disk, raw and compressed, on the storage path of the database at hand:
//   npx tsx bench/compression-bytes.ts [--points 5000000] [--series 1000] [--days 30]
// DATABASE_URL names an empty database (plain PostgreSQL or TimescaleDB; migrated here);
// without it, a throwaway embedded PostgreSQL 18 (the plain path) is started and removed.
// Loads the sample points (bench/lib/sample-points.ts) on days of their own, measures every
// partition or chunk they occupy (pg_total_relation_size: heap, indexes, TOAST), compresses
// those days – packs them, or compresses their chunks – and measures again.

const DAY_MS = 86_400_000;
const FROM = Date.UTC(2025, 0, 1);

async function main() {
  const { values } = parseArgs({ options: { points: { type: "string", default: "5000000" }, series: { type: "string", default: "1000" }, days: { type: "string", default: "30" } } });
  const series = Number(values.series);
  const days = Number(values.days);
  const perSeriesPerDay = Math.round(Number(values.points) / series / days);
  let embedded: RunningPostgres | null = null;
  if (!process.env.DATABASE_URL) {
    const dataRoot = path.resolve(".flux", `bench-compression-${process.pid}`);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, "postgres"), ephemeral: true });
    process.env.DATABASE_URL = embedded.url;
    process.on("exit", () => fs.rmSync(dataRoot, { recursive: true, force: true }));
  }
  try {
    await migrateDatabase({ url: process.env.DATABASE_URL! });
    const from = new Date(FROM);
    const to = new Date(FROM + days * DAY_MS);
    const [{ taken }] = await sql()<{ taken: boolean }[]>`SELECT EXISTS (SELECT 1 FROM points WHERE time >= ${from.toISOString()}::timestamptz AND time < ${to.toISOString()}::timestamptz) AS taken`;
    if (taken) throw new Error("The database already holds points in the benchmark's days: give it an empty one.");

    let began = performance.now();
    const points = await loadSamplePoints(sql(), { from: FROM, days, series, perSeriesPerDay });
    await sql().unsafe("VACUUM ANALYZE points");
    console.log(`Loaded ${points.toLocaleString("en")} points (${series} series × ${days} days × ${perSeriesPerDay}) in ${seconds(began)}`);
    const raw = await measureStorageBytes({ table: "points", from, to });

    began = performance.now();
    const dayList = Array.from({ length: days }, (_, d) => new Date(FROM + d * DAY_MS).toISOString().slice(0, 10));
    await compressDays({ days: dayList, tables: ["points"] });
    console.log(`Compressed in ${seconds(began)}`);
    const compressed = await measureStorageBytes({ table: "points", from, to });
    if (compressed.rows !== raw.rows) throw new Error(`rows before ${raw.rows}, after ${compressed.rows}`);

    const kinds = await bytesByKind(compressed, from, to);
    console.log(`\nStorage path: ${raw.path}`);
    console.log(row("", "bytes", "bytes/point", "ratio"));
    console.log(row("raw", mb(raw.bytes), raw.bytesPerRow.toFixed(1), ""));
    console.log(row("compressed", mb(compressed.bytes), compressed.bytesPerRow.toFixed(2), `${(raw.bytes / compressed.bytes).toFixed(1)}x`));
    const overhead = (compressed.bytes - kinds.reduce((a, k) => a + k.bytes, 0)) / compressed.rows;
    console.log(`\nCompressed, by kind (row data, plus ${overhead.toFixed(2)} bytes/point of indexes, page space and the rest, shared evenly):`);
    for (const k of kinds) {
      const perPoint = k.bytes / k.points + overhead;
      console.log(row(`  ${k.kind}`, `${k.points.toLocaleString("en")} points`, perPoint.toFixed(2), `${(raw.bytesPerRow / perPoint).toFixed(1)}x`));
    }
  } finally {
    await closeDb();
    await embedded?.stop();
  }
}

/** The compressed rows' own bytes per sample kind (series id % 4): packed rows, or TimescaleDB's compressed batches. */
async function bytesByKind(measured: StorageBytes, from: Date, to: Date): Promise<{ kind: string; bytes: number; points: number }[]> {
  let rows: { kind: number; bytes: string; points: string }[];
  if (measured.path === "postgres") {
    rows = await sql()<{ kind: number; bytes: string; points: string }[]>`
      SELECT series_id % 4 AS kind, sum(pg_column_size(p.*)) AS bytes, sum(cardinality(t0)) AS points FROM points_packed p
      WHERE day >= ${from.toISOString()}::timestamptz AND day < ${to.toISOString()}::timestamptz GROUP BY 1 ORDER BY 1`;
  } else {
    const tables = await sql()<{ name: string }[]>`
      SELECT format('%I.%I', z.schema_name, z.table_name) AS name
      FROM timescaledb_information.chunks ch
      JOIN _timescaledb_catalog.chunk c ON c.schema_name = ch.chunk_schema AND c.table_name = ch.chunk_name
      JOIN _timescaledb_catalog.chunk z ON z.id = c.compressed_chunk_id
      WHERE ch.hypertable_name = 'points' AND ch.range_start >= ${from.toISOString()}::timestamptz AND ch.range_end <= ${to.toISOString()}::timestamptz`;
    const parts = tables.map((t) => `SELECT series_id % 4 AS kind, pg_column_size(c.*) AS bytes, _ts_meta_count AS points FROM ${t.name} c`);
    rows = parts.length ? await sql().unsafe(`SELECT kind, sum(bytes) AS bytes, sum(points) AS points FROM (${parts.join(" UNION ALL ")}) x GROUP BY 1 ORDER BY 1`) : [];
  }
  return rows.map((r) => ({ kind: SAMPLE_KINDS[r.kind], bytes: Number(r.bytes), points: Number(r.points) }));
}

const seconds = (began: number) => `${((performance.now() - began) / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const row = (...cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(16))).join("");

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
