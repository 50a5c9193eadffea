import type { FormulaQuery, Point, QueryResult, Series, SingleQuery } from "./model";
import type { Exec } from "./aggregate-sql";
import { percentChange } from "./assemble-series";
import { evaluateFormula, parseFormula } from "./formula";
import { runSingleDetailed, type TierSource } from "./run-single";

type Answer = { result: QueryResult; zeroWhenEmpty: boolean };

/** The settings every sub-query of a formula shares, so that their buckets line up. */
export function sharedSettings(query: FormulaQuery): Pick<SingleQuery, "range" | "interval" | "timezone" | "compare"> {
  const first = Object.values(query.queries)[0];
  return {
    range: query.range ?? first.range,
    interval: query.interval ?? first.interval,
    timezone: query.timezone ?? first.timezone,
    compare: query.compare ?? first.compare,
  };
}

/**
 * Runs each named sub-query over the same window and combines them point by point and
 * total by total. Grouped sub-queries pair up by series key; an ungrouped one applies to
 * every group. A group absent from a count-like query counts as zero, otherwise as no value.
 */
export async function runFormula(options: { exec: Exec; projectId: string; query: FormulaQuery; now?: number; tiers?: TierSource }): Promise<QueryResult> {
  const { query } = options;
  const names = Object.keys(query.queries);
  const tree = parseFormula(query.formula, names);
  const shared = sharedSettings(query);
  const answers: Record<string, Answer> = {};
  for (const name of names) {
    const sub = { ...query.queries[name], ...definedOnly(shared) };
    answers[name] = await prefixed(`queries.${name}`, () => runSingleDetailed({ exec: options.exec, projectId: options.projectId, query: sub, now: options.now, tiers: options.tiers }));
  }
  const first = answers[names[0]].result;
  const grouped = names.filter((n) => answers[n].result.series.some((s) => s.key !== "*"));
  const keys = grouped.length ? [...new Set(grouped.flatMap((n) => answers[n].result.series.map((s) => s.key)))] : ["*"];
  const times = names.map((n) => answers[n].result.series[0]).find(Boolean)?.points.map((p) => p[0]) ?? [];

  const series: Series[] = keys.map((key) => {
    const parts = Object.fromEntries(names.map((n) => [n, pick(answers[n], key)]));
    const tags = grouped.map((n) => answers[n].result.series.find((s) => s.key === key)?.tags).find(Boolean) ?? {};
    const combine = (read: (s: Series | null, zero: boolean) => number | null) =>
      evaluateFormula(tree, Object.fromEntries(names.map((n) => [n, read(parts[n], answers[n].zeroWhenEmpty)])));
    const points: Point[] = times.map((t, i) => [t, combine((s, zero) => (s ? s.points[i]?.[1] ?? null : zero ? 0 : null))]);
    const total = combine((s, zero) => (s ? s.total : zero ? 0 : null));
    const out: Series = { key, tags, points, total };
    if (shared.compare) {
      const previousTotal = combine((s, zero) => (s?.previous ? s.previous.total : zero ? 0 : null));
      out.previous = {
        points: times.map((t, i) => [t, combine((s, zero) => (s?.previous ? s.previous.points[i]?.[1] ?? null : zero ? 0 : null))]),
        total: previousTotal,
      };
      out.change = percentChange(total, previousTotal);
    }
    return out;
  });
  return { ...first, unit: null, series: times.length ? series : [] };
}

function pick(answer: Answer, key: string): Series | null {
  const list = answer.result.series;
  return list.find((s) => s.key === key) ?? list.find((s) => s.key === "*") ?? null;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Field names in a sub-query's errors point into the request (`queries.a.aggregation`). */
export async function prefixed<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const details = (error as { details?: unknown }).details;
    if (Array.isArray(details)) for (const d of details) if (d && typeof d.field === "string") d.field = `${prefix}.${d.field}`;
    throw error;
  }
}
