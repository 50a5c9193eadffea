import net from "node:net";
import { describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { baseUrl, createTestProject } from "../../tests/fixtures";
import { createFlux } from "../src/index";

/** A TCP proxy in front of the running app that can be stopped, started, or made to lose responses. */
class FlakyProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  /** Connections whose response is swallowed after the app has handled the request. */
  loseResponses = 0;
  constructor(readonly port: number, private readonly target: URL) {}

  static async start(target: string): Promise<FlakyProxy> {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const proxy = new FlakyProxy(port, new URL(target));
    await proxy.up();
    return proxy;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  up(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port), this.target.hostname);
      const lose = this.loseResponses > 0 && this.loseResponses-- > 0;
      this.sockets.add(client).add(upstream);
      client.pipe(upstream);
      upstream.on("data", (chunk) => (lose ? client.destroy() : client.write(chunk)));
      upstream.on("end", () => client.end());
      const close = () => { client.destroy(); upstream.destroy(); };
      client.on("error", close).on("close", close);
      upstream.on("error", close).on("close", close);
    });
    return new Promise((r) => this.server!.listen(this.port, "127.0.0.1", () => r()));
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise((r) => this.server?.close(r));
    this.server = null;
  }
}

async function stored(projectId: string) {
  const [row] = await sql()<{ points: number; events: number; values: number[] }[]>`
    SELECT (SELECT count(*)::int FROM points p JOIN series s ON s.id = p.series_id WHERE s.project_id = ${projectId}) AS points,
           (SELECT count(*)::int FROM events WHERE project_id = ${projectId}) AS events,
           (SELECT coalesce(array_agg(p.value ORDER BY p.value), '{}') FROM points p JOIN series s ON s.id = p.series_id WHERE s.project_id = ${projectId}) AS values`;
  return row;
}

const quiet = { flushOnExit: false, logger: () => {} };

describe("the SDK against a running Flux", () => {
  it("sends a backlog in requests of up to 1,000 items and stores everything exactly once", async () => {
    const p = await createTestProject();
    let requests = 0;
    const countingFetch: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const flux = createFlux({ url: baseUrl(), key: await p.key(["ingest"]), flushAt: 50, fetch: countingFetch, ...quiet });
    for (let i = 0; i < 2400; i++) flux.gauge("sdk.gauge", i, { tags: { shard: String(i % 5) } });
    for (let i = 0; i < 120; i++) flux.track("sdk.event", { user_id: `u${i % 7}`, n: i });
    await flux.flush();
    expect(requests).toBe(Math.ceil(2520 / 1000));
    const row = await stored(p.projectId);
    expect(row).toMatchObject({ points: 2400, events: 120 });
    expect(row.values).toEqual(Array.from({ length: 2400 }, (_, i) => i));
    await flux.shutdown();
  });

  it("retries across a server outage: nothing lost, nothing doubled", async () => {
    const p = await createTestProject();
    const proxy = await FlakyProxy.start(baseUrl());
    const flux = createFlux({ url: proxy.url, key: await p.key(["ingest"]), flushAt: 100, maxRetries: 8, ...quiet });
    try {
      for (let i = 0; i < 100; i++) flux.counter("sdk.counter", i);
      await flux.flush();
      await proxy.down();
      for (let i = 100; i < 300; i++) flux.counter("sdk.counter", i);
      const flushing = flux.flush();
      await new Promise((r) => setTimeout(r, 1500));
      await proxy.up();
      await flushing;
      expect(flux.stats()).toMatchObject({ buffered: 0, dropped: 0, sent: 300 });
      const row = await stored(p.projectId);
      expect(row.points).toBe(300);
      expect(row.values).toEqual(Array.from({ length: 300 }, (_, i) => i));
    } finally {
      await flux.shutdown();
      await proxy.down();
    }
  });

  it("does not double a batch whose response was lost after Flux stored it", async () => {
    const p = await createTestProject();
    const proxy = await FlakyProxy.start(baseUrl());
    let attempts = 0;
    const countingFetch: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const flux = createFlux({ url: proxy.url, key: await p.key(["ingest"]), flushAt: 1000, fetch: countingFetch, ...quiet });
    try {
      proxy.loseResponses = 2;
      for (let i = 0; i < 50; i++) flux.distribution("sdk.latency", i);
      for (let i = 0; i < 10; i++) flux.track("sdk.lost_response", { i });
      await flux.flush();
      expect(attempts).toBe(3);
      expect(flux.stats()).toMatchObject({ buffered: 0, sent: 60 });
      expect(await stored(p.projectId)).toMatchObject({ points: 50, events: 10 });
    } finally {
      await flux.shutdown();
      await proxy.down();
    }
  });
});
