/** Thrown by `run` when the key already has `queuePerKey` tasks waiting. */
export class QueueFullError extends Error {
  constructor(
    readonly key: string,
    readonly limit: number,
  ) {
    super(`More than ${limit} tasks are waiting for '${key}'`);
    this.name = "QueueFullError";
  }
}

export interface KeyedLimiterOptions {
  /** Tasks running at once, over all keys. */
  concurrency: number;
  /** Tasks one key may run at once (at most `concurrency`, the default). */
  perKey?: number;
  /** Tasks one key may have waiting; the next is refused with QueueFullError. Unbounded by default. */
  queuePerKey?: number;
}

export interface KeyedLimiter {
  /** Runs `task` when a slot is free for it: at once, or after the tasks queued before it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting now. */
  readonly waiting: number;
}

/**
 * A semaphore shared by many keys (projects): at most `concurrency` tasks run, at most
 * `perKey` of them for one key, and a freed slot goes to the waiting key that runs the
 * fewest tasks (the one served longest ago on a tie), so a key with 50 tasks queued cannot
 * make another key's single task wait behind them. Within one key tasks start in the
 * order they were submitted.
 */
export function createKeyedLimiter(options: KeyedLimiterOptions): KeyedLimiter {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const perKey = Math.max(1, Math.min(concurrency, Math.floor(options.perKey ?? concurrency)));
  const queuePerKey = options.queuePerKey ?? Infinity;
  let active = 0;
  let waiting = 0;
  let clock = 0;
  const running = new Map<string, number>();
  // When each busy key last started a task; forgotten once it has nothing running or waiting.
  const lastStart = new Map<string, number>();
  // Waiting tasks per key, in the order the keys first queued (the tie-break after lastStart).
  const queues = new Map<string, (() => void)[]>();

  const take = (key: string) => {
    active += 1;
    running.set(key, (running.get(key) ?? 0) + 1);
    lastStart.set(key, (clock += 1));
  };

  const release = (key: string) => {
    active -= 1;
    const left = (running.get(key) ?? 1) - 1;
    if (left > 0) running.set(key, left);
    else {
      running.delete(key);
      if (!queues.has(key)) lastStart.delete(key);
    }
    grant();
  };

  /** The waiting key under its cap that runs the fewest tasks, served longest ago on a tie. */
  function nextKey(): string | undefined {
    let best: string | undefined;
    let bestRunning = Infinity;
    let bestStart = Infinity;
    for (const key of queues.keys()) {
      const n = running.get(key) ?? 0;
      const started = lastStart.get(key) ?? 0;
      if (n >= perKey) continue;
      if (n < bestRunning || (n === bestRunning && started < bestStart)) {
        best = key;
        bestRunning = n;
        bestStart = started;
      }
    }
    return best;
  }

  function grant(): void {
    while (active < concurrency) {
      const key = nextKey();
      if (key === undefined) return;
      const queue = queues.get(key)!;
      const start = queue.shift()!;
      if (queue.length === 0) queues.delete(key);
      waiting -= 1;
      take(key);
      start();
    }
  }

  async function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const free = active < concurrency && (running.get(key) ?? 0) < perKey && !queues.has(key);
    if (free) take(key);
    else {
      const queue = queues.get(key) ?? [];
      if (queue.length >= queuePerKey) throw new QueueFullError(key, queuePerKey);
      await new Promise<void>((resolve) => {
        queue.push(resolve);
        queues.set(key, queue);
        waiting += 1;
      });
    }
    try {
      return await task();
    } finally {
      release(key);
    }
  }

  return {
    run,
    get active() {
      return active;
    },
    get waiting() {
      return waiting;
    },
  };
}
