// npm run bench:outage – nothing acknowledged is lost, nothing doubled, when PostgreSQL stops
// for 10 s and the app is SIGKILLed mid-run. Drives the TypeScript SDK (from source) at a
// steady rate with Idempotency-Keys against a production build on a fixed port.
//   --clients 4  --points 300  --events 100  --warmup 5  --down 10  --recovery 8  --after 8  --drain 120
// Exits 1 on any mismatch between what the SDK was asked to send and what is stored.
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { failures, runOutageScenario, type OutageReport } from "./lib/outage-scenario";
import { startOutageStack } from "./lib/outage-stack";

const { values: flags } = parseArgs({
  options: {
    clients: { type: "string", default: "4" },
    points: { type: "string", default: "300" },
    events: { type: "string", default: "100" },
    warmup: { type: "string", default: "5" },
    down: { type: "string", default: "10" },
    recovery: { type: "string", default: "8" },
    after: { type: "string", default: "8" },
    drain: { type: "string", default: "120" },
  },
});
const seconds = (s: string | undefined) => Number(s) * 1000;

process.env.FLUX_DIST_DIR ??= ".next-test-outage";
const distDir = process.env.FLUX_DIST_DIR;
console.log(`Starting PostgreSQL (fsync on) and a production build of Flux (FLUX_DIST_DIR=${distDir})…`);
const stack = await startOutageStack({ name: "bench", distDir, build: true, durable: true });
let report: OutageReport;
try {
  console.log(`Flux at ${stack.baseUrl}, app pid ${stack.appPid()}; ${flags.clients} SDK clients, ${flags.points} points/s + ${flags.events} events/s\n`);
  report = await runOutageScenario(stack, {
    clients: Number(flags.clients),
    pointsPerSecond: Number(flags.points),
    eventsPerSecond: Number(flags.events),
    warmupMs: seconds(flags.warmup),
    databaseDownMs: seconds(flags.down),
    recoveryMs: seconds(flags.recovery),
    afterRestartMs: seconds(flags.after),
    drainTimeoutMs: seconds(flags.drain),
    log: (line) => console.log(line),
  });
} finally {
  await stack.stop();
}

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");
console.log("\n| metric / event | kind | sent | stored | sent sum | stored sum | missing | doubled |");
console.log("|---|---|---|---|---|---|---|---|");
for (const c of report.counts) {
  console.log(`| ${c.name} | ${c.kind} | ${fmt(c.sent.count)} | ${fmt(c.stored.count)} | ${c.sent.sum ?? "–"} | ${c.stored.sum ?? "–"} | ${c.missing} | ${c.doubled} |`);
}
const total = report.counts.reduce((t, c) => ({ sent: t.sent + c.sent.count, stored: t.stored + c.stored.count }), { sent: 0, stored: 0 });
console.log(`\nTotal: sent ${fmt(total.sent)}, stored ${fmt(total.stored)} (points and events)`);
console.log(`PostgreSQL down ${(report.databaseDownMs / 1000).toFixed(1)} s; app down ${(report.appDownMs / 1000).toFixed(1)} s (SIGKILL → answering again)`);
console.log(`Delivery delay (SDK call → row committed): p50 ${fmt(report.delays.p50)} ms, p99 ${fmt(report.delays.p99)} ms, max ${fmt(report.delays.max)} ms`);
for (const p of report.delays.maxByPhase) console.log(`  called during "${p.phase}": ${fmt(p.items)} items, max ${fmt(p.max)} ms`);
const h = report.http;
console.log(`HTTP attempts ${h.attempts} for ${h.batches} batches: ${h.retries} retries (at most ${h.maxRetriesOfOneBatch} for one batch); statuses ${JSON.stringify(h.statuses)}; network errors ${JSON.stringify(h.networkErrors)}`);
console.log(`503s ${h.statuses["503"] ?? 0} (${h.unavailableWithoutRetryAfter} without Retry-After); other 5xx ${h.serverErrors}; idempotent replays ${h.replays} (${h.replayedAfterLostAnswer} of a batch stored whose answer was lost, ${h.replayedAfter503} after a 503)`);
console.log(`Kill: ${report.kill.byCommit ? "SIGKILL the moment PostgreSQL acknowledged a COMMIT (held back from the app)" : "no COMMIT within 3 s: killed anyway"}; ${report.kill.inFlight} attempt(s) in flight, ${report.http.storedUnansweredAtKill} of them stored and unanswered, answered later from the stored result`);
console.log(`Answer time per attempt: median ${fmt(h.medianAnswerMs)} ms, slowest ${fmt(h.slowestAnswerMs)} ms`);
console.log(`503 causes logged by the app: ${JSON.stringify(report.app.unavailable)}`);
console.log(`SDK clients: ${JSON.stringify(report.sdk)}; onDrop items ${report.drops}`);
console.log(`Machine: ${os.cpus().length} vCPU, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);

fs.mkdirSync("bench/out", { recursive: true });
const out = `bench/out/outage-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
fs.writeFileSync(out, JSON.stringify(report, null, 1));
console.log(`Every HTTP attempt and phase: ${out}`);

const failed = failures(report);
if (failed.length > 0) {
  console.error(`\nFAILED:\n  ${failed.join("\n  ")}`);
  process.exit(1);
}
console.log("\nOK: every point and event the SDK was asked to send is stored exactly once.");
process.exit(0);
