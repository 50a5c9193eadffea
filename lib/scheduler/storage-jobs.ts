import { env } from "@/lib/env";
import { refreshRollups } from "@/lib/storage/rollups/refresh-rollups";
import { compressOldData } from "@/lib/storage/compression/compress-old-data";
import { applyRetention } from "@/lib/storage/retention/apply-retention";
import type { JobDefinition } from "./job-definition";

// Rollups, compression and retention (lib/storage) as three jobs. Each storage function also
// takes its own advisory lock (rollups, compression, retention), so a direct call (a test, a
// script) and a scheduled run never overlap either. Their period is FLUX_STORAGE_UPKEEP_SECONDS
// (0: not on the timer, e.g. when TimescaleDB's policies or an outside cron do it); read when
// asked, so the registry can be imported where no configuration is loaded.
const storagePeriod = () => env().FLUX_STORAGE_UPKEEP_SECONDS;

// The summaries keep counts and instance-wide facts: which relations and days were touched is
// in the storage functions' own results, not in job_runs (every project owner sees those).
export const STORAGE_JOBS: readonly JobDefinition[] = [
  {
    name: "rollups",
    get everySeconds() {
      return storagePeriod();
    },
    async run(job) {
      const r = await refreshRollups({ now: job.now });
      if (r.status === "skipped") return { status: r.status };
      return { status: r.status, path: r.path, minuteWatermark: r.watermarks["1m"], hourWatermark: r.watermarks["1h"], dayWatermark: r.watermarks["1d"] };
    },
  },
  {
    name: "compression",
    get everySeconds() {
      return storagePeriod();
    },
    async run(job) {
      const r = await compressOldData({ now: job.now });
      if (r.status === "skipped") return { status: r.status };
      return {
        status: r.status,
        path: r.path,
        compressAfterDays: r.compressAfterDays,
        daysPacked: r.postgres?.packed.length ?? 0,
        rowsPacked: r.postgres?.packed.reduce((sum, p) => sum + p.moved, 0) ?? 0,
        chunksCompressed: (r.timescaledb?.compressed.length ?? 0) + (r.timescaledb?.recompressed.length ?? 0),
      };
    },
  },
  {
    name: "retention",
    get everySeconds() {
      return storagePeriod();
    },
    async run(job) {
      const r = await applyRetention({ now: job.now });
      if (r.skipped) return { status: "skipped" };
      return {
        status: "applied",
        path: r.path,
        dropped: r.dropped.length,
        rowsDeleted: Object.values(r.deleted).reduce((sum, n) => sum + n, 0),
        // Relations left for the next run (a lock not granted in time): not a failure of the run.
        relationsDeferred: r.failed.length,
      };
    },
  },
];
