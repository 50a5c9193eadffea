/** Where a log line comes from: `debug` is silent unless you pass a logger. */
export type FluxLogLevel = "debug" | "warn" | "error";
export type FluxLogger = (level: FluxLogLevel, message: string, detail?: unknown) => void;

export type TagValue = string | number | boolean;
export type Tags = Record<string, TagValue>;

export interface FluxConfig {
  /** Base URL of your Flux, e.g. `https://flux.example.com`. */
  url: string;
  /** A project API key with the `ingest` scope. Without one the client does nothing. */
  key: string | undefined;
  /** Send when this many items are buffered (default 100). A backlog goes in requests of up to 1,000 items. */
  flushAt?: number;
  /** Send buffered items at least this often (default 5,000 ms). */
  flushIntervalMs?: number;
  /** Items kept while Flux is unreachable; past it the oldest are dropped (default 10,000). */
  maxBufferSize?: number;
  /** Retries of one request on 429, 5xx and network errors (default 5). */
  maxRetries?: number;
  /** An attempt that has not answered after this long is abandoned and retried with the same key (default 30,000 ms). */
  requestTimeoutMs?: number;
  /**
   * Called with the items the SDK gives up on, and why (also counted in `stats().dropped`):
   * the buffer overflowed while Flux was unreachable, Flux refused the batch (4xx) or some of
   * its items, or an item cannot be serialised. Keep it cheap; errors it throws are logged.
   */
  onDrop?: (drop: FluxDrop) => void;
  /** `environment` and `service` go on every event; all of them become tags on every metric point. */
  globalTags?: { environment?: string; service?: string } & Tags;
  /** Receives debug detail (requests, retries) as well as warnings and errors. */
  logger?: FluxLogger;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Flush on process exit (Node) and page hide (browsers). Default true. */
  flushOnExit?: boolean;
}

/** Items the SDK gave up on: see `FluxConfig.onDrop`. */
export interface FluxDrop {
  reason: "buffer_full" | "refused" | "rejected" | "unserializable";
  events: WireEvent[];
  metrics: WireMetric[];
  /** What Flux answered (refused: status and body; rejected: each item's field and message). */
  detail?: string;
}

/** Options of a metric call. */
export interface MetricOptions {
  tags?: Tags;
  /** When it happened (default now). */
  timestamp?: Date | number | string;
}

/**
 * An event's properties. `user_id`, `session_id`, `value`, `tags`, `timestamp` and `id`
 * are lifted into the event's own fields, as the BrainzLab SDKs do; the rest is stored as
 * properties.
 */
export interface TrackProperties {
  user_id?: string | number | null;
  session_id?: string | number | null;
  value?: number | null;
  tags?: Tags;
  timestamp?: Date | number | string;
  id?: string;
  [property: string]: unknown;
}

/** The wire format of `/api/v1/flux/batch`. */
export interface WireEvent {
  id: string;
  name: string;
  timestamp: string;
  properties: Record<string, unknown>;
  user_id: string | null;
  session_id: string | null;
  value: number | null;
  tags: Record<string, TagValue>;
  environment: string | null;
  service: string | null;
}

export interface WireMetric {
  type: "gauge" | "counter" | "distribution" | "set";
  name: string;
  value: number | string;
  tags: Record<string, TagValue>;
  timestamp: string;
}

export interface Flux {
  /** Records an event, e.g. `track("order.completed", { user_id, value: 99.5, plan: "pro" })`. */
  track(name: string, properties?: TrackProperties): void;
  /** The value now (e.g. queue depth). */
  gauge(name: string, value: number, options?: MetricOptions): void;
  /** Adds `value` (default 1; negative to decrement). */
  counter(name: string, value?: number, options?: MetricOptions): void;
  increment(name: string, value?: number, options?: MetricOptions): void;
  decrement(name: string, value?: number, options?: MetricOptions): void;
  /** One observation (latency, size…): Flux computes percentiles. */
  distribution(name: string, value: number, options?: MetricOptions): void;
  /** One member of a set (e.g. a user id): Flux counts unique members. */
  set(name: string, member: string | number, options?: MetricOptions): void;
  /** Runs `fn`, records its duration in ms as a distribution (tag `unit: ms`), returns its result. */
  measure<T>(name: string, fn: () => T | Promise<T>, tags?: Tags): Promise<T>;
  /** Sends everything buffered; resolves when done (never rejects). */
  flush(): Promise<void>;
  /** Flushes, stops the timer and exit hooks; later calls are ignored. */
  shutdown(): Promise<void>;
  /**
   * Items waiting to be sent (in flight included), stored by Flux, and given up on (buffer
   * full, refused or rejected by Flux, unserialisable: each also reaches `onDrop`).
   */
  stats(): { buffered: number; dropped: number; sent: number };
}
