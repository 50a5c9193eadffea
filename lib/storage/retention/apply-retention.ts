import type postgres from "postgres";
import { sql } from "@/lib/db/client";
import { withTryAdvisoryLock } from "@/lib/db/advisory-locks";
import { storageSettingsOf } from "@/lib/storage/storage-settings";
import { deleteOldRows, inRetentionTransaction } from "./delete-rows";
import { planRetention, RETENTION_TIERS, type RetentionPlan, type RetentionTier } from "./retention-plan";
import { retainedRelations, segmentsOf, storagePathOf, type RetainedRelation, type StoragePath } from "./relations";
import { rolledUpBefore } from "./rolled-up";

export interface RetentionSummary {
  /** True when another instance was applying retention: this call did nothing. */
  skipped: boolean;
  path: StoragePath | null;
  /** Per tier: chunks/partitions ending at or before this go (ISO; the longest retention), null: kept forever. */
  dropBefore: Partial<Record<RetentionTier, string | null>>;
  /** Relations whose rows were kept from this instant on (ISO) although past retention: not rolled up yet. */
  heldBack: Record<string, string | null>;
  /** Chunks and partitions dropped (and, on TimescaleDB, the chunks drop_chunks named). */
  dropped: string[];
  /** Rows deleted per relation (projects with a shorter retention; unpartitioned tables). */
  deleted: Record<string, number>;
  /** What could not be done this run (a lock not granted in time, …); the next run retries. */
  failed: { relation: string; error: string }[];
  ms: number;
}

/**
 * Applies every project's retention (raw, 1-minute, hourly, daily) on either storage path,
 * under the `retention` advisory lock so that instances take turns. Whole chunks/partitions
 * go past the longest retention of any project; projects that keep a tier shorter lose their
 * own older rows in bounded batches. Rows not yet rolled up into the next tier stay. Safe to
 * run again at any time: what is gone is not looked for twice.
 */
export async function applyRetention(options: { now?: number } = {}): Promise<RetentionSummary> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const result = await withTryAdvisoryLock(sql(), "retention", async (conn) => {
    const path = await storagePathOf(conn);
    const summary: RetentionSummary = { skipped: false, path, dropBefore: {}, heldBack: {}, dropped: [], deleted: {}, failed: [], ms: 0 };
    const projects = await conn<{ id: string; settings: unknown }[]>`SELECT id, settings FROM projects`;
    const plan = planRetention({ projects: projects.map((p) => ({ projectId: p.id, settings: storageSettingsOf(p.settings) })), now, timescale: path === "timescaledb" });
    const relations = await retainedRelations(conn, path);
    const rolledUp = await rolledUpBefore(conn, path, relations);
    const seriesOf = seriesLookup(conn);
    for (const tier of RETENTION_TIERS) {
      summary.dropBefore[tier] = plan[tier].dropBefore === null ? null : new Date(plan[tier].dropBefore!).toISOString();
      for (const relation of relations.filter((r) => r.tier === tier)) {
        const step = { conn, path, relation, plan, summary, seriesOf, cap: rolledUp.get(relation.name) ?? -Infinity };
        await attempt(summary, relation.name, () => dropOld(step));
        await attempt(summary, relation.name, () => deleteProjectRows(step));
      }
    }
    return summary;
  });
  const summary = result ?? { skipped: true, path: null, dropBefore: {}, heldBack: {}, dropped: [], deleted: {}, failed: [], ms: 0 };
  summary.ms = Math.round(performance.now() - started);
  return summary;
}

interface Step {
  conn: postgres.ReservedSql;
  path: StoragePath;
  relation: RetainedRelation;
  plan: RetentionPlan;
  summary: RetentionSummary;
  seriesOf: (projectId: string) => Promise<number[]>;
  /** Rows at or after this are not rolled up into the next tier yet: they stay (ms). */
  cap: number;
}

/** A retention cutoff held back to what is rolled up; null when nothing may go. */
function capped(step: Step, cutoff: number | null): Date | null {
  if (cutoff === null) return null;
  if (step.cap < cutoff) step.summary.heldBack[step.relation.name] = Number.isFinite(step.cap) ? new Date(step.cap).toISOString() : null;
  const at = Math.min(cutoff, step.cap) - step.relation.spanMs;
  return Number.isFinite(at) ? new Date(at) : null;
}

/** A project's series ids, read once per run. */
function seriesLookup(conn: postgres.ReservedSql): (projectId: string) => Promise<number[]> {
  const known = new Map<string, Promise<number[]>>();
  return (projectId) => {
    let ids = known.get(projectId);
    if (!ids) known.set(projectId, (ids = conn<{ id: number }[]>`SELECT id FROM series WHERE project_id = ${projectId} ORDER BY id`.then((rows) => rows.map((r) => r.id))));
    return ids;
  };
}

/** Chunks/partitions whose every row is past the longest retention; an unpartitioned table loses those rows. */
async function dropOld(step: Step): Promise<void> {
  const { conn, path, relation, plan, summary } = step;
  const before = capped(step, plan[relation.tier].dropBefore);
  if (before === null) return;
  if (relation.layout === "hypertable") {
    const rows = await inRetentionTransaction(conn, path, () => conn<{ chunk: string }[]>`SELECT drop_chunks(${relation.name}::regclass, older_than => ${before.toISOString()}::timestamptz) AS chunk`);
    summary.dropped.push(...rows.map((r) => r.chunk));
    return;
  }
  for (const segment of await segmentsOf(conn, relation)) {
    if (segment.to === null) {
      const n = await deleteOldRows({ conn, path, relation, segment, owner: null, before });
      if (n > 0) summary.deleted[relation.name] = (summary.deleted[relation.name] ?? 0) + n;
    } else if (segment.to <= before) {
      await attempt(summary, segment.name, async () => {
        await inRetentionTransaction(conn, path, () => conn.unsafe(`DROP TABLE IF EXISTS ${segment.name}`));
        summary.dropped.push(segment.name);
      });
    }
  }
}

/** Rows of projects that keep this tier shorter than the longest, chunk by chunk. */
async function deleteProjectRows(step: Step): Promise<void> {
  const { conn, path, relation, plan, summary, seriesOf } = step;
  const projects = plan[relation.tier].projects;
  if (projects.length === 0) return;
  const segments = await segmentsOf(conn, relation);
  for (const { projectId, before: cutoff } of projects) {
    const before = capped(step, cutoff);
    if (before === null) continue;
    const touched = segments.filter((s) => s.from === null || s.from < before);
    if (touched.length === 0) continue;
    const owner = relation.owner === "project_id" ? { projectId } : { seriesIds: await seriesOf(projectId) };
    for (const segment of touched) {
      await attempt(summary, segment.name, async () => {
        const n = await deleteOldRows({ conn, path, relation, segment, owner, before });
        if (n > 0) summary.deleted[relation.name] = (summary.deleted[relation.name] ?? 0) + n;
      });
    }
  }
}

/** One step's failure (a lock not granted in time, a partition dropped meanwhile) does not stop the others. */
async function attempt(summary: RetentionSummary, relation: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "42P01") return; // dropped meanwhile (compaction or another run): nothing left to do
    summary.failed.push({ relation, error: error instanceof Error ? error.message : String(error) });
  }
}
