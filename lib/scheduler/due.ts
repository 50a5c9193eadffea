// When a job is next due: the start of the period after `now`. Periods are aligned to the epoch
// (a 60 s job is due at each whole minute), so every instance computes the same boundaries and
// "once per period" has one meaning everywhere, whatever the instances' start times.

/** The start of the period that follows the one holding `now` (epoch ms); null: never on the timer. */
export function nextRunAfter(now: number, everySeconds: number): number | null {
  if (!(everySeconds > 0)) return null;
  const period = everySeconds * 1000;
  return (Math.floor(now / period) + 1) * period;
}

/**
 * Whether a job whose stored next run is `nextRunAt` (null: never ran) is due at `now`. A stored
 * instant beyond the end of the current period means the period was shortened (or the job was
 * off the timer): it is due at once rather than after the old, longer wait.
 */
export function isDue(options: { now: number; everySeconds: number; nextRunAt: number | null }): boolean {
  const next = nextRunAfter(options.now, options.everySeconds);
  if (next === null) return false;
  return options.nextRunAt === null || options.nextRunAt <= options.now || options.nextRunAt > next;
}

/** The period a run started in, as its start (epoch ms): runs of one job must differ in it. */
export function periodOf(startedAt: number, everySeconds: number): number {
  const period = everySeconds * 1000;
  return Math.floor(startedAt / period) * period;
}
