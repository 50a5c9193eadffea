// npm run bench:storage – on either storage path (--timescale for PostgreSQL 15 + TimescaleDB):
//   1. bytes per point raw and compressed (bench/compression-bytes.ts, realistic kinds and a
//      random-values worst case), in a database of its own on the same cluster;
//   2. rollup upkeep: the backfill of --points over 30 days, then the CPU seconds (PostgreSQL
//      backends and this process) one refresh needs for one minute of ingest at --rate points/s.
//   --points 5000000  --series 1000  --rate 100000  --timescale
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { loadBenchData, startBenchStack } from "./lib/bench-data";

const { values: flags } = parseArgs({
  options: {
    points: { type: "string", default: "5000000" },
    series: { type: "string", default: "1000" },
    rate: { type: "string", default: "100000" },
    timescale: { type: "boolean", default: false },
  },
});

const stack = await startBenchStack({ name: "bench-storage", timescale: flags.timescale });
const admin = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
await admin`CREATE DATABASE bench_bytes`;
const bytesUrl = new URL(stack.databaseUrl);
bytesUrl.pathname = "/bench_bytes";
console.log("\n== Bytes per point ==");
spawnSync(process.execPath, ["--import", "tsx", "bench/compression-bytes.ts", "--points", flags.points, "--series", flags.series], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: bytesUrl.toString() },
});

console.log("\n== Rollup upkeep ==");
const { sql, closeDb } = await import("../lib/db/client");
const { refreshRollups } = await import("../lib/storage/rollups/refresh-rollups");
const data = await loadBenchData({ points: Number(flags.points), series: Number(flags.series), events: Math.floor(Number(flags.points) / 20) });
const [{ pid }] = await admin<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'`;
const postmaster = Number(fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);

let measured = await measure(() => refreshRollups({}));
console.log(`Backfill of ${Number(flags.points).toLocaleString("en-US")} points over 30 days: ${measured.wall.toFixed(1)} s wall, ${measured.cpu.toFixed(1)} CPU s (PostgreSQL ${measured.pg.toFixed(1)}, Node ${measured.node.toFixed(1)})`);

// One minute of ingest at the rate, spread over the minute that just ended, on every series.
const rate = Number(flags.rate);
const minuteEnd = Math.floor(Date.now() / 60_000) * 60_000;
const [first, last] = [data.seriesIds.calls[0], data.seriesIds.cpu[1]];
await sql().unsafe(
  `INSERT INTO points (series_id, time, value)
   SELECT $1::int + (g % ($2::int - $1::int + 1)), $3::timestamptz - random() * interval '1 minute', (g % 100)::float8 FROM generate_series(1, $4::int) g`,
  [first, last, new Date(minuteEnd).toISOString(), rate * 60],
);
measured = await measure(() => refreshRollups({ now: minuteEnd + 61_000 }));
console.log(
  `One minute at ${rate.toLocaleString("en-US")} points/s (${(rate * 60).toLocaleString("en-US")} points): ${measured.wall.toFixed(2)} s wall, ` +
    `${measured.cpu.toFixed(2)} CPU s per minute of ingest (PostgreSQL ${measured.pg.toFixed(2)}, Node ${measured.node.toFixed(2)})`,
);

await closeDb();
await admin.end();
await stack.stop();

/** Wall time and CPU seconds of this process and of every PostgreSQL process (live, and reaped children) while `work` runs. */
async function measure(work: () => Promise<unknown>): Promise<{ wall: number; cpu: number; pg: number; node: number }> {
  const before = { pg: postgresCpu(), node: process.cpuUsage(), at: performance.now() };
  await work();
  const node = process.cpuUsage(before.node);
  const pg = postgresCpu() - before.pg;
  const nodeSeconds = (node.user + node.system) / 1e6;
  return { wall: (performance.now() - before.at) / 1000, cpu: pg + nodeSeconds, pg, node: nodeSeconds };
}

function postgresCpu(): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    const ppid = Number(fields[1]);
    const pidNum = Number(entry);
    if (pidNum === postmaster) total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    else if (ppid === postmaster) total += Number(fields[11]) + Number(fields[12]);
  }
  return total / tick;
}
