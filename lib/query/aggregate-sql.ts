import type { Filter } from "./model";
import { filterConditions, type Field } from "./filters";
import type { Window } from "./resolve-range";
import { bucketExpr, epochMs, SqlParams } from "./sql-params";
import { rawRelation, type RawTable } from "@/lib/storage/raw-relation";

/**
 * Where a query's rows come from. Events are one table (`from`, `where`). Metric rows join a
 * per-series subquery (`series`), so tag filters and the group id are worked out once per
 * series rather than once per point.
 */
export interface Source {
  /** The raw table read (through rawRelation), and its alias in the SQL. */
  table: RawTable;
  alias: "d" | "e";
  where: string[];
  series?: { table: string; where: string[] };
  time: string;
  value: string;
  /** The series id column, for per-series aggregations (gauge last). */
  seriesId?: string;
  field(key: string): Field;
  /** Events: the project and name their rollups are keyed by (null name: every name, raw only). */
  events?: { projectId: string; name: string | null };
}

/** How rows become one number: a plain aggregate, or each series' last value combined. */
export type AggSpec = { kind: "plain"; expr: (s: Source) => string } | { kind: "series_last"; combine: "sum" | "avg" };

/** The group a row belongs to: the top-N groups by name, everything else in OTHER. */
export interface Grouping {
  keys: string[];
  /** Group ids (JSON arrays of tag values) kept as themselves; undefined keeps every group. */
  top?: string[];
  /** Overrides the tag-based group id (histograms group by value bucket). */
  expr?: (source: Source, p: SqlParams) => string;
}

// Group ids are JSON arrays, so this can never collide with a real group.
export const OTHER = "other";

export function groupExpr(g: Grouping, source: Source, p: SqlParams): string {
  if (g.expr) return g.expr(source, p);
  if (g.keys.length === 0) return "''";
  const id = `jsonb_build_array(${g.keys.map((k) => source.field(k).text).join(", ")})::text`;
  return g.top ? `CASE WHEN ${id} = ANY(${p.textList(g.top)}) THEN ${id} ELSE ${p.text(OTHER)} END` : id;
}

export interface Statement {
  text: string;
  values: string[];
}

/**
 * One statement answering `g, b, v` rows: the aggregate per group and bucket
 * (`bucketed`), or per group over the whole window (b is NULL). `rank` orders by the
 * aggregate and keeps that many groups; `rowCap` stops a runaway result.
 */
export function aggregateSql(options: {
  source: (p: SqlParams) => Source;
  spec: AggSpec;
  window: Window;
  filters: Filter[];
  grouping: Grouping;
  bucketed: boolean;
  rank?: number;
  rowCap?: number;
}): Statement {
  const p = new SqlParams();
  const s = options.source(p);
  const { grouping } = options;
  const filters = filterConditions(options.filters, s.field, p);
  const [from, to] = [p.time(options.window.from), p.time(options.window.end)];
  // rawRelation yields only rows in [from, to): filtering on time again would decode packed times twice.
  const raw = `${rawRelation({ table: s.table, from, to })} ${s.alias}`;
  let fromItem = raw;
  let where = [...s.where, ...filters];
  let g: string;
  if (s.series) {
    // OFFSET 0 keeps the subquery whole, so its group id is computed per series, not per point.
    const perSeries = grouping.expr ? "''" : groupExpr(grouping, s, p);
    fromItem = `${raw} JOIN (SELECT s.id, ${perSeries} AS g FROM series s WHERE ${[...s.series.where, ...filters].join(" AND ")} OFFSET 0) s ON s.id = d.series_id`;
    where = [];
    g = grouping.expr ? grouping.expr(s, p) : "s.g";
  } else g = groupExpr(grouping, s, p);
  const bucket = options.bucketed ? bucketExpr(options.window, s.time, p) : null;
  // Group on the timestamptz and convert to epoch ms only on the result rows: extract()
  // yields numeric, which is slow per input row.
  const b = bucket ?? "NULL::timestamptz";
  const body = `FROM ${fromItem}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
  let text: string;
  if (options.spec.kind === "plain") {
    text = `SELECT ${g} AS g, ${b} AS b, (${options.spec.expr(s)})::float8 AS v ${body} GROUP BY 1, 2`;
  } else {
    // Each series' latest value in the bucket (ties: the larger value) by comparing
    // [epoch, value] arrays – a hash aggregate instead of sorting every point – then combined.
    const latest = `(max(ARRAY[date_part('epoch', ${s.time}), ${s.value}]))[2]`;
    text =
      `SELECT g, b, ${options.spec.combine}(v)::float8 AS v FROM (` +
      `SELECT ${g} AS g, ${b} AS b, ${latest} AS v ${body} GROUP BY ${s.seriesId}, 1, 2) latest GROUP BY 1, 2`;
  }
  return { text: finishStatement(text, options), values: p.values };
}

/** Epoch-ms buckets on the result rows, then the top-N ranking or the row cap. */
export function finishStatement(text: string, options: { rank?: number; rowCap?: number }): string {
  const tail = options.rowCap ? ` LIMIT ${Math.floor(options.rowCap) + 1}` : "";
  let out = `SELECT g, ${epochMs("b")} AS b, v FROM (${text}) agg${tail}`;
  if (options.rank) {
    // Ties rank by group id in byte order, the same on every database collation.
    out = `SELECT * FROM (${out}) ranked ORDER BY v DESC NULLS LAST, g COLLATE "C" LIMIT ${Math.floor(options.rank)}`;
  }
  return out;
}

export interface Row {
  g: string;
  b: number | null;
  v: number | null;
}

/** Runs one statement inside the query's transaction. */
export type Exec = <T = Row>(statement: Statement) => Promise<T[]>;
