import { storageSettingsOf } from "@/lib/storage/storage-settings";
import type { Exec } from "./aggregate-sql";
import { TIER_MS, type RollupTier, type TierRange } from "./choose-tier";

const DAY_MS = 86_400_000;

const RETENTION_DAYS: Record<RollupTier, "rollup1mDays" | "rollup1hDays" | "rollup1dDays"> = {
  "1m": "rollup1mDays",
  "1h": "rollup1hDays",
  "1d": "rollup1dDays",
};

/**
 * Where each rollup tier of a project may be read: from the oldest bucket its retention
 * keeps to its effective watermark (flux_rollup_watermarks(): every bucket below it is
 * rolled up and no late row below it waits). Read inside the query's transaction.
 */
export async function readTierAvailability(options: { exec: Exec; projectId: string; now: number }): Promise<TierRange[]> {
  const { exec, projectId, now } = options;
  const marks = await exec<{ tier: RollupTier; ms: number | null }>({
    text: "SELECT tier, CASE WHEN isfinite(watermark) THEN (extract(epoch FROM watermark) * 1000)::float8 END AS ms FROM flux_rollup_watermarks()",
    values: [],
  });
  const [project] = await exec<{ settings: unknown }>({ text: "SELECT settings FROM projects WHERE id = $1::uuid", values: [projectId] });
  const settings = storageSettingsOf(project?.settings);
  return marks.flatMap(({ tier, ms }) => {
    if (ms === null || !(tier in TIER_MS)) return [];
    const days = settings[RETENTION_DAYS[tier]];
    return [{ tier, from: days === null ? -Infinity : now - days * DAY_MS, to: Math.min(ms, now) }];
  });
}
