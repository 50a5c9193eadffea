import { installExitHooks } from "./exit-hooks.js";
import { sendBatch, sendKeepalive, type Batch, type Rejection, type TransportOptions } from "./transport.js";
import type { Flux, FluxConfig, FluxDrop, FluxLogger, MetricOptions, Tags, TrackProperties, WireEvent, WireMetric } from "./types.js";

const MAX_PER_REQUEST = 1000;
/** Browsers cap a keepalive request body at 64 KiB. */
const KEEPALIVE_BYTES = 60_000;
const DROP_WARNING_EVERY_MS = 10_000;

type Item = { event: WireEvent; metric?: undefined } | { metric: WireMetric; event?: undefined };

/**
 * A Flux client: buffers events and metric points and sends them in batches to
 * `/api/v1/flux/batch`. Nothing it does throws into your code or blocks it.
 */
export function createFlux(config: FluxConfig): Flux {
  const log = safeLogger(config.logger);
  const flushAt = clamp(config.flushAt ?? 100, 1, MAX_PER_REQUEST);
  const maxBuffer = Math.max(1, config.maxBufferSize ?? 10_000);
  const { environment, service, ...otherGlobalTags } = config.globalTags ?? {};
  const metricGlobalTags: Tags = { ...otherGlobalTags, ...(environment ? { environment } : {}), ...(service ? { service } : {}) };
  const fetchImpl = config.fetch ?? (typeof fetch === "function" ? fetch.bind(globalThis) : undefined);
  const enabled = Boolean(config.key && config.url && fetchImpl);
  if (!enabled) log("warn", "[flux] no key, url or fetch: events and metrics will not be sent");
  const transport: TransportOptions = {
    endpoint: `${(config.url ?? "").replace(/\/+$/, "")}/api/v1/flux/batch`,
    key: config.key ?? "",
    fetch: fetchImpl as typeof fetch,
    maxRetries: Math.max(0, config.maxRetries ?? 5),
    requestTimeoutMs: Math.max(1, config.requestTimeoutMs ?? 30_000),
    log,
  };

  let queue: Item[] = [];
  /** Batches that failed after all retries, with their original keys. */
  let held: Batch[] = [];
  let dropped = 0;
  /** Of those, dropped because the buffer was full. */
  let overflowed = 0;
  let sent = 0;
  /** Items of the batches the running drain has taken and not finished with. */
  let inFlight = 0;
  let warnedDropped = 0;
  let lastDropWarning = 0;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();
  let drainQueued = false;

  const buffered = () => queue.length + held.reduce((n, b) => n + b.events.length + b.metrics.length, 0);

  /** Counts items given up on and tells the application, which may keep them elsewhere. */
  function giveUp(reason: FluxDrop["reason"], events: WireEvent[], metrics: WireMetric[], detail?: string): void {
    if (events.length + metrics.length === 0) return;
    dropped += events.length + metrics.length;
    if (!config.onDrop) return;
    try {
      config.onDrop({ reason, events, metrics, ...(detail === undefined ? {} : { detail }) });
    } catch (error) {
      log("error", "[flux] onDrop failed", error);
    }
  }

  function enqueue(item: Item): void {
    if (!enabled || closed) return;
    queue.push(item);
    let over = buffered() - maxBuffer;
    const lost: Batch = { key: "", events: [], metrics: [] };
    while (over > 0) {
      // Oldest first: held batches are older than anything in the queue.
      const oldest = held[0];
      if (oldest) {
        if (oldest.metrics.length > 0) lost.metrics.push(oldest.metrics.shift()!);
        else lost.events.push(oldest.events.shift()!);
        if (oldest.events.length + oldest.metrics.length === 0) held.shift();
      } else {
        const first = queue.shift()!;
        if (first.event) lost.events.push(first.event);
        else lost.metrics.push(first.metric);
      }
      over--;
    }
    overflowed += size(lost);
    giveUp("buffer_full", lost.events, lost.metrics);
    if (overflowed > warnedDropped && Date.now() - lastDropWarning >= DROP_WARNING_EVERY_MS) {
      lastDropWarning = Date.now();
      warnedDropped = overflowed;
      log("warn", `[flux] buffer full (${maxBuffer} items, Flux unreachable?): dropped ${overflowed} oldest item(s) so far`);
    }
    if (queue.length >= flushAt) void flush();
  }

  function takeBatches(): Batch[] {
    const batches = held;
    held = [];
    // A backlog (Flux was down, or slower than the callers) goes in the largest requests
    // Flux takes: at 50 items a request, 2,000 buffered items would trail by 40 round trips.
    for (let i = 0; i < queue.length; i += MAX_PER_REQUEST) batches.push(toBatch(queue.slice(i, i + MAX_PER_REQUEST)));
    queue = [];
    return batches;
  }

  async function drain(): Promise<void> {
    drainQueued = false;
    const batches = takeBatches();
    inFlight = batches.reduce((n, b) => n + size(b), 0);
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i];
      let outcome: Awaited<ReturnType<typeof sendBatch>>;
      try {
        outcome = await sendBatch(batch, transport);
      } catch (error) {
        // Only serialising can throw (a BigInt, a cycle): drop the culprits, send the rest.
        const culprits = unserializable(batch);
        const lost = size(culprits) > 0 ? culprits : { ...batch };
        if (lost !== culprits) Object.assign(batch, { events: [], metrics: [] });
        log("error", `[flux] ${size(lost)} item(s) cannot be serialised as JSON; dropping them`, error);
        giveUp("unserializable", lost.events, lost.metrics, (error as Error)?.message);
        inFlight -= size(lost);
        if (size(batch) > 0) i--; // send what is left of it, under the same key (nothing was sent)
        continue;
      }
      if (outcome.kind === "split") {
        batches.splice(i + 1, 0, ...halves(batch));
        continue;
      }
      if (outcome.kind === "failed") {
        // Flux is down: keep this and the rest, in order, for the next flush.
        held = [...batches.slice(i), ...held];
        inFlight = 0;
        return;
      }
      inFlight -= size(batch);
      if (outcome.kind === "sent") {
        const lost = pick(batch, outcome.rejected);
        sent += size(batch) - size(lost);
        giveUp("rejected", lost.events, lost.metrics, outcome.rejected.map((r) => `${r.field}: ${r.message}`).join("; "));
      } else {
        giveUp("refused", batch.events, batch.metrics, `HTTP ${outcome.status}: ${outcome.message}`);
      }
    }
  }

  function flush(): Promise<void> {
    if (!enabled) return Promise.resolve();
    if (!drainQueued) {
      drainQueued = true;
      chain = chain.then(drain).catch((error) => log("error", "[flux] flush failed", error));
    }
    return chain;
  }

  const timer = enabled ? setInterval(() => buffered() > 0 && void flush(), Math.max(100, config.flushIntervalMs ?? 5000)) : undefined;
  (timer as { unref?: () => void } | undefined)?.unref?.();

  const removeHooks =
    enabled && config.flushOnExit !== false
      ? installExitHooks({
          onNodeExit: () => (buffered() > 0 && !closed ? flush() : undefined),
          onPageHide: () => {
            for (const batch of takeBatches()) for (const part of keepaliveParts(batch)) sendKeepalive(part, transport);
          },
        })
      : () => {};

  function metric(type: WireMetric["type"], name: string, value: number | string, options?: MetricOptions): void {
    enqueue({ metric: { type, name, value, tags: { ...metricGlobalTags, ...options?.tags }, timestamp: isoTime(options?.timestamp) } });
  }

  const guard =
    <A extends unknown[]>(what: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (error) {
        log("error", `[flux] ${what} failed`, error);
      }
    };

  return {
    track: guard("track", (name: string, properties: TrackProperties = {}) => {
      const { user_id, session_id, value, tags, timestamp, id, ...rest } = properties ?? {};
      enqueue({
        event: {
          id: id ?? randomId(),
          name,
          timestamp: isoTime(timestamp),
          properties: rest,
          user_id: user_id === undefined || user_id === null ? null : String(user_id),
          session_id: session_id === undefined || session_id === null ? null : String(session_id),
          value: typeof value === "number" ? value : null,
          tags: { ...otherGlobalTags, ...tags },
          environment: environment ?? null,
          service: service ?? null,
        },
      });
    }),
    gauge: guard("gauge", (name: string, value: number, options?: MetricOptions) => metric("gauge", name, value, options)),
    counter: guard("counter", (name: string, value = 1, options?: MetricOptions) => metric("counter", name, value, options)),
    increment: guard("increment", (name: string, value = 1, options?: MetricOptions) => metric("counter", name, value, options)),
    decrement: guard("decrement", (name: string, value = 1, options?: MetricOptions) => metric("counter", name, -value, options)),
    distribution: guard("distribution", (name: string, value: number, options?: MetricOptions) => metric("distribution", name, value, options)),
    set: guard("set", (name: string, member: string | number, options?: MetricOptions) => metric("set", name, String(member), options)),
    async measure<T>(name: string, fn: () => T | Promise<T>, tags?: Tags): Promise<T> {
      const started = now();
      try {
        return await fn();
      } finally {
        guard("measure", () => metric("distribution", name, Math.round((now() - started) * 1000) / 1000, { tags: { ...tags, unit: "ms" } }))();
      }
    },
    flush,
    async shutdown() {
      if (closed) return;
      clearInterval(timer);
      removeHooks();
      await flush();
      closed = true;
      const left = buffered();
      if (left > 0) log("warn", `[flux] shut down with ${left} item(s) unsent (Flux unreachable)`);
    },
    stats: () => ({ buffered: buffered() + inFlight, dropped, sent }),
  };
}

const size = (batch: Pick<Batch, "events" | "metrics">) => batch.events.length + batch.metrics.length;

/** Removes the items JSON cannot carry from `batch` (in place) and returns them. */
function unserializable(batch: Batch): Batch {
  const fails = (item: unknown) => {
    try {
      JSON.stringify(item);
      return false;
    } catch {
      return true;
    }
  };
  const bad: Batch = { key: batch.key, events: batch.events.filter(fails), metrics: batch.metrics.filter(fails) };
  batch.events = batch.events.filter((e) => !bad.events.includes(e));
  batch.metrics = batch.metrics.filter((m) => !bad.metrics.includes(m));
  return bad;
}

/** The items of `batch` that Flux's answer lists as rejected. */
function pick(batch: Batch, rejected: Rejection[]): Batch {
  const out: Batch = { key: batch.key, events: [], metrics: [] };
  for (const r of rejected) {
    const item = r.kind === "event" ? batch.events[r.index] : batch.metrics[r.index];
    if (item === undefined) continue;
    if (r.kind === "event") out.events.push(item as WireEvent);
    else out.metrics.push(item as WireMetric);
  }
  return out;
}

function toBatch(items: Item[]): Batch {
  const batch: Batch = { key: randomId(), events: [], metrics: [] };
  for (const item of items) {
    if (item.event) batch.events.push(item.event);
    else batch.metrics.push(item.metric);
  }
  return batch;
}

/** Halves of a batch the server found too large; each half is a new request with a new key. */
function halves(batch: Batch): Batch[] {
  const items: Item[] = [...batch.events.map((event) => ({ event })), ...batch.metrics.map((metric) => ({ metric }))];
  const mid = Math.ceil(items.length / 2);
  return [toBatch(items.slice(0, mid)), toBatch(items.slice(mid))];
}

function keepaliveParts(batch: Batch): Batch[] {
  const size = JSON.stringify(batch).length;
  if (size <= KEEPALIVE_BYTES || batch.events.length + batch.metrics.length <= 1) return [batch];
  return halves(batch).flatMap(keepaliveParts);
}

function isoTime(t: Date | number | string | undefined): string {
  if (t === undefined) return new Date().toISOString();
  if (typeof t === "string") return t;
  return (t instanceof Date ? t : new Date(t)).toISOString();
}

function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  let out = "";
  for (let i = 0; i < 32; i++) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(n)));
}

function safeLogger(logger: FluxLogger | undefined): FluxLogger {
  return (level, message, detail) => {
    try {
      if (logger) logger(level, message, detail);
      else if (level === "error") console.error(message);
      else if (level === "warn") console.warn(message);
    } catch {
      // A failing logger must not break the caller either.
    }
  };
}
