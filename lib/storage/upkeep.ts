import { env } from "@/lib/env";
import { refreshRollups } from "./rollups/refresh-rollups";

// Storage upkeep: rollups, then compression, then retention, one after the other, every
// FLUX_STORAGE_UPKEEP_SECONDS in each app process (each step takes its own advisory lock, so
// instances take turns instead of doing the work twice). A general scheduler will take this
// over (issue 17); until then instrumentation.ts starts it.

export interface UpkeepStep {
  step: "rollups" | "compression" | "retention";
  ok: boolean;
  ms: number;
  /** The step's own summary, or why it did not run. */
  result?: unknown;
  error?: string;
}

type Runner = (options: { now?: number }) => Promise<unknown>;

// Compression and retention are imported on first use, so that upkeep runs (and says what it
// skipped) even in a tree where one of them is missing.
const STEPS: { step: UpkeepStep["step"]; load: () => Promise<Runner | undefined> }[] = [
  { step: "rollups", load: async () => refreshRollups },
  { step: "compression", load: async () => (await import("./compression/compress-old-data")).compressOldData },
  { step: "retention", load: async () => (await import("./retention/apply-retention")).applyRetention },
];

/** One round of upkeep. A failing step is logged and the next one still runs; nothing throws. */
export async function runStorageUpkeep(options: { now?: number; log?: (level: "warn" | "error", line: string) => void } = {}): Promise<UpkeepStep[]> {
  const log = options.log ?? ((level, line) => console[level](line));
  const done: UpkeepStep[] = [];
  for (const { step, load } of STEPS) {
    const began = performance.now();
    const ms = () => Math.round(performance.now() - began);
    let run: Runner | undefined;
    try {
      run = await load();
    } catch (error) {
      log("warn", `[flux] storage upkeep: ${step} is not available, skipped (${messageOf(error)})`);
      done.push({ step, ok: false, ms: ms(), error: `not available: ${messageOf(error)}` });
      continue;
    }
    if (!run) {
      log("warn", `[flux] storage upkeep: ${step} is not available, skipped`);
      done.push({ step, ok: false, ms: ms(), error: "not available" });
      continue;
    }
    try {
      const result = await run({ now: options.now });
      done.push({ step, ok: true, ms: ms(), result });
    } catch (error) {
      log("error", `[flux] storage upkeep: ${step} failed: ${messageOf(error)}`);
      done.push({ step, ok: false, ms: ms(), error: messageOf(error) });
    }
  }
  return done;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

// One upkeep timer per process, kept on globalThis so a dev-server reload does not start a second.
const holder = globalThis as unknown as { __fluxUpkeep?: () => void };

/**
 * Runs upkeep shortly after start and then every FLUX_STORAGE_UPKEEP_SECONDS (0: never).
 * Returns a function that stops it.
 */
export function startStorageUpkeep(options: { firstRunMs?: number; everyMs?: number } = {}): () => void {
  const everyMs = options.everyMs ?? env().FLUX_STORAGE_UPKEEP_SECONDS * 1000;
  if (everyMs === 0 || holder.__fluxUpkeep) return () => {};
  const stop = repeatWithoutOverlap({ run: () => runStorageUpkeep(), firstRunMs: options.firstRunMs ?? 5_000, everyMs });
  holder.__fluxUpkeep = stop;
  return () => {
    stop();
    if (holder.__fluxUpkeep === stop) holder.__fluxUpkeep = undefined;
  };
}

/**
 * Calls `run` after `firstRunMs`, then every `everyMs` counted from the start of the previous
 * call, but never before that call has settled: a round that outlasts the period is followed
 * at once by the next, never overlapped by it. The timers are unref'd, so they never keep the
 * process alive. A rejected call is ignored (`run` reports its own failures).
 */
export function repeatWithoutOverlap(options: { run: () => Promise<unknown>; firstRunMs: number; everyMs: number }): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(round, delayMs);
    timer.unref();
  };
  const round = async () => {
    const began = Date.now();
    await options.run().catch(() => {});
    schedule(Math.max(0, began + options.everyMs - Date.now()));
  };
  schedule(options.firstRunMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
