/**
 * Identical requests that are still waiting for a query slot share one run. Fifty people
 * watching one live dashboard refetch the same widget queries within a few milliseconds of
 * each other; under load those wait in the project's queue, and each would otherwise cost
 * PostgreSQL the same work again. Only a run that has not started may be joined: it reads
 * the data (and the clock) after every request joining it arrived, so no one gets an answer
 * older than their own request.
 */
export function createQueuedRuns() {
  const waiting = new Map<string, Promise<unknown>>();
  return function joinQueued<T>(key: string, run: (started: () => void) => Promise<T>): Promise<T> {
    const queued = waiting.get(key);
    if (queued) return queued as Promise<T>;
    // `started` may be called before run() returns (a free slot): then nothing is left to join.
    const entry: { promise?: Promise<T>; begun: boolean } = { begun: false };
    const forget = () => { if (entry.promise && waiting.get(key) === entry.promise) waiting.delete(key); };
    entry.promise = run(() => {
      entry.begun = true;
      forget();
    });
    if (!entry.begun) {
      waiting.set(key, entry.promise);
      entry.promise.then(forget, forget);
    }
    return entry.promise;
  };
}

export type JoinQueued = ReturnType<typeof createQueuedRuns>;
