import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFlux } from "../src/index";
import type { FluxDrop, WireMetric } from "../src/index";

interface Body {
  events: { id: string; name: string }[];
  metrics: WireMetric[];
}

/**
 * Flux as the SDK sees it during an outage: each attempt either fails (a thrown fetch
 * error, a status) or stores the batch under its Idempotency-Key exactly as the server
 * does: a key seen before is answered from the first result and stores nothing again.
 * `lose` stores the batch but throws, like an app killed before it could answer.
 */
function fluxServer() {
  const stored = new Map<string, Body>();
  const keysOfAttempts: string[] = [];
  let failure: ((attempt: number) => Error | { status: number; headers?: Record<string, string> } | "lose" | null) | null = null;
  const fetch = (async (_url: string, init: RequestInit) => {
    const key = (init.headers as Record<string, string>)["idempotency-key"];
    keysOfAttempts.push(key);
    const body = JSON.parse(String(init.body)) as Body;
    const f = failure?.(keysOfAttempts.length) ?? null;
    if (f instanceof Error) throw f;
    if (f && f !== "lose") return new Response(JSON.stringify({ error: { code: "unavailable", message: "down" } }), { status: f.status, headers: f.headers });
    const replayed = stored.has(key);
    if (!replayed) stored.set(key, body);
    if (f === "lose") throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
    return new Response(JSON.stringify({ accepted: body.events.length + body.metrics.length, rejected: [] }), { status: 202 });
  }) as unknown as typeof globalThis.fetch;
  return {
    fetch,
    stored,
    keysOfAttempts,
    fail(fn: typeof failure) {
      failure = fn;
    },
    items() {
      const all = [...stored.values()];
      return { metrics: all.flatMap((b) => b.metrics), events: all.flatMap((b) => b.events) };
    },
  };
}

const refused = () => new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3000"), { code: "ECONNREFUSED" }) });
const base = { url: "http://flux.test", key: "flux_key", flushOnExit: false, logger: () => {} };

describe("the SDK through an outage", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps everything sent at 400 items/s through 10 s of 503s and 10 s of refused connections, and stores each item once", async () => {
    const server = fluxServer();
    const drops: FluxDrop[] = [];
    // The defaults (buffer 10,000 items, 5 retries), as an application would run it.
    const flux = createFlux({ ...base, fetch: server.fetch, flushIntervalMs: 500, onDrop: (d) => drops.push(d) });
    let phase: "up" | "database down" | "app down" | "lossy" = "up";
    server.fail(() =>
      phase === "database down" ? { status: 503, headers: { "retry-after": "5" } } : phase === "app down" ? refused() : phase === "lossy" ? "lose" : null,
    );
    let n = 0;
    const run = async (ms: number) => {
      for (let t = 0; t < ms; t += 10) {
        for (let i = 0; i < 4; i++, n++) {
          if (n % 4 === 3) flux.track("outage.event", { id: `e${n}` });
          else flux.counter(`outage.counter_${n % 3}`, (n % 5) + 1, { timestamp: n });
        }
        await vi.advanceTimersByTimeAsync(10);
      }
    };
    await run(3_000);
    phase = "database down";
    await run(10_000);
    phase = "up";
    await run(3_000);
    phase = "app down";
    await run(10_000);
    phase = "lossy"; // stored, but the answers never arrive: the SDK must retry with the same keys
    await run(600);
    phase = "up";
    await run(3_000);
    const done = flux.flush();
    await vi.advanceTimersByTimeAsync(120_000);
    await done;

    expect(drops).toEqual([]);
    expect(flux.stats()).toEqual({ buffered: 0, dropped: 0, sent: n });
    const { metrics, events } = server.items();
    expect(events.map((e) => e.id).sort()).toEqual(Array.from({ length: n / 4 }, (_, i) => `e${i * 4 + 3}`).sort());
    expect(metrics.map((m) => Date.parse(m.timestamp)).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i).filter((i) => i % 4 !== 3));
    // A key is retried only after its attempt failed: every key was stored by exactly one batch.
    expect(new Set(server.keysOfAttempts).size).toBe(server.stored.size);
    expect(server.keysOfAttempts.length).toBeGreaterThan(server.stored.size);
  });

  it("abandons an attempt that never answers and retries it with the same Idempotency-Key", async () => {
    const keys: string[] = [];
    const signals: (AbortSignal | undefined)[] = [];
    const hanging = ((_url: string, init: RequestInit) => {
      keys.push((init.headers as Record<string, string>)["idempotency-key"]);
      signals.push(init.signal ?? undefined);
      if (keys.length > 1) return Promise.resolve(new Response(JSON.stringify({ accepted: 1, rejected: [] }), { status: 202 }));
      return new Promise<Response>((_, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    }) as unknown as typeof fetch;
    const flux = createFlux({ ...base, fetch: hanging, requestTimeoutMs: 2_000, flushIntervalMs: 60_000 });
    flux.gauge("g", 1);
    const done = flux.flush();
    await vi.advanceTimersByTimeAsync(1_900);
    expect(keys).toHaveLength(1);
    expect(flux.stats().buffered).toBe(1); // in flight, still counted
    await vi.advanceTimersByTimeAsync(5_000);
    await done;
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(signals[0]?.aborted).toBe(true);
    expect(flux.stats()).toEqual({ buffered: 0, dropped: 0, sent: 1 });
  });
});

describe("what the SDK gives up on", () => {
  it("reports buffer overflow, refused batches, rejected items and unserialisable items to onDrop, and counts them", async () => {
    const drops: FluxDrop[] = [];
    const answers = [
      () => new Response(JSON.stringify({ error: { code: "unauthorized", message: "revoked" } }), { status: 401 }),
      () => new Response(JSON.stringify({ accepted: 1, rejected: [{ index: 1, kind: "metric", field: "metrics[1].value", message: "must be finite" }] }), { status: 202 }),
      () => new Response(JSON.stringify({ accepted: 2, rejected: [] }), { status: 202 }),
    ];
    const bodies: Body[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(String(init.body)));
      return answers.shift()!();
    }) as unknown as typeof globalThis.fetch;
    const flux = createFlux({ ...base, fetch, flushIntervalMs: 60_000, flushAt: 1000, maxBufferSize: 3, onDrop: (d) => drops.push(d) });

    flux.gauge("oldest", 1);
    flux.gauge("refused", 2);
    flux.gauge("refused", 3);
    flux.gauge("refused", 4); // overflows the buffer of 3: "oldest" goes
    expect(drops.map((d) => [d.reason, d.metrics.map((m) => m.name)])).toEqual([["buffer_full", ["oldest"]]]);
    await flux.flush(); // 401: all three go
    expect(drops[1]).toMatchObject({ reason: "refused", detail: expect.stringContaining("HTTP 401") });
    expect(drops[1].metrics.map((m) => m.value)).toEqual([2, 3, 4]);

    flux.gauge("fine", 4);
    flux.gauge("bad", 5);
    await flux.flush(); // 202 with metrics[1] rejected
    expect(drops[2]).toMatchObject({ reason: "rejected", detail: "metrics[1].value: must be finite" });
    expect(drops[2].metrics.map((m) => m.name)).toEqual(["bad"]);

    flux.track("cyclic", { big: 10n as unknown as number });
    flux.track("fine");
    flux.gauge("fine", 6);
    await flux.flush(); // the BigInt cannot be sent; the two others must be
    expect(drops[3]).toMatchObject({ reason: "unserializable" });
    expect(drops[3].events.map((e) => e.name)).toEqual(["cyclic"]);
    expect(bodies[2]).toMatchObject({ events: [{ name: "fine" }], metrics: [{ name: "fine", value: 6 }] });

    expect(flux.stats()).toEqual({ buffered: 0, dropped: 6, sent: 3 });
  });

  it("logs and survives an onDrop that throws", async () => {
    const logger = vi.fn();
    const ok = (async () => new Response(JSON.stringify({ accepted: 1, rejected: [] }), { status: 202 })) as unknown as typeof fetch;
    const flux = createFlux({ ...base, logger, fetch: ok, maxBufferSize: 1, flushAt: 1000, flushIntervalMs: 60_000, onDrop: () => { throw new Error("full disk"); } });
    flux.gauge("a", 1);
    expect(() => flux.gauge("b", 2)).not.toThrow();
    expect(flux.stats()).toMatchObject({ buffered: 1, dropped: 1 });
    expect(logger).toHaveBeenCalledWith("error", "[flux] onDrop failed", expect.any(Error));
    await flux.shutdown();
    expect(flux.stats()).toEqual({ buffered: 0, dropped: 1, sent: 1 });
  });
});
