import { rawRelation, type RawTable } from "@/lib/storage/raw-relation";

// The aggregates of Flux's own rollup tables (plain PostgreSQL), the same ones the TimescaleDB
// continuous aggregates of drizzle/0003_rollups.sql compute: 1m from raw rows, each coarser
// tier from a finer one (or from raw rows again when the finer tier no longer holds a bucket).

export type Tier = "1m" | "1h" | "1d";
export type RollupKind = "points" | "sketch" | "sets" | "events" | "event_users";
export const TIERS: Tier[] = ["1m", "1h", "1d"];
export const KINDS: RollupKind[] = ["points", "sketch", "sets", "events", "event_users"];
export const RAW_TABLES: RawTable[] = ["points", "set_points", "events"];
export const TIER_MS: Record<Tier, number> = { "1m": 60_000, "1h": 3_600_000, "1d": 86_400_000 };
const WIDTH: Record<Tier, string> = { "1m": "1 minute", "1h": "1 hour", "1d": "1 day" };

interface KindSpec {
  source: RawTable;
  /** How a row reaches its project: through its series, or its own column. */
  owner: "series" | "project";
  /** Primary key columns besides `bucket`, in order; then the value columns. */
  keys: string[];
  values: string[];
  /** Select list after the keys and bucket, over raw rows `r`. */
  raw: string;
  /** Extra conditions on raw rows. */
  rawWhere?: string;
  /** Select list after the keys and bucket, over rows `r` of a finer tier. */
  merge: string;
}

const PAIR = "ARRAY[date_part('epoch', r.time), r.value]";
export const KIND_SPECS: Record<RollupKind, KindSpec> = {
  points: {
    source: "points",
    owner: "series",
    keys: ["series_id"],
    values: ["count", "sum", "min", "max", "first_pair", "last_pair"],
    raw: `count(*), sum(r.value), min(r.value), max(r.value), min(${PAIR}), max(${PAIR})`,
    merge: "sum(r.count)::bigint, sum(r.sum), min(r.min), max(r.max), min(r.first_pair), max(r.last_pair)",
  },
  sketch: {
    source: "points",
    owner: "series",
    keys: ["series_id", "key"],
    values: ["count"],
    raw: "count(*)",
    // An array, not a semi-join: the planner can then fetch just these series' rows by index.
    rawWhere: "r.series_id = ANY(ARRAY(SELECT ds.id FROM series ds JOIN metrics dm ON dm.id = ds.metric_id WHERE dm.type = 'distribution'))",
    merge: "sum(r.count)::bigint",
  },
  sets: {
    source: "set_points",
    owner: "series",
    keys: ["series_id", "register"],
    values: ["rank"],
    raw: "max(public.flux_hll_rank(r.member))",
    merge: "max(r.rank)",
  },
  events: {
    source: "events",
    owner: "project",
    keys: ["project_id", "name"],
    values: ["count", "value_sum", "value_count"],
    raw: "count(*), sum(r.value), count(r.value)",
    merge: "sum(r.count)::bigint, sum(r.value_sum), sum(r.value_count)::bigint",
  },
  event_users: {
    source: "events",
    owner: "project",
    keys: ["project_id", "name", "register"],
    values: ["rank"],
    raw: "max(public.flux_hll_rank(r.user_id))",
    rawWhere: "r.user_id IS NOT NULL",
    merge: "max(r.rank)",
  },
};

/** Key expressions over raw rows (the sketch key and HLL registers are computed). */
const RAW_KEYS: Record<RollupKind, string[]> = {
  points: ["r.series_id"],
  sketch: ["r.series_id", "public.flux_sketch_key(r.value)"],
  sets: ["r.series_id", "public.flux_hll_register(r.member)"],
  events: ["r.project_id", "r.name"],
  event_users: ["r.project_id", "r.name", "public.flux_hll_register(r.user_id)"],
};

export const kindsOf = (source: RawTable): RollupKind[] => KINDS.filter((k) => KIND_SPECS[k].source === source);
export const tableOf = (kind: RollupKind, tier: Tier) => `rollup_${kind}_${tier}`;

/** Positional parameters for postgres.js `unsafe`. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
  /** An instant given in epoch milliseconds (±Infinity allowed). */
  time(ms: number): string {
    return `to_timestamp(${this.add(ms, "float8")} / 1000)`;
  }
  /** An array of instants in epoch ms, in order (postgres.js cannot always bind timestamptz[]). */
  times(ms: number[]): string {
    return `ARRAY(SELECT to_timestamp(x / 1000) FROM unnest(${this.add(ms, "float8[]")}) WITH ORDINALITY AS u(x, n) ORDER BY n)`;
  }
}

/**
 * Which projects' buckets a statement touches: each project's buckets from `from` on (a
 * column of the coverage relation `c`, e.g. its raw retention horizon), and before `before`.
 */
export interface Coverage {
  relation: string;
  from: string;
  before?: string;
}

function coverageJoin(kind: RollupKind, alias: string, coverage: Coverage | undefined, bucket: string): { join: string; where: string[] } {
  if (!coverage) return { join: "", where: [] };
  const join =
    KIND_SPECS[kind].owner === "series"
      ? ` JOIN series cs ON cs.id = ${alias}.series_id JOIN ${coverage.relation} ON c.project_id = cs.project_id`
      : ` JOIN ${coverage.relation} ON c.project_id = ${alias}.project_id`;
  const where = [`${bucket} >= c.${coverage.from}`];
  if (coverage.before) where.push(`${bucket} < c.${coverage.before}`);
  return { join, where };
}

/** Restricts a bucket expression to a time range, or to a set of buckets of that tier. */
export interface BucketSet {
  from: string;
  to: string;
  /** Only these buckets (SQL array of timestamptz) inside [from, to). */
  only?: string;
}

/** SELECT of one tier's rows of `kind` from raw rows with time in [from, to). */
export function selectFromRaw(options: { kind: RollupKind; tier: Tier; range: BucketSet; coverage?: Coverage }): string {
  const { kind, tier, range } = options;
  const spec = KIND_SPECS[kind];
  const bucket = `date_bin('${WIDTH[tier]}', r.time, timestamptz 'epoch')`;
  const cover = coverageJoin(kind, "r", options.coverage, bucket);
  const where = [`r.time >= ${range.from}`, `r.time < ${range.to}`, ...(spec.rawWhere ? [spec.rawWhere] : []), ...cover.where];
  if (range.only) where.push(`${bucket} IN (SELECT unnest(${range.only}))`);
  const keys = RAW_KEYS[kind];
  const groups = keys.map((_, i) => i + 1).concat(keys.length + 1);
  return (
    `SELECT ${keys.join(", ")}, ${bucket}, ${spec.raw} ` +
    `FROM ${rawRelation({ table: spec.source, from: range.from, to: range.to })} r${cover.join} ` +
    `WHERE ${where.join(" AND ")} GROUP BY ${groups.join(", ")}`
  );
}

/** SELECT of one tier's rows of `kind` merged from a finer tier's rows with bucket in [from, to). */
export function selectFromRollup(options: { kind: RollupKind; tier: Tier; source: Tier; range: BucketSet; coverage?: Coverage }): string {
  const { kind, tier, range } = options;
  const spec = KIND_SPECS[kind];
  const bucket = `date_bin('${WIDTH[tier]}', r.bucket, timestamptz 'epoch')`;
  const cover = coverageJoin(kind, "r", options.coverage, bucket);
  const where = [`r.bucket >= ${range.from}`, `r.bucket < ${range.to}`, ...cover.where];
  if (range.only) where.push(`${bucket} IN (SELECT unnest(${range.only}))`);
  const keys = spec.keys.map((k) => `r.${k}`);
  const groups = keys.map((_, i) => i + 1).concat(keys.length + 1);
  return (
    `SELECT ${keys.join(", ")}, ${bucket}, ${spec.merge} ` +
    `FROM ${tableOf(kind, options.source)} r${cover.join} WHERE ${where.join(" AND ")} GROUP BY ${groups.join(", ")}`
  );
}

/** INSERT of a SELECT's rows into a rollup table; rows already there are replaced. */
export function upsert(kind: RollupKind, tier: Tier, select: string): string {
  const spec = KIND_SPECS[kind];
  const pk = [...spec.keys.filter((k) => k !== "key" && k !== "register"), "bucket", ...spec.keys.filter((k) => k === "key" || k === "register")];
  const columns = [...spec.keys, "bucket", ...spec.values];
  return (
    `INSERT INTO ${tableOf(kind, tier)} (${columns.join(", ")}) ${select} ` +
    `ON CONFLICT (${pk.join(", ")}) DO UPDATE SET ${spec.values.map((v) => `${v} = excluded.${v}`).join(", ")}`
  );
}

/** DELETE of a rollup table's rows in the given buckets (of projects the coverage admits). */
export function deleteBuckets(options: { kind: RollupKind; tier: Tier; buckets: string; coverage?: Coverage }): string {
  const { kind, tier, coverage } = options;
  const where = [`r.bucket IN (SELECT unnest(${options.buckets}))`];
  let using = "";
  if (coverage) {
    using = KIND_SPECS[kind].owner === "series" ? ` USING series cs, ${coverage.relation}` : ` USING ${coverage.relation}`;
    where.push(KIND_SPECS[kind].owner === "series" ? "cs.id = r.series_id AND c.project_id = cs.project_id" : "c.project_id = r.project_id");
    where.push(`r.bucket >= c.${coverage.from}`);
    if (coverage.before) where.push(`r.bucket < c.${coverage.before}`);
  }
  return `DELETE FROM ${tableOf(kind, tier)} r${using} WHERE ${where.join(" AND ")}`;
}
