import { describe, expect, it, vi } from "vitest";
import { createFlux } from "../src/index";
import { retryDelay } from "../src/transport";

interface Call {
  url: string;
  headers: Record<string, string>;
  body: { events: Record<string, unknown>[]; metrics: Record<string, unknown>[] };
  keepalive?: boolean;
}

/** A fetch that records requests and answers from a script of statuses (then 202). */
function fakeFetch(script: (number | Error | { status: number; headers?: Record<string, string>; body?: unknown })[] = []) {
  const calls: Call[] = [];
  const fn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), headers: init!.headers as Record<string, string>, body: JSON.parse(String(init!.body)), keepalive: init!.keepalive });
    const next = script.shift() ?? 202;
    if (next instanceof Error) throw next;
    const spec = typeof next === "number" ? { status: next } : next;
    const body = spec.body ?? (spec.status === 202 ? { accepted: 1, rejected: [] } : { error: { code: "x", message: "nope" } });
    return new Response(JSON.stringify(body), { status: spec.status, headers: spec.headers });
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

const base = { url: "https://flux.test/", key: "flux_key", flushIntervalMs: 60_000, flushOnExit: false, logger: () => {} };

describe("createFlux", () => {
  it("sends the BrainzLab wire format to /api/v1/flux/batch with the key and an Idempotency-Key", async () => {
    const { fetch, calls } = fakeFetch();
    const flux = createFlux({ ...base, fetch, globalTags: { environment: "production", service: "shop", region: "eu" } });
    flux.track("order.completed", { user_id: 42, session_id: "s1", value: 99.5, tags: { source: "web" }, plan: "pro", items: [{ sku: "a" }] });
    flux.gauge("queue.depth", 7, { tags: { queue: "mail" }, timestamp: 1_700_000_000_000 });
    flux.counter("api_calls", 1, { tags: { endpoint: "/users" } });
    flux.increment("logins");
    flux.decrement("connections", 3);
    flux.distribution("response_time", 145.2);
    flux.set("daily_active_users", 123);
    await flux.flush();
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call.url).toBe("https://flux.test/api/v1/flux/batch");
    expect(call.headers.authorization).toBe("Bearer flux_key");
    expect(call.headers["content-type"]).toBe("application/json");
    expect(call.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{32,36}$/);
    const [event] = call.body.events;
    expect(event).toEqual({
      id: expect.any(String),
      name: "order.completed",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      properties: { plan: "pro", items: [{ sku: "a" }] },
      user_id: "42",
      session_id: "s1",
      value: 99.5,
      tags: { region: "eu", source: "web" },
      environment: "production",
      service: "shop",
    });
    const globals = { region: "eu", environment: "production", service: "shop" };
    expect(call.body.metrics).toEqual([
      { type: "gauge", name: "queue.depth", value: 7, tags: { ...globals, queue: "mail" }, timestamp: "2023-11-14T22:13:20.000Z" },
      { type: "counter", name: "api_calls", value: 1, tags: { ...globals, endpoint: "/users" }, timestamp: expect.any(String) },
      { type: "counter", name: "logins", value: 1, tags: globals, timestamp: expect.any(String) },
      { type: "counter", name: "connections", value: -3, tags: globals, timestamp: expect.any(String) },
      { type: "distribution", name: "response_time", value: 145.2, tags: globals, timestamp: expect.any(String) },
      { type: "set", name: "daily_active_users", value: "123", tags: globals, timestamp: expect.any(String) },
    ]);
    expect(flux.stats()).toEqual({ buffered: 0, dropped: 0, sent: 7 });
  });

  it("sends once flushAt items are buffered, and a backlog in requests of up to 1,000 items", async () => {
    const { fetch, calls } = fakeFetch();
    const flux = createFlux({ ...base, fetch, flushAt: 3 });
    flux.gauge("g", 0);
    flux.gauge("g", 1);
    await Promise.resolve();
    expect(calls).toHaveLength(0);
    flux.gauge("g", 2);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].body.metrics.map((m) => m.value)).toEqual([0, 1, 2]);
    for (let i = 3; i < 2503; i++) flux.gauge("g", i);
    await flux.flush();
    expect(calls.slice(1).map((c) => c.body.metrics.length)).toEqual([1000, 1000, 500]);
    expect(calls.flatMap((c) => c.body.metrics.map((m) => m.value))).toEqual(Array.from({ length: 2503 }, (_, i) => i));
  });

  it("flushes on the interval", async () => {
    vi.useFakeTimers();
    try {
      const { fetch, calls } = fakeFetch();
      createFlux({ ...base, fetch, flushIntervalMs: 1000 }).gauge("g", 1);
      await vi.advanceTimersByTimeAsync(1100);
      expect(calls).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("retries 429, 5xx and network errors with the same Idempotency-Key, honouring Retry-After", async () => {
    vi.useFakeTimers();
    try {
      const { fetch, calls } = fakeFetch([{ status: 429, headers: { "retry-after": "2" } }, 503, new TypeError("fetch failed"), 202]);
      const flux = createFlux({ ...base, fetch });
      flux.track("e");
      const done = flux.flush();
      await vi.advanceTimersByTimeAsync(1900);
      expect(calls).toHaveLength(1); // still waiting out Retry-After: 2
      await vi.advanceTimersByTimeAsync(60_000);
      await done;
      expect(calls).toHaveLength(4);
      expect(new Set(calls.map((c) => c.headers["idempotency-key"])).size).toBe(1);
      expect(flux.stats()).toMatchObject({ buffered: 0, sent: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps a batch that failed every retry and sends it, with its key, on the next flush", async () => {
    vi.useFakeTimers();
    try {
      const { fetch, calls } = fakeFetch([500, 500]);
      const flux = createFlux({ ...base, fetch, maxRetries: 1 });
      flux.gauge("g", 1);
      const first = flux.flush();
      await vi.advanceTimersByTimeAsync(30_000);
      await first;
      expect(flux.stats().buffered).toBe(1);
      await flux.flush();
      expect(calls).toHaveLength(3);
      expect(calls[2].headers["idempotency-key"]).toBe(calls[0].headers["idempotency-key"]);
      expect(flux.stats()).toMatchObject({ buffered: 0, sent: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("drops a batch Flux refuses with 4xx, and splits one it finds too large", async () => {
    const logger = vi.fn();
    const { fetch, calls } = fakeFetch([422, 413, 202, 202]);
    const flux = createFlux({ ...base, fetch, logger });
    flux.gauge("bad", 1);
    await flux.flush();
    expect(logger).toHaveBeenCalledWith("error", expect.stringContaining("HTTP 422"), undefined);
    for (let i = 0; i < 4; i++) flux.gauge("g", i);
    await flux.flush();
    expect(calls.map((c) => c.body.metrics.length)).toEqual([1, 4, 2, 2]);
    expect(flux.stats()).toMatchObject({ buffered: 0, sent: 4 });
  });

  it("bounds the buffer, dropping the oldest items with a counted warning", async () => {
    const logger = vi.fn();
    const { fetch, calls } = fakeFetch();
    const flux = createFlux({ ...base, fetch, logger, maxBufferSize: 5, flushAt: 1000 });
    for (let i = 0; i < 8; i++) flux.gauge("g", i);
    expect(flux.stats()).toMatchObject({ buffered: 5, dropped: 3 });
    expect(logger).toHaveBeenCalledWith("warn", expect.stringContaining("dropped"), undefined);
    await flux.flush();
    expect(calls[0].body.metrics.map((m) => m.value)).toEqual([3, 4, 5, 6, 7]);
  });

  it("never throws into the caller", async () => {
    const throwingFetch = (() => {
      throw new Error("boom");
    }) as unknown as typeof fetch;
    const flux = createFlux({ ...base, fetch: throwingFetch, maxRetries: 0, logger: () => { throw new Error("logger too"); } });
    expect(() => flux.track("e", null as never)).not.toThrow();
    expect(() => flux.gauge("g", 1, { timestamp: "not a date" })).not.toThrow();
    await expect(flux.flush()).resolves.toBeUndefined();
    await expect(flux.shutdown()).resolves.toBeUndefined();
    const disabled = createFlux({ ...base, key: undefined });
    disabled.track("e");
    await expect(disabled.flush()).resolves.toBeUndefined();
    expect(disabled.stats().buffered).toBe(0);
  });

  it("measures a function as a distribution in ms and returns its result (or rethrows its error)", async () => {
    const { fetch, calls } = fakeFetch();
    const flux = createFlux({ ...base, fetch });
    await expect(flux.measure("pdf.generate", async () => "done", { kind: "invoice" })).resolves.toBe("done");
    await expect(flux.measure("pdf.generate", () => { throw new Error("bad pdf"); })).rejects.toThrow("bad pdf");
    await flux.flush();
    const points = calls[0].body.metrics;
    expect(points).toHaveLength(2);
    expect(points[0]).toMatchObject({ type: "distribution", name: "pdf.generate", tags: { kind: "invoice", unit: "ms" } });
    expect(points[0].value).toBeGreaterThanOrEqual(0);
  });

  it("flushes when the Node event loop empties (beforeExit), and not after shutdown", async () => {
    const { fetch, calls } = fakeFetch();
    const flux = createFlux({ ...base, fetch, flushOnExit: true });
    flux.track("last.words");
    process.emit("beforeExit", 0);
    await flux.flush();
    expect(calls).toHaveLength(1);
    await flux.shutdown();
    const listeners = process.listenerCount("beforeExit");
    flux.track("after.shutdown");
    process.emit("beforeExit", 0);
    expect(calls).toHaveLength(1);
    expect(process.listenerCount("beforeExit")).toBe(listeners);
  });

  it("hands the buffer to keepalive requests when the page is hidden", async () => {
    const listeners: Record<string, () => void> = {};
    const target = { addEventListener: (t: string, l: () => void) => (listeners[t] = l), removeEventListener: () => {} };
    vi.stubGlobal("window", target);
    vi.stubGlobal("document", { ...target, visibilityState: "hidden" });
    try {
      const { fetch, calls } = fakeFetch();
      const flux = createFlux({ ...base, fetch, flushOnExit: true });
      for (let i = 0; i < 300; i++) flux.track("page.view", { path: `/p/${i}`, filler: "x".repeat(200) });
      listeners.pagehide();
      await Promise.resolve();
      expect(calls.length).toBeGreaterThan(1);
      for (const c of calls) {
        expect(c.keepalive).toBe(true);
        expect(JSON.stringify(c.body).length).toBeLessThanOrEqual(64 * 1024);
      }
      expect(calls.reduce((n, c) => n + c.body.events.length, 0)).toBe(300);
      await flux.shutdown();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("backs off exponentially with jitter, capped, or waits as Retry-After says", () => {
    expect(retryDelay(0, null, () => 1)).toBe(500);
    expect(retryDelay(3, null, () => 1)).toBe(4000);
    expect(retryDelay(20, null, () => 1)).toBe(30_000);
    expect(retryDelay(3, null, () => 0.5)).toBe(2000);
    expect(retryDelay(0, "5", () => 0)).toBe(5000);
  });
});
