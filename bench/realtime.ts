// npm run bench:realtime – ingest-to-render latency of live dashboards (built-in transport:
// SSE + PostgreSQL LISTEN/NOTIFY) in headless Chromium, with 1 and with 50 open dashboards,
// against a 5 s auto-refresh measured the same way in the same run; and the CPU the fan-out
// costs. Its own throwaway stack (embedded PostgreSQL, production build in FLUX_DIST_DIR,
// default .next-bench-realtime).
//   --updates 100  --browser-updates 10  --baseline-updates 20  --poll 5  --pages 50
//   --cpu-rate 20  --cpu-seconds 10  --cpu-points 10
// Latency = Date.now() in the page when the number widget shows the new total (and the next
// animation frame) − Date.now() in this process just before the ingest POST: one clock.
// 50 dashboards are measured twice: 1 Chromium page + 49 headless dashboards that send the
// page's own requests (the server's load of 50 viewers, the cores not taken by 50 renderers),
// and 50 Chromium pages (--browser-updates, fewer: each update redraws 50 pages on 2 cores;
// 0 skips them). About 15 minutes on 2 cores with the defaults, 9 with --browser-updates 0.
import fs from "node:fs";
import os from "node:os";
import { execSync } from "node:child_process";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { findChromium } from "../scripts/lib/chromium";
import { createBoard, OrdersLedger, signIn, Viewers } from "./lib/realtime-board";
import { openHeadlessDashboards, widgetsFromBodies } from "./lib/realtime-clients";
import { cpuSince, cpuSnapshot, describeTree } from "./lib/realtime-cpu";
import { measureUpdates, openStreams, steadyIngest, summarize, waitAll, type Sample, type Watchers } from "./lib/realtime-load";
import { printCpu, printLatency, type ConfigCpu, type CpuRow, type LatencyRow } from "./lib/realtime-report";
import { startRealtimeStack } from "./lib/realtime-stack";

const { values: flags } = parseArgs({
  options: {
    updates: { type: "string", default: "100" },
    "browser-updates": { type: "string", default: "10" },
    "baseline-updates": { type: "string", default: "20" },
    poll: { type: "string", default: "5" },
    pages: { type: "string", default: "50" },
    "cpu-rate": { type: "string", default: "20" },
    "cpu-seconds": { type: "string", default: "10" },
    "cpu-points": { type: "string", default: "10" },
  },
});
const POLL_S = Number(flags.poll);
const PAGES = Number(flags.pages);
const LIVE_GAP: [number, number] = [300, 500];
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(" ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(line);
const startedAt = new Date();
const loadBefore = load();

process.env.FLUX_DIST_DIR ??= ".next-bench-realtime";
console.log(`Starting PostgreSQL and a production build of Flux (FLUX_DIST_DIR=${process.env.FLUX_DIST_DIR})…`);
const stack = await startRealtimeStack({ name: "bench-realtime" });
const pids = { app: stack.appPid, postgres: stack.postgresPid };
console.log(`Flux at ${stack.baseUrl} (processes: ${describeTree(stack.appPid)}), PostgreSQL pid ${stack.postgresPid}`);
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

const latency: LatencyRow[] = [];
const perUpdate: ConfigCpu[] = [];
const cpuRows: CpuRow[] = [];
const samples: Sample[] = [];
let failures = 0;

try {
  const board = await createBoard(stack.baseUrl, stack.apiKey, POLL_S);
  const ledger = new OrdersLedger(board);
  await ledger.send([1]);
  const state = await signIn(browser, stack.baseUrl, stack.email, stack.password);
  const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium ${browser.version()}, ${startedAt.toISOString()}, load average ${loadBefore}`);

  const measure = async (label: string, groups: Record<string, Watchers>, updates: number, options: { live: boolean; gapMs: [number, number]; timeoutMs: number }) => {
    const count = Object.values(groups).reduce((t, g) => t + g.count, 0);
    console.log(`${label}: ${updates} updates on ${count} dashboard(s) (load average ${load()})`);
    const before = cpuSnapshot(pids);
    const result = await measureUpdates({ ledger, groups, updates, gapMs: options.gapMs, timeoutMs: options.timeoutMs, log });
    perUpdate.push({ label, updates, cpu: cpuSince(before, cpuSnapshot(pids)) });
    samples.push(...result.samples.map((s) => ({ ...s, group: `${label}: ${s.group}` })));
    const missed = result.missed.reduce((t, m) => t + m.dashboards, 0);
    failures += missed + result.failedSends;
    if (missed) console.log(`  NOT SHOWN within ${options.timeoutMs} ms: ${JSON.stringify(result.missed)}`);
    for (const [group, watchers] of Object.entries(groups)) {
      const mine = result.samples.filter((s) => s.group === group);
      latency.push({
        label: Object.keys(groups).length > 1 ? `${label}: ${group}` : label, updates, dashboards: watchers.count, live: options.live,
        missed: (updates - result.failedSends) * watchers.count - mine.length,
        frame: summarize(mine.map((s) => s.frameMs)), dom: summarize(mine.map((s) => s.domMs)),
      });
    }
  };

  // Steady ingest. One more bare stream counts the messages published.
  const counter = await openStreams({ baseUrl: board.baseUrl, key: board.key, projectId: board.projectId, count: 1 });
  const cpuRun = async (label: string, dashboards: number, groups: Record<string, Watchers>, queries: () => number) => {
    await sleep(2000);
    console.log(`${label}: ${flags["cpu-rate"]} batches/s of ${flags["cpu-points"]} points for ${flags["cpu-seconds"]} s (load average ${load()})`);
    const m0 = counter.changes();
    const q0 = queries();
    const before = cpuSnapshot(pids);
    const t0 = performance.now();
    const run = await steadyIngest({ ledger, rate: Number(flags["cpu-rate"]), seconds: Number(flags["cpu-seconds"]), points: Number(flags["cpu-points"]) });
    // The window ends once every dashboard shows the final total (the trailing message and the refetches it set off), plus 1 s.
    const final = String(ledger.total);
    const shownOk = await waitAll(groups, final, 60_000);
    if (!shownOk) failures++;
    const shown = Object.values(groups).reduce((t, g) => t + g.renders.filter((r) => r.has(final)).length, 0);
    await sleep(1000);
    const published = counter.changes() - m0;
    cpuRows.push({
      label, dashboards, batches: run.batches, accepted: run.accepted, seconds: (performance.now() - t0) / 1000, published,
      deliveries: published * dashboards, queryRequests: queries() - q0, cpu: cpuSince(before, cpuSnapshot(pids)),
      finalShown: Object.keys(groups).length ? `${shown}/${dashboards}` : "–", ingestAnswer: run.answerMs,
    });
    failures += run.batches - run.accepted;
  };
  // Warms the ingest path (JIT, plans, pools) before anything is measured.
  await steadyIngest({ ledger, rate: Number(flags["cpu-rate"]), seconds: 3, points: Number(flags["cpu-points"]) });
  await cpuRun("0 dashboards", 0, {}, () => 0);
  const streams = await openStreams({ baseUrl: board.baseUrl, key: board.key, projectId: board.projectId, count: PAGES });
  await cpuRun(`${PAGES} bare SSE streams (no refetch)`, PAGES, {}, () => 0);
  streams.close();

  // 1 live dashboard. A few updates first warm the query path.
  let viewers = await Viewers.open(browser, { state, url: board.liveUrl, count: 1 });
  await measureUpdates({ ledger, groups: { chromium: viewers }, updates: 5, gapMs: LIVE_GAP, timeoutMs: 10_000 });
  await measure("live, 1 dashboard", { Chromium: viewers }, Number(flags.updates), { live: true, gapMs: LIVE_GAP, timeoutMs: 10_000 });
  const widgets = widgetsFromBodies(viewers.queryBodies);
  await viewers.close();

  // Baseline: the same widgets, the live connection aborted, auto-refresh every POLL_S seconds.
  const polling = await Viewers.open(browser, { state, url: board.pollUrl, count: 1, blockLive: true });
  await waitAll({ polling }, String(ledger.total), POLL_S * 3000);
  await measure(`auto-refresh every ${POLL_S} s, live off, 1 dashboard`, { Chromium: polling }, Number(flags["baseline-updates"]), {
    live: false, gapMs: [0, POLL_S * 1000], timeoutMs: POLL_S * 3000,
  });
  await polling.close();

  // PAGES dashboards: a Chromium page + PAGES − 1 headless ones sending the page's requests.
  viewers = await Viewers.open(browser, { state, url: board.liveUrl, count: 1 });
  const headless = await openHeadlessDashboards({ baseUrl: board.baseUrl, projectId: board.projectId, cookie, widgets, count: PAGES - 1 });
  const mixed = { Chromium: viewers, headless };
  await measureUpdates({ ledger, groups: mixed, updates: 3, gapMs: LIVE_GAP, timeoutMs: 20_000 });
  await measure(`live, ${PAGES} dashboards (1 Chromium + ${PAGES - 1} headless)`, mixed, Number(flags.updates), { live: true, gapMs: LIVE_GAP, timeoutMs: 20_000 });
  await cpuRun(`${PAGES} dashboards (1 Chromium + ${PAGES - 1} headless)`, PAGES, mixed, () => viewers.queryRequests + headless.queries());
  headless.close();
  const errors = headless.errors();
  if (errors.length) {
    failures += errors.length;
    console.log(`  headless dashboards: ${errors.length} widget queries failed, e.g. ${errors[0]}`);
  }
  await viewers.close();

  // PAGES dashboards in Chromium, one browser context (viewer) each (--browser-updates 0 skips it).
  if (Number(flags["browser-updates"]) > 0) {
    console.log(`Opening ${PAGES} dashboards in Chromium…`);
    const t0 = performance.now();
    viewers = await Viewers.open(browser, { state, url: board.liveUrl, count: PAGES, concurrency: 4, log });
    console.log(`  all live in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await measureUpdates({ ledger, groups: { Chromium: viewers }, updates: 2, gapMs: LIVE_GAP, timeoutMs: 30_000 });
    await measure(`live, ${PAGES} dashboards in Chromium`, { Chromium: viewers }, Number(flags["browser-updates"]), { live: true, gapMs: LIVE_GAP, timeoutMs: 30_000 });
    await cpuRun(`${PAGES} dashboards in Chromium`, PAGES, { Chromium: viewers }, () => viewers.queryRequests);
    console.log(`  live states at the end: ${JSON.stringify(await viewers.liveStates())}`);
    await viewers.close();
  }
  counter.close();
} finally {
  await browser.close().catch(() => {});
  await stack.stop();
}

printLatency(latency, perUpdate);
printCpu(cpuRows);
console.log(`\nMachine: ${os.cpus().length} vCPU shared by Chromium, Flux, PostgreSQL and this bench; load average before ${loadBefore}, after ${load()}; ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min`);
try {
  console.log(execSync("uptime").toString().trim());
} catch {
  // informational only
}
fs.mkdirSync("bench/out", { recursive: true });
const out = `bench/out/realtime-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`;
fs.writeFileSync(out, JSON.stringify({ flags, startedAt, loadBefore, loadAfter: load(), latency, perUpdate, cpu: cpuRows, samples }, null, 1));
console.log(`Every sample: ${out}`);
if (failures) console.error(`\nFAILED: ${failures} update(s) not shown in time, batch(es) refused, or final total(s) not shown`);
process.exit(failures ? 1 : 0);
