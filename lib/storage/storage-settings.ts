import { z } from "zod";

// A project's storage ages, kept in projects.settings.storage. Raw rows and each rollup tier
// are kept this many days (null: forever); raw rows older than compressAfterDays are stored
// compressed. Defaults follow DESIGN.md: raw 30 d, 1-minute 7 d, hourly 13 months, daily forever.

const Days = z.number().int().min(1).max(36_500);

export const StorageSettings = z.object({
  rawDays: Days,
  rollup1mDays: Days,
  rollup1hDays: Days,
  rollup1dDays: Days.nullable(),
  compressAfterDays: Days,
});
export type StorageSettings = z.infer<typeof StorageSettings>;

export const DEFAULT_STORAGE_SETTINGS: StorageSettings = {
  rawDays: 30,
  rollup1mDays: 7,
  rollup1hDays: 395,
  rollup1dDays: null,
  compressAfterDays: 7,
};

/** The settings in force for a project: what it saved, defaults for the rest. */
export function storageSettingsOf(projectSettings: unknown): StorageSettings {
  const saved = (projectSettings as { storage?: unknown } | null)?.storage;
  const parsed = StorageSettings.partial().safeParse(saved ?? {});
  return { ...DEFAULT_STORAGE_SETTINGS, ...(parsed.success ? stripUndefined(parsed.data) : {}) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
