import { DEFAULT_STORAGE_SETTINGS, type StorageSettings } from "@/lib/storage/storage-settings";

export const RETENTION_TIERS = ["raw", "1m", "1h", "1d"] as const;
export type RetentionTier = (typeof RETENTION_TIERS)[number];

const DAY_MS = 86_400_000;

const DAYS_OF: Record<RetentionTier, keyof StorageSettings> = { raw: "rawDays", "1m": "rollup1mDays", "1h": "rollup1hDays", "1d": "rollup1dDays" };

export interface TierPlan {
  /** Whole chunks/partitions that end at or before this instant go (ms); null: kept forever. */
  dropBefore: number | null;
  /** Projects that keep this tier shorter than the longest: their own rows before `before` go. */
  projects: { projectId: string; before: number }[];
}
export type RetentionPlan = Record<RetentionTier, TierPlan>;

/**
 * What retention removes at `now`. Chunks and partitions hold every project's rows, so one
 * is dropped only past the LONGEST retention of any project; projects that keep a tier
 * shorter get their own rows deleted. With no project at all the defaults stand in.
 */
export function planRetention(options: { projects: { projectId: string; settings: StorageSettings }[]; now: number; timescale?: boolean }): RetentionPlan {
  const { now } = options;
  const projects = options.projects.length > 0 ? options.projects : [{ projectId: "", settings: DEFAULT_STORAGE_SETTINGS }];
  const longestRaw = Math.max(...projects.map((p) => p.settings.rawDays));
  const plan = {} as RetentionPlan;
  for (const tier of RETENTION_TIERS) {
    const cutoff = (days: number | null) => (days === null ? null : now - days * DAY_MS);
    // TimescaleDB rebuilds an hour from the 1-minute aggregate (for every series) when a late
    // row lands in it; so 1-minute rows stay while any raw row may still arrive late. The
    // engine still reads the 1-minute tier only within each project's own retention.
    const kept = (days: number | null) => (options.timescale && tier === "1m" && days !== null ? Math.max(days, longestRaw) : days);
    const days = projects.map((p) => kept(p.settings[DAYS_OF[tier]] as number | null));
    const longest = days.includes(null) ? null : Math.max(...(days as number[]));
    const dropBefore = cutoff(longest);
    plan[tier] = {
      dropBefore,
      projects: options.projects.flatMap((p, i) => {
        const before = cutoff(days[i]);
        return before !== null && (dropBefore === null || before > dropBefore) ? [{ projectId: p.projectId, before }] : [];
      }),
    };
  }
  return plan;
}
