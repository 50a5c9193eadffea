// A timer that never overlaps itself: the in-process scheduler ticks on it.
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
