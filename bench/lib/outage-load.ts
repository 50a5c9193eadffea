import { createFlux } from "../../sdk/src/index";
import type { Flux, FluxDrop } from "../../sdk/src/index";

/** What the SDK was asked to send of one metric: each point's timestamp is unique per metric. */
export interface MetricTally {
  type: "counter" | "gauge" | "distribution";
  count: number;
  sum: number;
  times: number[];
}

export interface EventTally {
  count: number;
  ids: string[];
}

/** One HTTP attempt of one SDK client, as its fetch saw it. */
export interface Attempt {
  client: number;
  key: string;
  start: number;
  end: number;
  status?: number;
  /** ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET (other side closed), timeout… */
  error?: string;
  replayed: boolean;
  retryAfter: string | null;
}

// Several metrics of each kind the scenario must keep exact: counters with known increments
// (one that also decrements), a gauge and a distribution whose values are all distinct.
const METRICS: { name: string; type: MetricTally["type"]; value: (n: number) => number }[] = [
  { name: "outage.orders", type: "counter", value: (n) => (n % 7) + 1 },
  { name: "outage.stock", type: "counter", value: (n) => (n % 2 ? 3 : -1) },
  { name: "outage.bytes", type: "counter", value: (n) => 100 + (n % 13) },
  { name: "outage.queue_depth", type: "gauge", value: (n) => n },
  { name: "outage.latency_ms", type: "distribution", value: (n) => n % 997 },
];
const EVENTS = ["outage.signup", "outage.order"];

export interface Load {
  sent: { metrics: Map<string, MetricTally>; events: Map<string, EventTally> };
  attempts: Attempt[];
  drops: FluxDrop[];
  clients: Flux[];
  /** Every client sends what it holds now (a burst of concurrent requests). */
  burst(): void;
  /** Stops calling the SDK. */
  stop(): void;
  /** Flushes every client until nothing is buffered or the deadline passes; true when empty. */
  drain(timeoutMs: number): Promise<boolean>;
  shutdown(): Promise<void>;
}

/**
 * Calls `clients` SDK instances (as several app processes would) at a steady rate, tallying
 * every point and event it asks them to send. Each client's fetch is the global one,
 * recorded: status, Retry-After, Idempotent-Replayed, or the network error.
 */
export function startLoad(options: {
  baseUrl: string;
  apiKey: string;
  clients: number;
  pointsPerSecond: number;
  eventsPerSecond: number;
  runId: string;
}): Load {
  const attempts: Attempt[] = [];
  const drops: FluxDrop[] = [];
  const sent = {
    metrics: new Map(METRICS.map((m) => [m.name, { type: m.type, count: 0, sum: 0, times: [] as number[] }])),
    events: new Map(EVENTS.map((e) => [e, { count: 0, ids: [] as string[] }])),
  };
  const clients = Array.from({ length: options.clients }, (_, client) =>
    createFlux({
      url: options.baseUrl,
      key: options.apiKey,
      flushAt: 50,
      flushIntervalMs: 200,
      flushOnExit: false,
      fetch: recordingFetch(client, attempts),
      onDrop: (drop) => drops.push(drop),
      logger: () => {},
    }),
  );

  const lastTime = new Map<string, number>();
  let points = 0;
  let events = 0;
  const started = Date.now();
  const tick = () => {
    const elapsed = Date.now() - started;
    for (; points < (elapsed * options.pointsPerSecond) / 1000; points++) {
      const metric = METRICS[points % METRICS.length];
      const flux = clients[points % clients.length];
      // The call time is the point's timestamp (storage delay is measured from it), nudged by
      // a millisecond where needed so that no two points of a metric share one.
      const time = Math.max(Date.now(), (lastTime.get(metric.name) ?? 0) + 1);
      lastTime.set(metric.name, time);
      const value = metric.value(points);
      const tags = { client: String(points % clients.length) };
      if (metric.type === "counter") flux.counter(metric.name, value, { tags, timestamp: time });
      else if (metric.type === "gauge") flux.gauge(metric.name, value, { tags, timestamp: time });
      else flux.distribution(metric.name, value, { tags, timestamp: time });
      const tally = sent.metrics.get(metric.name)!;
      tally.count++;
      tally.sum += value;
      tally.times.push(time);
    }
    for (; events < (elapsed * options.eventsPerSecond) / 1000; events++) {
      const name = EVENTS[events % EVENTS.length];
      const id = `${options.runId}-${events}`;
      clients[events % clients.length].track(name, { id, timestamp: Date.now(), user_id: `u${events % 50}`, value: events, plan: events % 3 ? "pro" : "free" });
      const tally = sent.events.get(name)!;
      tally.count++;
      tally.ids.push(id);
    }
  };
  const timer = setInterval(tick, 10);

  const buffered = () => clients.reduce((n, c) => n + c.stats().buffered, 0);
  return {
    sent,
    attempts,
    drops,
    clients,
    burst: () => clients.forEach((c) => void c.flush()),
    stop: () => clearInterval(timer),
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        await Promise.race([Promise.all(clients.map((c) => c.flush())), sleep(Math.max(0, deadline - Date.now()))]);
        if (buffered() === 0) return true;
        await sleep(200);
      }
      return buffered() === 0;
    },
    shutdown: async () => {
      clearInterval(timer);
      await Promise.all(clients.map((c) => c.shutdown()));
    },
  };
}

function recordingFetch(client: number, attempts: Attempt[]): typeof fetch {
  return async (input, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const attempt: Attempt = { client, key: headers["idempotency-key"], start: Date.now(), end: 0, replayed: false, retryAfter: null };
    attempts.push(attempt);
    try {
      const res = await fetch(input, init);
      attempt.status = res.status;
      attempt.replayed = res.headers.get("idempotent-replayed") === "true";
      attempt.retryAfter = res.headers.get("retry-after");
      return res;
    } catch (error) {
      attempt.error = networkError(error);
      throw error;
    } finally {
      attempt.end = Date.now();
    }
  };
}

function networkError(error: unknown): string {
  if ((error as Error)?.name === "AbortError" || (error as Error)?.name === "TimeoutError") return "timeout";
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
