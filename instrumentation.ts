// Runs once when a Flux server process starts (Next.js instrumentation hook).
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next.js's own build-time marker, not configuration: node: modules exist only there.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { recordPeerAddresses } = await import("./lib/rate-limit/peer-address");
    // Rate limits per client address need the real TCP peer (lib/rate-limit/client-address.ts).
    recordPeerAddresses();
    // Scheduled jobs (lib/scheduler/jobs.ts: storage, purges, detection, alerts) on a timer,
    // once per period across instances (FLUX_SCHEDULER=off: an outside cron drives /api/cron/due).
    const { startScheduler } = await import("./lib/scheduler/scheduler");
    startScheduler();
    // The composition root of after-commit subscribers: every listener of onBatchCommitted
    // (lib/ingest/after-commit.ts) is registered here, in the process that serves ingest.
    const { startLiveUpdates } = await import("./lib/live/start-live-updates");
    startLiveUpdates();
    // Threshold and no-data alert rules reading a committed batch's names are evaluated within seconds.
    const { startAlertsAfterIngest } = await import("./lib/alerts/after-ingest");
    startAlertsAfterIngest();
  }
}
