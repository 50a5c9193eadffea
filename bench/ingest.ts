// npm run bench:ingest – metric points through the HTTP API of a production build versus
// raw COPY into the same `points` table, in one run on one machine.
//   --points 2000000  --batch 5000  --concurrency 2  --series 1000  --copy-streams 1  --rounds 8  --gzip
// The machine may be shared, so COPY and HTTP alternate in rounds (each moving points/rounds
// rows) and both rates come from the totals: background load then falls on both alike.
import os from "node:os";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { startTestStack } from "../scripts/lib/test-stack";

const { values: flags } = parseArgs({
  options: {
    points: { type: "string", default: "2000000" },
    batch: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "2" },
    series: { type: "string", default: "1000" },
    "copy-streams": { type: "string", default: "1" },
    rounds: { type: "string", default: "8" },
    gzip: { type: "boolean", default: false },
  },
});
const TOTAL = Number(flags.points);
const BATCH = Number(flags.batch);
const CONCURRENCY = Number(flags.concurrency);
const SERIES = Number(flags.series);
const COPY_STREAMS = Number(flags["copy-streams"]);
const ROUNDS = Math.max(1, Number(flags.rounds));

process.env.FLUX_DIST_DIR ??= ".next-bench";
console.log(`Starting PostgreSQL and a production build of Flux (FLUX_DIST_DIR=${process.env.FLUX_DIST_DIR})…`);
const stack = await startTestStack({ app: true, name: "bench" });
const db = postgres(stack.databaseUrl, { max: COPY_STREAMS + 2, onnotice: () => {} });

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** One batch body: SERIES series spread over a few metrics and hosts, times in the last hour. */
function makeBody(batchNo: number): string | Uint8Array {
  const now = Date.now();
  const metrics = new Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const s = (batchNo * BATCH + i) % SERIES;
    metrics[i] = {
      type: "gauge",
      name: `bench.metric_${s % 10}`,
      value: Math.round(Math.random() * 1e6) / 100,
      tags: { host: `host-${Math.floor(s / 10)}`, region: s % 2 ? "eu" : "us" },
      timestamp: new Date(now - ((batchNo * BATCH + i) % 3_600_000)).toISOString(),
    };
  }
  const json = JSON.stringify({ metrics });
  return flags.gzip ? new Uint8Array(gzipSync(json)) : json;
}

async function send(body: string | Uint8Array): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${stack.baseUrl}/api/v1/metrics/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json", ...(flags.gzip ? { "content-encoding": "gzip" } : {}) },
    body: body as BodyInit,
  });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  const { accepted } = JSON.parse(text) as { accepted: number };
  if (accepted !== BATCH) throw new Error(`only ${accepted} of ${BATCH} accepted: ${text.slice(0, 300)}`);
  return performance.now() - started;
}

/** Sends pre-built bodies with CONCURRENCY requests in flight; returns seconds and latencies. */
async function httpRun(bodies: (string | Uint8Array)[]) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const i = next++;
        latencies.push(await send(bodies[i]));
        bodies[i] = "";
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/** COPYs `count` rows into points over COPY_STREAMS connections; returns seconds. */
async function copyRun(ids: number[], count: number, offset: number): Promise<number> {
  const perStream = Math.ceil(count / COPY_STREAMS);
  const now = Date.now();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: COPY_STREAMS }, async (_, stream) => {
      const writable = await db`COPY points (series_id, time, value) FROM STDIN`.writable();
      const done = new Promise<void>((resolve, reject) => writable.on("finish", resolve).on("error", reject));
      const CHUNK = 10_000;
      for (let start = 0; start < perStream; start += CHUNK) {
        let chunk = "";
        for (let i = start; i < Math.min(start + CHUNK, perStream); i++) {
          const n = offset + stream * perStream + i;
          chunk += `${ids[n % ids.length]}\t${new Date(now - (n % 3_600_000)).toISOString()}\t${Math.round(Math.random() * 1e6) / 100}\n`;
        }
        if (!writable.write(chunk)) await new Promise((r) => writable.once("drain", r));
      }
      writable.end();
      await done;
    }),
  );
  return (performance.now() - started) / 1000;
}

try {
  // Warm-up creates the series and partitions and warms the app's caches and JIT.
  for (let i = 0; i < Math.max(20, Math.ceil(SERIES / BATCH) + 5); i++) await send(makeBody(i));
  const ids = (await db<{ id: number }[]>`SELECT id FROM series ORDER BY id LIMIT ${SERIES}`).map((r) => r.id);
  const batches = Math.ceil(TOTAL / BATCH);
  console.log(`Preparing ${fmt(batches)} request bodies of ${fmt(BATCH)} points…`);
  const bodies = Array.from({ length: batches }, (_, i) => makeBody(i));
  const perRound = Math.ceil(batches / ROUNDS);
  console.log(`${fmt(TOTAL)} points by HTTP (batches of ${fmt(BATCH)}, concurrency ${CONCURRENCY}${flags.gzip ? ", gzip" : ""}) and by raw COPY (${COPY_STREAMS} stream${COPY_STREAMS > 1 ? "s" : ""}), alternating in ${ROUNDS} rounds…`);
  let copySeconds = 0;
  let copyRows = 0;
  let httpSeconds = 0;
  let httpPoints = 0;
  const latencies: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const slice = bodies.slice(r * perRound, (r + 1) * perRound);
    if (slice.length === 0) break;
    const rows = slice.length * BATCH;
    const c = await copyRun(ids, rows, copyRows);
    const h = await httpRun(slice);
    copySeconds += c;
    copyRows += rows;
    httpSeconds += h.seconds;
    httpPoints += rows;
    latencies.push(...h.latencies);
    console.log(`  round ${r + 1}: COPY ${fmt(rows / c)} rows/s, HTTP ${fmt(rows / h.seconds)} points/s`);
  }
  latencies.sort((a, b) => a - b);
  const copyRate = copyRows / copySeconds;
  const httpRate = httpPoints / httpSeconds;
  const p99 = pct(latencies, 99);
  console.log(`\nCOPY: ${fmt(copyRows)} rows in ${copySeconds.toFixed(1)} s = ${fmt(copyRate)} rows/s`);
  console.log(`HTTP: ${fmt(httpPoints)} points in ${httpSeconds.toFixed(1)} s = ${fmt(httpRate)} points/s`);
  console.log(`HTTP batch latency: p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
  console.log(`Ratio HTTP / COPY: ${(httpRate / copyRate).toFixed(2)} (target ≥ 0.5); p99 ${p99.toFixed(1)} ms (target < 100 ms)`);
  const [{ n }] = await db<{ n: number }[]>`SELECT count(*)::int AS n FROM points`;
  console.log(`points table now holds ${fmt(n)} rows`);
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, ${new Date().toISOString()}`);
} finally {
  await db.end({ timeout: 5 });
  await stack.stop();
}
