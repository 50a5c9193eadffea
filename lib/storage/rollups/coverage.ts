import type postgres from "postgres";
import { storageSettingsOf } from "@/lib/storage/storage-settings";
import type { Params } from "./rollup-sql";

const DAY_MS = 86_400_000;
// Retention may run on another instance with a clock a little ahead, and deletes in batches:
// a source is trusted for a bucket only when the bucket starts this much inside its retention.
const MARGIN_MS = 3_600_000;

/** Per project, from when on each source still holds all of its rows (epoch ms; -Infinity: forever). */
export interface ProjectCoverage {
  projectIds: string[];
  rawFrom: number[];
  m1From: number[];
  h1From: number[];
}

/**
 * Where each project's raw rows, 1-minute and hourly rollups still reach, from its storage
 * settings: re-aggregating a late bucket must read a source that still holds the whole bucket
 * for that project, or it would replace a complete aggregate with a partial one.
 */
export async function loadCoverage(conn: postgres.Sql, now: number): Promise<ProjectCoverage> {
  const rows = await conn<{ id: string; settings: unknown }[]>`SELECT id, settings FROM projects`;
  const from = (days: number | null) => (days === null ? -Infinity : now - days * DAY_MS + MARGIN_MS);
  const coverage: ProjectCoverage = { projectIds: [], rawFrom: [], m1From: [], h1From: [] };
  for (const row of rows) {
    const s = storageSettingsOf(row.settings);
    coverage.projectIds.push(row.id);
    coverage.rawFrom.push(from(s.rawDays));
    coverage.m1From.push(from(s.rollup1mDays));
    coverage.h1From.push(from(s.rollup1hDays));
  }
  return coverage;
}

/**
 * The coverage as a FROM item aliased `c`: project_id, raw_from, m1_from, h1_from, and where
 * a finer tier or raw rows hold a bucket (m1_or_raw_from, h1_or_raw_from).
 */
export function coverageRelation(coverage: ProjectCoverage, p: Params): string {
  return (
    `(SELECT project_id, raw_from, m1_from, h1_from, least(m1_from, raw_from) AS m1_or_raw_from, least(h1_from, raw_from) AS h1_or_raw_from ` +
    `FROM unnest(${p.add(coverage.projectIds, "uuid[]")}, ${p.times(coverage.rawFrom)}, ${p.times(coverage.m1From)}, ${p.times(coverage.h1From)}) ` +
    `AS u(project_id, raw_from, m1_from, h1_from)) c`
  );
}
