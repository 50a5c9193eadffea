import { storageSettingsOf } from "@/lib/storage/storage-settings";
import type { Exec } from "./aggregate-sql";
import type { RollupFamily } from "./aggregations";
import { TIER_MS, type RollupTier, type TierRange } from "./choose-tier";

const DAY_MS = 86_400_000;

const RETENTION_DAYS: Record<RollupTier, "rollup1mDays" | "rollup1hDays" | "rollup1dDays"> = {
  "1m": "rollup1mDays",
  "1h": "rollup1hDays",
  "1d": "rollup1dDays",
};

/**
 * Where each rollup tier of a project may be read: from the oldest bucket its retention
 * keeps to its effective watermark (flux_rollup_family_watermarks(): every bucket below it is
 * rolled up and no late row below it waits), per rollup family. Read inside the query's
 * transaction.
 */
export async function readTierAvailability(options: { exec: Exec; projectId: string; now: number }): Promise<Map<RollupFamily, TierRange[]>> {
  const { exec, projectId, now } = options;
  const marks = await exec<{ tier: RollupTier; family: RollupFamily; ms: number | null }>({
    text: "SELECT tier, family, CASE WHEN isfinite(watermark) THEN (extract(epoch FROM watermark) * 1000)::float8 END AS ms FROM flux_rollup_family_watermarks()",
    values: [],
  });
  const [project] = await exec<{ settings: unknown }>({ text: "SELECT settings FROM projects WHERE id = $1::uuid", values: [projectId] });
  const settings = storageSettingsOf(project?.settings);
  const byFamily = new Map<RollupFamily, TierRange[]>();
  for (const { tier, family, ms } of marks) {
    if (ms === null || !(tier in TIER_MS)) continue;
    const days = settings[RETENTION_DAYS[tier]];
    byFamily.set(family, [...(byFamily.get(family) ?? []), { tier, from: days === null ? -Infinity : now - days * DAY_MS, to: Math.min(ms, now) }]);
  }
  return byFamily;
}
