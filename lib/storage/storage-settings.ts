import { z } from "zod";
import { sql } from "@/lib/db/client";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

// A project's storage ages, kept in projects.settings.storage. Raw rows and each rollup tier
// are kept this many days (null: forever); raw rows older than compressAfterDays are stored
// compressed. Defaults follow DESIGN.md: raw 30 d, 1-minute 7 d, hourly 13 months, daily forever.

export const MAX_STORAGE_DAYS = 36_500;
const Days = z.number().int().min(1).max(MAX_STORAGE_DAYS);

export const StorageSettings = z.object({
  rawDays: Days,
  rollup1mDays: Days,
  rollup1hDays: Days,
  rollup1dDays: Days.nullable(),
  compressAfterDays: Days,
});
export type StorageSettings = z.infer<typeof StorageSettings>;
export type StorageSettingKey = keyof StorageSettings;

export const DEFAULT_STORAGE_SETTINGS: StorageSettings = {
  rawDays: 30,
  rollup1mDays: 7,
  rollup1hDays: 395,
  rollup1dDays: null,
  compressAfterDays: 7,
};

/** The settings in force for a project: what it saved, defaults for the rest. */
export function storageSettingsOf(projectSettings: unknown): StorageSettings {
  return storageSettingsInForce(projectSettings).settings;
}

/** The settings in force, and for each one whether it is the default (the project saved none). */
export function storageSettingsInForce(projectSettings: unknown): { settings: StorageSettings; isDefault: Record<StorageSettingKey, boolean> } {
  const saved = (projectSettings as { storage?: unknown } | null)?.storage;
  const parsed = StorageSettings.partial().safeParse(saved ?? {});
  const own = parsed.success ? stripUndefined(parsed.data) : {};
  const isDefault = Object.fromEntries(Object.keys(DEFAULT_STORAGE_SETTINGS).map((k) => [k, !(k in own)])) as Record<StorageSettingKey, boolean>;
  return { settings: { ...DEFAULT_STORAGE_SETTINGS, ...own }, isDefault };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// Forms send text: a whole number of days is accepted as a string too.
const DAYS_MESSAGE = `Enter a whole number of days from 1 to ${MAX_STORAGE_DAYS}`;
const DaysInput = z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : v),
  z.number({ error: DAYS_MESSAGE }).int(DAYS_MESSAGE).min(1, DAYS_MESSAGE).max(MAX_STORAGE_DAYS, DAYS_MESSAGE),
);

/** What an admin may change; a key left out keeps its current value. `rollup1dDays: null` keeps daily rollups forever. */
export const StorageSettingsUpdate = z.strictObject(
  {
    rawDays: DaysInput.optional(),
    rollup1mDays: DaysInput.optional(),
    rollup1hDays: DaysInput.optional(),
    rollup1dDays: DaysInput.nullable().optional(),
    compressAfterDays: DaysInput.optional(),
  },
  { error: "Expected an object of storage settings in days" },
);

/**
 * How tiers may relate, checked on the merged result:
 * - 1-minute rollups live at most as long as raw data: a 1-minute row (count, sum, min, max,
 *   first, last) is larger than a raw point, so past raw data it would cost more than raw and
 *   answer less exactly; long ranges are the hourly tier's job.
 * - hourly at least as long as raw, daily at least as long as hourly (or forever): a coarser
 *   tier answers once finer data is gone, and is far smaller, so dropping it first is never right.
 */
export function storageSettingsProblems(s: StorageSettings): { field: StorageSettingKey; message: string }[] {
  const problems: { field: StorageSettingKey; message: string }[] = [];
  if (s.rollup1mDays > s.rawDays) problems.push({ field: "rollup1mDays", message: `Keep 1-minute rollups at most as long as raw data (${s.rawDays} days)` });
  if (s.rollup1hDays < s.rawDays) problems.push({ field: "rollup1hDays", message: `Keep hourly rollups at least as long as raw data (${s.rawDays} days)` });
  if (s.rollup1dDays !== null && s.rollup1dDays < s.rollup1hDays) {
    problems.push({ field: "rollup1dDays", message: `Keep daily rollups at least as long as hourly rollups (${s.rollup1hDays} days), or forever` });
  }
  return problems;
}

export interface StorageSettingsView {
  settings: StorageSettings;
  isDefault: Record<StorageSettingKey, boolean>;
  defaults: StorageSettings;
}

/** The project's storage settings in force (read permission). */
export async function getStorageSettings({ ctx }: { ctx: Caller }): Promise<StorageSettingsView> {
  requirePermission(ctx, "read");
  const [row] = await sql()<{ settings: unknown }[]>`SELECT settings FROM projects WHERE id = ${ctx.projectId}`;
  if (!row) throw notFound("Project not found");
  return { ...storageSettingsInForce(row.settings), defaults: DEFAULT_STORAGE_SETTINGS };
}

/**
 * Changes a project's retention and compression ages (admin). Only values that differ from
 * the defaults are stored, so a project that never chose one follows the defaults.
 */
export async function updateStorageSettings({ ctx, input }: { ctx: Caller; input: unknown }): Promise<StorageSettingsView> {
  requirePermission(ctx, "admin");
  const change = parseInput(StorageSettingsUpdate, input, "Invalid storage settings");
  return sql().begin(async (tx) => {
    const [row] = await tx<{ settings: unknown }[]>`SELECT settings FROM projects WHERE id = ${ctx.projectId} FOR UPDATE`;
    if (!row) throw notFound("Project not found");
    const merged: StorageSettings = { ...storageSettingsOf(row.settings), ...stripUndefined(change) };
    const problems = storageSettingsProblems(merged);
    if (problems.length > 0) throw invalidSettings(problems);
    const stored = Object.fromEntries(Object.entries(merged).filter(([k, v]) => DEFAULT_STORAGE_SETTINGS[k as StorageSettingKey] !== v));
    const [updated] = await tx<{ settings: unknown }[]>`
      UPDATE projects SET settings = jsonb_set(settings, '{storage}', ${JSON.stringify(stored)}::jsonb) WHERE id = ${ctx.projectId} RETURNING settings`;
    forgetCachedStorageSettings(ctx.projectId);
    return { ...storageSettingsInForce(updated.settings), defaults: DEFAULT_STORAGE_SETTINGS };
  }) as Promise<StorageSettingsView>;
}

function invalidSettings(problems: { field: string; message: string }[]) {
  return invalid("Invalid storage settings", problems);
}

// The ingest path asks for a project's settings on every batch; they change rarely, so each
// process keeps them a short while (an update in this process forgets them at once).
// On globalThis so every route bundle of the process shares one cache.
const CACHE_MS = 30_000;
const holder = globalThis as unknown as { __fluxStorageSettings?: Map<string, { settings: StorageSettings; at: number }> };
const cache = (holder.__fluxStorageSettings ??= new Map());

/** The settings in force, from a short-lived per-process cache (for the ingest path). */
export async function cachedStorageSettings(projectId: string, now = Date.now()): Promise<StorageSettings> {
  const hit = cache.get(projectId);
  if (hit && now - hit.at < CACHE_MS) return hit.settings;
  const [row] = await sql({ pool: "ingest" })<{ settings: unknown }[]>`SELECT settings FROM projects WHERE id = ${projectId}`;
  const settings = storageSettingsOf(row?.settings);
  if (cache.size >= 10_000) cache.clear();
  cache.set(projectId, { settings, at: now });
  return settings;
}

export function forgetCachedStorageSettings(projectId: string): void {
  cache.delete(projectId);
}
