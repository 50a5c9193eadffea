import type { FluxLogger, WireEvent, WireMetric } from "./types.js";

/** One request's worth of items; its key stays the same across retries. */
export interface Batch {
  key: string;
  events: WireEvent[];
  metrics: WireMetric[];
}

/** An item Flux did not store, as the server names it: `metrics[3].value`. */
export interface Rejection {
  index: number;
  kind: "event" | "metric";
  field: string;
  message: string;
}

export type SendOutcome =
  /** Stored; `rejected` lists the items Flux refused (the others are stored). */
  | { kind: "sent"; rejected: Rejection[] }
  /** Flux refused it for good (4xx): retrying cannot help. */
  | { kind: "dropped"; status: number; message: string }
  /** Too large: send the halves. */
  | { kind: "split" }
  /** Still failing after every retry: keep it for later. */
  | { kind: "failed" };

export interface TransportOptions {
  endpoint: string;
  key: string;
  fetch: typeof fetch;
  maxRetries: number;
  /** An attempt that has not answered after this long is abandoned and retried (same key). */
  requestTimeoutMs: number;
  log: FluxLogger;
  /** Test hook: how to wait between attempts. */
  sleep?: (ms: number) => Promise<void>;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential back-off with full jitter, or the server's Retry-After when it gave one. */
export function retryDelay(attempt: number, retryAfter: string | null, random = Math.random): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_DELAY_MS) + random() * 250;
  }
  return random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
}

/**
 * POSTs one batch to /api/v1/flux/batch, retrying 408/429/5xx, network errors and attempts
 * that time out, always with the batch's own Idempotency-Key: a retry of a batch Flux stored
 * but could not answer (it crashed, the connection broke) is answered from the first result.
 */
export async function sendBatch(batch: Batch, options: TransportOptions): Promise<SendOutcome> {
  const sleep = options.sleep ?? defaultSleep;
  const body = JSON.stringify({ events: batch.events, metrics: batch.metrics });
  for (let attempt = 0; ; attempt++) {
    let retryAfter: string | null = null;
    let problem: string;
    // Without a deadline a connection that never answers (a peer gone without a reset)
    // would hold this batch, and everything queued behind it, for good.
    const abort = typeof AbortController === "function" ? new AbortController() : undefined;
    const timer = abort ? setTimeout(() => abort.abort(), options.requestTimeoutMs) : undefined;
    try {
      const res = await options.fetch(options.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.key}`, "idempotency-key": batch.key },
        body,
        signal: abort?.signal,
      });
      if (res.ok) {
        const result = (await res.json().catch(() => null)) as { accepted?: number; rejected?: Rejection[] } | null;
        const rejected = Array.isArray(result?.rejected) ? result.rejected : [];
        if (rejected.length) options.log("warn", `[flux] ${rejected.length} item(s) rejected: ${describe(rejected)}`, rejected);
        options.log("debug", `[flux] sent ${batch.events.length} event(s), ${batch.metrics.length} metric point(s)`, result);
        return { kind: "sent", rejected };
      }
      const text = await res.text().catch(() => "");
      if (res.status === 413 && batch.events.length + batch.metrics.length > 1) return { kind: "split" };
      if (res.status !== 408 && res.status !== 429 && res.status < 500) {
        options.log("error", `[flux] batch refused with HTTP ${res.status}; dropping it: ${text.slice(0, 500)}`);
        return { kind: "dropped", status: res.status, message: text.slice(0, 500) };
      }
      retryAfter = res.headers.get("retry-after");
      problem = `HTTP ${res.status}`;
    } catch (error) {
      problem = abort?.signal.aborted ? `no answer within ${options.requestTimeoutMs} ms` : ((error as Error)?.message ?? String(error));
    } finally {
      clearTimeout(timer);
    }
    if (attempt >= options.maxRetries) {
      options.log("warn", `[flux] sending failed after ${attempt + 1} attempt(s) (${problem}); keeping the batch for the next flush`);
      return { kind: "failed" };
    }
    const delay = retryDelay(attempt, retryAfter);
    options.log("debug", `[flux] ${problem}; retry ${attempt + 1}/${options.maxRetries} in ${Math.round(delay)} ms`);
    await sleep(delay);
  }
}

/** Fire-and-forget send while the page goes away: no retries are possible then. */
export function sendKeepalive(batch: Batch, options: TransportOptions): void {
  const body = JSON.stringify({ events: batch.events, metrics: batch.metrics });
  options
    .fetch(options.endpoint, {
      method: "POST",
      keepalive: true,
      headers: { "content-type": "application/json", authorization: `Bearer ${options.key}`, "idempotency-key": batch.key },
      body,
    })
    .catch((error: unknown) => options.log("debug", "[flux] keepalive send failed", error));
}

function describe(rejected: { field: string; message: string }[]): string {
  const shown = rejected.slice(0, 3).map((r) => `${r.field}: ${r.message}`);
  return shown.join("; ") + (rejected.length > 3 ? `; and ${rejected.length - 3} more` : "");
}
