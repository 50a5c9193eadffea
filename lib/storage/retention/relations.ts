import type postgres from "postgres";
import type { RetentionTier } from "./retention-plan";

export type StoragePath = "timescaledb" | "postgres";

/** One relation retention keeps in bounds, as this database stores it. */
export interface RetainedRelation {
  /** The table, hypertable or continuous aggregate (what drop_chunks and DROP act on). */
  name: string;
  tier: RetentionTier;
  /** How a row names its project: directly, or through its series. */
  owner: "series_id" | "project_id";
  time: string;
  /** How long after its time a row's data reaches: 0 for a point, the bucket width for a rollup. */
  spanMs: number;
  /** Where rows are deleted: the relation itself, or a continuous aggregate's materialization hypertable. */
  rowsIn: string;
  layout: "hypertable" | "partitioned" | "table";
}

/** A chunk or partition: [from, to) of the relation's time; null bounds for an unpartitioned table. */
export interface Segment {
  name: string;
  from: Date | null;
  to: Date | null;
  compressed: boolean;
}

const RAW = [
  { name: "points", owner: "series_id" },
  { name: "set_points", owner: "series_id" },
  { name: "events", owner: "project_id" },
] as const;
const ROLLUP_KINDS = [
  { kind: "points", owner: "series_id" },
  { kind: "sketch", owner: "series_id" },
  { kind: "sets", owner: "series_id" },
  { kind: "events", owner: "project_id" },
  { kind: "event_users", owner: "project_id" },
] as const;
export const TIER_SPAN_MS = { "1m": 60_000, "1h": 3_600_000, "1d": 86_400_000 } as const;
const DAY_MS = 86_400_000;

/** Flux's own rollup tables exist only without TimescaleDB (drizzle/0003_rollups.sql). */
export async function storagePathOf(conn: postgres.Sql): Promise<StoragePath> {
  const [row] = await conn<{ plain: boolean }[]>`SELECT to_regclass('rollup_watermarks') IS NOT NULL AS plain`;
  return row.plain ? "postgres" : "timescaledb";
}

/** Every relation that holds project data by time, on this database's storage path. */
export async function retainedRelations(conn: postgres.Sql, path: StoragePath): Promise<RetainedRelation[]> {
  const relations: RetainedRelation[] = [];
  for (const r of RAW) {
    relations.push({ name: r.name, tier: "raw", owner: r.owner, time: "time", spanMs: 0, rowsIn: r.name, layout: path === "timescaledb" ? "hypertable" : "partitioned" });
  }
  if (path === "postgres") {
    // The packed tables (plain PostgreSQL's compressed form, drizzle/0005_compression.sql):
    // one row per series (events: project and name) and UTC day, partitioned by that day. A
    // row goes once its newest point (t_max) is past the cutoff; without t_max, once its day is.
    const packed = await conn<{ name: string; key: string; last: boolean }[]>`
      SELECT c.relname AS name, a.attname AS key,
        EXISTS (SELECT 1 FROM pg_attribute t WHERE t.attrelid = c.oid AND t.attname = 't_max' AND NOT t.attisdropped) AS last
      FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
      WHERE c.oid IN (to_regclass('points_packed'), to_regclass('set_points_packed'), to_regclass('events_packed'))`;
    for (const p of packed) {
      const owner = RAW.find((r) => `${r.name}_packed` === p.name)!.owner;
      const time = p.last ? { time: "t_max", spanMs: 0 } : { time: p.key, spanMs: DAY_MS };
      relations.push({ name: p.name, tier: "raw", owner, ...time, rowsIn: p.name, layout: "partitioned" });
    }
  }
  const mat = path === "timescaledb" ? await materializations(conn) : new Map<string, string>();
  for (const tier of ["1m", "1h", "1d"] as const) {
    for (const k of ROLLUP_KINDS) {
      const name = `rollup_${k.kind}_${tier}`;
      const base = { name, tier, owner: k.owner, time: "bucket", spanMs: TIER_SPAN_MS[tier] };
      if (path === "timescaledb") {
        const rowsIn = mat.get(name);
        if (rowsIn) relations.push({ ...base, rowsIn, layout: "hypertable" });
      } else {
        relations.push({ ...base, rowsIn: name, layout: tier === "1d" ? "table" : "partitioned" });
      }
    }
  }
  return relations;
}

/** Continuous aggregate → its materialization hypertable, where its rows live. */
async function materializations(conn: postgres.Sql): Promise<Map<string, string>> {
  const rows = await conn<{ view: string; mat: string }[]>`
    SELECT view_name AS view, format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name) AS mat
    FROM timescaledb_information.continuous_aggregates WHERE view_schema = 'public' AND view_name LIKE 'rollup\\_%'`;
  return new Map(rows.map((r) => [r.view, r.mat]));
}

/** The chunks or partitions of a relation, oldest first. */
export async function segmentsOf(conn: postgres.Sql, relation: RetainedRelation): Promise<Segment[]> {
  if (relation.layout === "table") return [{ name: relation.rowsIn, from: null, to: null, compressed: false }];
  let rows: { name: string; from: number | null; to: number | null; compressed: boolean }[];
  if (relation.layout === "hypertable") {
    const [schema, table] = relation.rowsIn.includes(".") ? relation.rowsIn.split(".") : ["public", relation.rowsIn];
    rows = await conn`
      SELECT format('%I.%I', chunk_schema, chunk_name) AS name, extract(epoch FROM range_start) * 1000 AS from,
        extract(epoch FROM range_end) * 1000 AS to, is_compressed AS compressed
      FROM timescaledb_information.chunks WHERE hypertable_schema = ${schema} AND hypertable_name = ${table}`;
  } else {
    // Native partitions: bounds read from the partition's own definition, whatever its name.
    rows = await conn`
      SELECT name, extract(epoch FROM lower) * 1000 AS from, extract(epoch FROM upper) * 1000 AS to, false AS compressed FROM (
        SELECT c.oid::regclass::text AS name,
          (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS lower,
          (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = to_regclass(${relation.rowsIn})
      ) p`;
  }
  const at = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
  return rows.map((r) => ({ name: r.name, from: at(r.from), to: at(r.to), compressed: r.compressed })).sort((x, y) => (x.from?.getTime() ?? 0) - (y.from?.getTime() ?? 0));
}
