import type { OrdersLedger, Render } from "./realtime-board";
import { followLiveStream } from "./realtime-stream";

/** Dashboards whose render time of each total is known: Chromium pages or headless ones. */
export interface Watchers {
  count: number;
  renders: Map<string, Render>[];
}

export interface Sample {
  group: string;
  update: number;
  page: number;
  /** Send (just before the POST) → the number widget's DOM holds the new total. */
  domMs: number;
  /** Send → the next animation frame after that. */
  frameMs: number;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles. */
export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.max(0, Math.ceil(p * s.length) - 1)] ?? NaN;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? NaN };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const shown = (groups: Record<string, Watchers>, value: string) =>
  Object.values(groups).reduce((t, g) => t + g.renders.filter((r) => r.has(value)).length, 0);

/** Waits until every dashboard of `groups` has shown `value`; false on timeout. */
export async function waitAll(groups: Record<string, Watchers>, value: string, timeoutMs: number): Promise<boolean> {
  const total = Object.values(groups).reduce((t, g) => t + g.count, 0);
  const deadline = Date.now() + timeoutMs;
  while (shown(groups, value) < total) {
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

/**
 * Sends `updates` one-point batches, each a new total, and takes every dashboard's render
 * time of it. The next one goes out when every dashboard shows the last, after a random pause
 * in `gapMs`: more than the throttle interval keeps each update its own message, and the
 * randomness keeps sends from locking in step with a polling dashboard's timer.
 */
export async function measureUpdates(options: {
  ledger: OrdersLedger;
  groups: Record<string, Watchers>;
  updates: number;
  gapMs: [number, number];
  timeoutMs: number;
  log?: (line: string) => void;
}): Promise<{ samples: Sample[]; missed: { update: number; dashboards: number }[]; failedSends: number }> {
  const { ledger, groups } = options;
  const total = Object.values(groups).reduce((t, g) => t + g.count, 0);
  const samples: Sample[] = [];
  const missed: { update: number; dashboards: number }[] = [];
  let failedSends = 0;
  for (let update = 1; update <= options.updates; update++) {
    const { sentAt, status } = await ledger.send([1]);
    if (status !== 202) {
      failedSends++;
      continue;
    }
    const value = String(ledger.total);
    if (!(await waitAll(groups, value, options.timeoutMs))) missed.push({ update, dashboards: total - shown(groups, value) });
    for (const [group, watchers] of Object.entries(groups)) {
      watchers.renders.forEach((renders, page) => {
        const r = renders.get(value);
        if (r) samples.push({ group, update, page, domMs: r.dom - sentAt, frameMs: r.frame - sentAt });
      });
    }
    if (update % 25 === 0) options.log?.(`  ${update} of ${options.updates} updates`);
    const [min, max] = options.gapMs;
    await sleep(min + Math.random() * (max - min));
  }
  return { samples, missed, failedSends };
}

/**
 * Open-loop ingest: one batch of `points` points every 1000/rate ms for `seconds`, whatever
 * the answers take (a slow server does not slow the sender down).
 */
export async function steadyIngest(options: { ledger: OrdersLedger; rate: number; seconds: number; points: number }) {
  const every = 1000 / options.rate;
  const count = Math.round(options.rate * options.seconds);
  const start = performance.now();
  const answers: Promise<{ status: number; ms: number }>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + i * every - performance.now();
    if (wait > 0) await sleep(wait);
    answers.push(options.ledger.send(Array.from({ length: options.points }, () => 1)).catch(() => ({ status: 0, ms: NaN })));
  }
  const done = await Promise.all(answers);
  return { batches: count, accepted: done.filter((a) => a.status === 202).length, answerMs: summarize(done.map((a) => a.ms).filter(Number.isFinite)) };
}

/**
 * Server-sent event streams opened by Node itself (no browser, no refetch): what the
 * fan-out costs the server on its own. Counts the change messages each receives.
 */
export async function openStreams(options: { baseUrl: string; key: string; projectId: string; count: number }) {
  const controller = new AbortController();
  const changes = new Array<number>(options.count).fill(0);
  await Promise.all(
    changes.map((_, i) =>
      followLiveStream({
        url: `${options.baseUrl}/api/v1/live?project=${options.projectId}`,
        headers: { authorization: `Bearer ${options.key}` },
        signal: controller.signal,
        onEvent: (event) => { if (event === "change") changes[i]++; },
      }),
    ),
  );
  return {
    changes: () => changes.reduce((a, b) => a + b, 0),
    perStream: () => [...changes],
    close: () => controller.abort(),
  };
}
