// npm run bench:query – dashboard widgets over 30 days of points and events, each answered by
// runQuery in-process twice in the same run: from raw rows only, and from the tier the engine
// chooses (rollups plus the raw tail); prints p50/p95 of both and the ratio (warm).
//   --points 50000000  --series 1000  --events 2000000  --runs 20  --raw-runs 3  --timescale
import { parseArgs } from "node:util";
import { loadBenchData, startBenchStack } from "./lib/bench-data";

const { values: flags } = parseArgs({
  options: {
    points: { type: "string", default: "50000000" },
    series: { type: "string", default: "1000" },
    events: { type: "string", default: "2000000" },
    runs: { type: "string", default: "20" },
    "raw-runs": { type: "string", default: "3" },
    timescale: { type: "boolean", default: false },
  },
});
const RUNS = Number(flags.runs);
const RAW_RUNS = Number(flags["raw-runs"]);

const stack = await startBenchStack({ name: "bench-query", timescale: flags.timescale });
const { closeDb } = await import("../lib/db/client");
const { runQuery } = await import("../lib/query/run-query");
const { refreshRollups } = await import("../lib/storage/rollups/refresh-rollups");

const data = await loadBenchData({ points: Number(flags.points), series: Number(flags.series), events: Number(flags.events) });
const t0 = performance.now();
await refreshRollups({});
console.log(`Rolled up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// Relative ranges end now, so every widget also reads the raw tail not rolled up yet.
const widgets: Record<string, object> = {
  "counter sum, auto interval": { source: "metric", name: "api.calls", aggregation: "sum", range: "30d" },
  "counter rate by endpoint, top 10": { source: "metric", name: "api.calls", aggregation: "rate", groupBy: ["endpoint"], range: "30d", interval: "1d" },
  "gauge last by host": { source: "metric", name: "cpu", aggregation: "last", groupBy: ["host"], range: "30d", interval: "6h" },
  "distribution p95 per day, Berlin": { source: "metric", name: "api.latency", aggregation: "p95", range: "30d", interval: "1d", timezone: "Europe/Berlin" },
  "events unique users, compare": { source: "event", name: "page.view", aggregation: "unique_users", range: "30d", interval: "1d", compare: "previous_period" },
  "formula conversion": { queries: { a: { source: "event", name: "order.completed", aggregation: "count" }, b: { source: "event", name: "page.view", aggregation: "count" } }, formula: "a / b * 100", range: "30d", interval: "1d" },
  "events unique users by plan (property: raw only)": { source: "event", name: "page.view", aggregation: "unique_users", groupBy: ["plan"], range: "30d", interval: "1d" },
};

async function time(input: object, tiers: "raw" | "auto", runs: number): Promise<{ p50: number; p95: number; tier: string }> {
  let tier = "";
  const one = async () => {
    const result = (await runQuery({ ctx: data.ctx, input, tiers })) as { tier?: string; results?: Record<string, { tier: string }> };
    tier = result.tier ?? Object.values(result.results ?? {})[0]?.tier ?? "";
  };
  await one();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await one();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: pct(0.5), p95: pct(0.95), tier };
}

console.log(`\n${"widget".padEnd(50)} ${"tier".padEnd(5)} ${"p50".padStart(8)} ${"p95".padStart(8)}   raw p50 / p95      p95 ratio`);
for (const [label, input] of Object.entries(widgets)) {
  const tiered = await time(input, "auto", RUNS);
  const raw = await time(input, "raw", RAW_RUNS);
  const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(8);
  console.log(`${label.padEnd(50)} ${tiered.tier.padEnd(5)} ${ms(tiered.p50)} ${ms(tiered.p95)}   ${ms(raw.p50)} / ${ms(raw.p95)}   ${(raw.p95 / tiered.p95).toFixed(1)}x`);
}

await closeDb();
await stack.stop();
