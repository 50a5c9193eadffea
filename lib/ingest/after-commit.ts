/** What one committed ingest batch touched; live updates and alerting react to it. */
export interface BatchCommitted {
  projectId: string;
  metricNames: string[];
  eventNames: string[];
  pointCount: number;
  eventCount: number;
  minTime: Date;
  maxTime: Date;
}

export type BatchCommittedListener = (batch: BatchCommitted) => void | Promise<void>;

// On globalThis: Next.js may load this module once per route bundle, and a listener
// registered from one must hear batches committed through another.
const holder = globalThis as unknown as { __fluxBatchListeners?: Set<BatchCommittedListener> };
const listeners = (holder.__fluxBatchListeners ??= new Set());

/** Subscribes to committed batches; returns the unsubscribe function. */
export function onBatchCommitted(listener: BatchCommittedListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Called by ingest once a batch is durable. Listeners run without being awaited, and their
 * errors are logged, never returned: the data is already stored and acknowledged.
 */
export function notifyBatchCommitted(batch: BatchCommitted): void {
  for (const listener of listeners) {
    try {
      const result = listener(batch);
      if (result && typeof result.catch === "function") result.catch((error) => logListenerError(error));
    } catch (error) {
      logListenerError(error);
    }
  }
}

function logListenerError(error: unknown): void {
  console.error("[flux] an after-commit listener failed (the batch itself is stored):", error);
}
