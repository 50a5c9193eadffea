import { onBatchCommitted, type BatchCommitted } from "@/lib/ingest/after-commit";
import { AlertCondition } from "./alert-schemas";
import { deliverDueAlerts } from "./deliver-alerts";
import { evaluateProjectAlerts } from "./evaluate-alerts";

// "Ingest a value, see it firing": after a batch commits, the project's threshold and no-data
// rules that read its names are evaluated and their messages sent at once, instead of at the
// next minute's alert-evaluation run. Per project at most once per THROTTLE_MS (the first batch
// at once; names arriving meanwhile are merged into the next run), so a busy stream costs one
// evaluation every few seconds, not one per batch. Per instance, like live updates.

export const THROTTLE_MS = 3_000;

interface ProjectQueue {
  metrics: Set<string>;
  events: Set<string>;
  running: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  lastRun: number;
}

const holder = globalThis as unknown as { __fluxAlertsAfterIngest?: { queues: Map<string, ProjectQueue>; stop: () => void } };

/** Registers the listener (once per process); called by instrumentation.ts. */
export function startAlertsAfterIngest(): void {
  if (holder.__fluxAlertsAfterIngest) return;
  const queues = new Map<string, ProjectQueue>();
  const stop = onBatchCommitted((batch) => enqueue(queues, batch));
  holder.__fluxAlertsAfterIngest = { queues, stop };
}

function enqueue(queues: Map<string, ProjectQueue>, batch: BatchCommitted): void {
  if (queues.size > 10_000) prune(queues);
  let q = queues.get(batch.projectId);
  if (!q) queues.set(batch.projectId, (q = { metrics: new Set(), events: new Set(), running: false, timer: null, lastRun: 0 }));
  for (const n of batch.metricNames) q.metrics.add(n);
  for (const n of batch.eventNames) q.events.add(n);
  schedule(queues, batch.projectId, q);
}

/** Forgets idle projects whose throttle has passed (their next batch runs at once anyway). */
function prune(queues: Map<string, ProjectQueue>): void {
  const now = Date.now();
  for (const [id, q] of queues) if (!q.running && !q.timer && now - q.lastRun >= THROTTLE_MS) queues.delete(id);
}

function schedule(queues: Map<string, ProjectQueue>, projectId: string, q: ProjectQueue): void {
  if (q.running || q.timer) return;
  const wait = Math.max(0, q.lastRun + THROTTLE_MS - Date.now());
  q.timer = setTimeout(() => {
    q.timer = null;
    void run(queues, projectId, q);
  }, wait);
  q.timer.unref?.();
}

async function run(queues: Map<string, ProjectQueue>, projectId: string, q: ProjectQueue): Promise<void> {
  const names = { metric: q.metrics, event: q.events };
  q.metrics = new Set();
  q.events = new Set();
  q.running = true;
  q.lastRun = Date.now();
  try {
    const summary = await evaluateProjectAlerts({ projectId, now: Date.now(), filter: (rule) => readsNames(rule.condition, names) });
    if (summary.notifications > 0) await deliverDueAlerts({ now: Date.now(), projectId });
  } catch (error) {
    console.error("[flux] evaluating alerts after ingest failed (the next alert-evaluation run retries):", (error as Error).message);
  } finally {
    q.running = false;
    if (q.metrics.size > 0 || q.events.size > 0) schedule(queues, projectId, q);
  }
}

/** Whether a threshold or no-data rule reads any of the names a batch wrote. Anomaly rules wait for the detector. */
export function readsNames(stored: unknown, names: { metric: Set<string>; event: Set<string> }): boolean {
  const parsed = AlertCondition.safeParse(stored);
  if (!parsed.success) return false;
  const c = parsed.data;
  if (c.kind === "no_data") return names[c.source].has(c.name);
  if (c.kind !== "threshold") return false;
  const queries = "queries" in c.query ? Object.values(c.query.queries) : [c.query];
  return queries.some((q) => names[q.source].has(q.name));
}
