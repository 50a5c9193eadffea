// npm run bench:realtime – ingest-to-render latency of live dashboards (built-in transport:
// SSE + PostgreSQL LISTEN/NOTIFY) in headless Chromium, with 1 and with 50 open dashboards,
// against a 5 s auto-refresh measured the same way in the same run; and the server CPU the
// fan-out costs under a steady ingest load with 0 dashboards, 50 bare SSE streams and 50
// dashboards. Its own throwaway stack (embedded PostgreSQL, production build in
// FLUX_DIST_DIR, default .next-bench-realtime).
//   --updates 100  --baseline-updates 20  --poll 5  --pages 50  --cpu-rate 20  --cpu-seconds 20  --cpu-points 10
// Latency = Date.now() in the page when the number widget shows the new total (and the next
// animation frame) − Date.now() in this process just before the ingest POST: one clock.
import fs from "node:fs";
import os from "node:os";
import { execSync } from "node:child_process";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { findChromium } from "../scripts/lib/chromium";
import { createBoard, OrdersLedger, signIn, Viewers } from "./lib/realtime-board";
import { cpuSince, cpuSnapshot, describeTree, type CpuGroups } from "./lib/realtime-cpu";
import { measureUpdates, openStreams, steadyIngest, summarize, type Sample, type Summary } from "./lib/realtime-load";
import { startRealtimeStack } from "./lib/realtime-stack";

const { values: flags } = parseArgs({
  options: {
    updates: { type: "string", default: "100" },
    "baseline-updates": { type: "string", default: "20" },
    poll: { type: "string", default: "5" },
    pages: { type: "string", default: "50" },
    "cpu-rate": { type: "string", default: "20" },
    "cpu-seconds": { type: "string", default: "20" },
    "cpu-points": { type: "string", default: "10" },
  },
});
const UPDATES = Number(flags.updates);
const POLL_S = Number(flags.poll);
const PAGES = Number(flags.pages);
const TARGET_MS = 1000;
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(" ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(line);
const startedAt = new Date();
const loadBefore = load();

process.env.FLUX_DIST_DIR ??= ".next-bench-realtime";
console.log(`Starting PostgreSQL and a production build of Flux (FLUX_DIST_DIR=${process.env.FLUX_DIST_DIR})…`);
const stack = await startRealtimeStack({ name: "bench-realtime", distDir: process.env.FLUX_DIST_DIR });
const pids = { app: stack.appPid, postgres: stack.postgresPid };
console.log(`Flux at ${stack.baseUrl} (processes: ${describeTree(stack.appPid)}), PostgreSQL pid ${stack.postgresPid}`);
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

interface LatencyResult { label: string; pages: number; updates: number; dom: Summary; frame: Summary; missed: number; failedSends: number }
interface CpuResult {
  label: string; subscribers: number; batches: number; accepted: number; seconds: number; published: number; deliveries: number;
  queryRequests: number; cpu: CpuGroups; finalShownOn: string; ingestAnswer: Summary;
}
const latency: LatencyResult[] = [];
const cpu: CpuResult[] = [];
const raw: Record<string, Sample[]> = {};
let exitCode = 0;

try {
  const board = await createBoard(stack.baseUrl, stack.apiKey, POLL_S);
  const ledger = new OrdersLedger(board);
  await ledger.send([1]);
  const state = await signIn(browser, stack.baseUrl, stack.email, stack.password);
  console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${browser.version()}, ${startedAt.toISOString()}, load average ${loadBefore}`);

  const measure = async (label: string, viewers: Viewers, updates: number, gapMs: [number, number], timeoutMs: number) => {
    console.log(`${label}: ${updates} updates on ${viewers.count} page(s) (load average ${load()})`);
    const result = await measureUpdates({ ledger, viewers, updates, gapMs, timeoutMs, log });
    raw[label] = result.samples;
    const missed = result.missed.reduce((t, m) => t + m.pages, 0);
    latency.push({
      label, pages: viewers.count, updates, missed, failedSends: result.failedSends,
      dom: summarize(result.samples.map((s) => s.domMs)), frame: summarize(result.samples.map((s) => s.frameMs)),
    });
    if (missed) console.log(`  MISSED: ${JSON.stringify(result.missed)}`);
  };

  // 1 live dashboard. A few updates first warm the query path (JIT, plans, pools).
  let viewers = await Viewers.open(browser, { state, url: board.liveUrl, count: 1 });
  await measureUpdates({ ledger, viewers, updates: 5, gapMs: [300, 500], timeoutMs: 10_000 });
  await measure("live, 1 dashboard", viewers, UPDATES, [300, 500], 10_000);

  // Baseline: the same widgets, the live connection aborted, auto-refresh every POLL_S seconds.
  const polling = await Viewers.open(browser, { state, url: board.pollUrl, count: 1, blockLive: true });
  await polling.waitAll(String(ledger.total), POLL_S * 3000);
  await measure(`auto-refresh every ${POLL_S} s, 1 dashboard`, polling, Number(flags["baseline-updates"]), [0, POLL_S * 1000], POLL_S * 3000);
  await polling.close();
  await viewers.close();

  // CPU under a steady ingest load. One bare stream counts the messages published.
  const counter = await openStreams({ baseUrl: board.baseUrl, key: board.key, projectId: board.projectId, count: 1 });
  const cpuRun = async (label: string, subscribers: number, dashboards?: Viewers) => {
    await sleep(2000);
    console.log(`${label}: ${flags["cpu-rate"]} batches/s of ${flags["cpu-points"]} points for ${flags["cpu-seconds"]} s (load average ${load()})`);
    const m0 = counter.changes();
    const q0 = dashboards?.queryRequests ?? 0;
    const before = cpuSnapshot(pids);
    const t0 = performance.now();
    const run = await steadyIngest({ ledger, rate: Number(flags["cpu-rate"]), seconds: Number(flags["cpu-seconds"]), points: Number(flags["cpu-points"]) });
    // The window ends once every dashboard shows the final total (the trailing message and the refetches it set off), plus 1 s.
    let finalShownOn = "–";
    if (dashboards) {
      await dashboards.waitAll(String(ledger.total), 60_000);
      finalShownOn = `${dashboards.rendered(String(ledger.total))}/${dashboards.count}`;
    }
    await sleep(1000);
    const used = cpuSince(before, cpuSnapshot(pids));
    const published = counter.changes() - m0;
    cpu.push({
      label, subscribers, batches: run.batches, accepted: run.accepted, seconds: (performance.now() - t0) / 1000, published,
      deliveries: published * subscribers, queryRequests: (dashboards?.queryRequests ?? 0) - q0, cpu: used, finalShownOn, ingestAnswer: run.answerMs,
    });
  };
  await cpuRun("CPU, 0 dashboards", 0);
  const streams = await openStreams({ baseUrl: board.baseUrl, key: board.key, projectId: board.projectId, count: PAGES });
  await cpuRun(`CPU, ${PAGES} bare SSE streams`, PAGES);
  streams.close();

  // PAGES live dashboards, one browser context (viewer) each.
  console.log(`Opening ${PAGES} dashboards…`);
  const t0 = performance.now();
  viewers = await Viewers.open(browser, { state, url: board.liveUrl, count: PAGES, concurrency: 4, log });
  console.log(`  all live in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await measureUpdates({ ledger, viewers, updates: 3, gapMs: [300, 500], timeoutMs: 20_000 });
  await measure(`live, ${PAGES} dashboards`, viewers, UPDATES, [300, 500], 20_000);
  await cpuRun(`CPU, ${PAGES} dashboards`, PAGES, viewers);
  console.log(`  live states at the end: ${JSON.stringify(await viewers.liveStates())}`);
  await viewers.close();
  counter.close();
} finally {
  await browser.close().catch(() => {});
  await stack.stop();
}

// Report.
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n).toLocaleString("en-US")} ms` : "–");
console.log(`\n| configuration | samples (updates × pages) | p50 | p95 | p99 | max | not shown in time |`);
console.log(`|---|---|---|---|---|---|---|`);
for (const l of latency) {
  console.log(`| ${l.label} | ${l.frame.n} (${l.updates} × ${l.pages}) | ${ms(l.frame.p50)} | **${ms(l.frame.p95)}** | ${ms(l.frame.p99)} | ${ms(l.frame.max)} | ${l.missed} |`);
}
console.log(`(send → next animation frame after the number shows the new total; to the DOM change alone: ${latency.map((l) => `${l.label} p50 ${ms(l.dom.p50)} / p95 ${ms(l.dom.p95)}`).join("; ")})`);
const baseline = latency.find((l) => l.label.startsWith("auto-refresh"));
for (const l of latency.filter((x) => x !== baseline)) {
  const ratio = baseline ? l.frame.p95 / baseline.frame.p95 : NaN;
  console.log(`p95 ${l.label} / p95 ${baseline?.label}: ${ratio.toFixed(3)} (${(1 / ratio).toFixed(1)}× faster); target p95 < ${TARGET_MS} ms: ${l.frame.p95 < TARGET_MS && l.missed === 0 ? "met" : "MISSED"}`);
  if (!(l.frame.p95 < TARGET_MS) || l.missed > 0 || l.failedSends > 0) exitCode = 1;
}

const zero = cpu[0];
const perBatch = (c: CpuResult, v: number) => v / Math.max(1, c.accepted);
console.log(`\n| scenario | batches accepted | messages published | deliveries | widget queries | app CPU | PostgreSQL CPU | app+PG per batch | vs 0 dashboards | extra app+PG per delivery | per widget query | browser CPU | final total shown | ingest answer p50 / p99 |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
for (const c of cpu) {
  const serverMs = c.cpu.app + c.cpu.postgres;
  const zeroMs = zero.cpu.app + zero.cpu.postgres;
  const extraMs = (perBatch(c, serverMs) - perBatch(zero, zeroMs)) * c.accepted;
  const extra = c === zero || c.deliveries === 0 ? "–" : `${(extraMs / c.deliveries).toFixed(2)} ms`;
  const perQuery = c.queryRequests === 0 ? "–" : `${(extraMs / c.queryRequests).toFixed(1)} ms`;
  console.log(
    `| ${c.label} | ${c.accepted}/${c.batches} in ${c.seconds.toFixed(1)} s | ${c.published} | ${c.deliveries} | ${c.queryRequests} | ${ms(c.cpu.app)} | ${ms(c.cpu.postgres)} | ` +
      `${perBatch(c, serverMs).toFixed(2)} ms | ${(perBatch(c, serverMs) / perBatch(zero, zeroMs)).toFixed(2)}× | ${extra} | ${perQuery} | ${ms(c.cpu.browser)} | ${c.finalShownOn} | ${ms(c.ingestAnswer.p50)} / ${ms(c.ingestAnswer.p99)} |`,
  );
}
console.log(`(1 more bare stream counted the messages in every scenario; the bench process itself used ${cpu.map((c) => ms(c.cpu.bench)).join(", ")})`);
console.log(`\nMachine: ${os.cpus().length} vCPU shared by Chromium, Flux, PostgreSQL and this bench; load average before ${loadBefore}, after ${load()}`);
try {
  console.log(execSync("uptime").toString().trim());
} catch {
  // informational only
}
fs.mkdirSync("bench/out", { recursive: true });
const out = `bench/out/realtime-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`;
fs.writeFileSync(out, JSON.stringify({ flags, startedAt, loadBefore, loadAfter: load(), latency, cpu, samples: raw }, null, 1));
console.log(`Every sample: ${out}`);
process.exit(exitCode);
