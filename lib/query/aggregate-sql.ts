import type { Filter } from "./model";
import { filterConditions, type Field } from "./filters";
import type { Window } from "./resolve-range";
import { bucketExpr, epochMs, SqlParams } from "./sql-params";

/** Where a query's rows come from: metric points, set members or events. */
export interface Source {
  from: string;
  where: string[];
  time: string;
  value: string;
  /** The series id column, for per-series aggregations (gauge last). */
  series?: string;
  field(key: string): Field;
}

/** How rows become one number: a plain aggregate, or each series' last value combined. */
export type AggSpec = { kind: "plain"; expr: (s: Source) => string } | { kind: "series_last"; combine: "sum" | "avg" };

/** The group a row belongs to: the top-N groups by name, everything else in OTHER. */
export interface Grouping {
  keys: string[];
  /** Group ids (see groupId) kept as themselves; undefined keeps every group. */
  top?: string[];
  /** Overrides the tag-based group id (histograms group by value bucket). */
  expr?: (source: Source, p: SqlParams) => string;
}

// Group ids are JSON arrays, so this can never collide with a real group.
export const OTHER = "other";

function groupExpr(g: Grouping, source: Source, p: SqlParams): string {
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
  const where = [
    ...s.where,
    `${s.time} >= ${p.time(options.window.from)}`,
    `${s.time} < ${p.time(options.window.end)}`,
    ...filterConditions(options.filters, s.field, p),
  ].join(" AND ");
  const g = groupExpr(options.grouping, s, p);
  const bucket = options.bucketed ? bucketExpr(options.window, s.time, p) : null;
  const b = bucket ? epochMs(bucket) : "NULL::float8";
  const groupBy = "GROUP BY 1, 2";
  const tail = options.rowCap ? `LIMIT ${Math.floor(options.rowCap) + 1}` : "";
  let text: string;
  if (options.spec.kind === "plain") {
    text = `SELECT ${g} AS g, ${b} AS b, (${options.spec.expr(s)})::float8 AS v FROM ${s.from} WHERE ${where} ${groupBy} ${tail}`;
  } else {
    // Each series' latest value (ties broken by the larger value) in the bucket, then combined.
    const distinct = bucket ? `${s.series}, ${bucket}` : `${s.series}`;
    text =
      `SELECT g, b, ${options.spec.combine}(v)::float8 AS v FROM (` +
      `SELECT DISTINCT ON (${distinct}) ${g} AS g, ${b} AS b, ${s.value} AS v FROM ${s.from} WHERE ${where} ` +
      `ORDER BY ${distinct}, ${s.time} DESC, ${s.value} DESC) latest ${groupBy} ${tail}`;
  }
  if (options.rank) {
    // Ties rank by group id in byte order, the same on every database collation.
    text = `SELECT * FROM (${text}) ranked ORDER BY v DESC NULLS LAST, g COLLATE "C" LIMIT ${Math.floor(options.rank)}`;
  }
  return { text, values: p.values };
}

export interface Row {
  g: string;
  b: number | null;
  v: number | null;
}

/** Runs one statement inside the query's transaction. */
export type Exec = <T = Row>(statement: Statement) => Promise<T[]>;
