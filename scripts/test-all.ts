// npm test – unit tests, then one PostgreSQL and one production build of Flux shared by the
// integration tests (Vitest), the latency-under-load tests (Vitest project `load`, alone on the
// app) and the end-to-end tests (Playwright in headless Chromium).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startTestStack } from "./lib/test-stack";
import { findChromium } from "./lib/chromium";

type Stage = "unit" | "int" | "load" | "e2e";
const onlyIndex = process.argv.indexOf("--only");
const stages: Stage[] = onlyIndex > 0 ? [process.argv[onlyIndex + 1] as Stage] : ["unit", "int", "load", "e2e"];
// `npm run test:e2e -- e2e/account.spec.ts` passes file filters on to the one runner asked for.
const dashDash = process.argv.indexOf("--");
const passThrough = onlyIndex > 0 && dashDash > 0 ? process.argv.slice(dashDash + 1) : [];
const resultsDir = path.resolve(".flux/results");
fs.mkdirSync(resultsDir, { recursive: true });
process.env.TZ = "UTC";

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedStage = false;

function run(stage: Stage, command: string[], env: Record<string, string | undefined> = {}): void {
  console.log(`\n▶ ${stage}: ${command.join(" ")}\n`);
  const result = spawnSync(command[0], command.slice(1), { stdio: "inherit", env: { ...process.env, ...env } });
  const counts = readCounts(stage);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (result.status !== 0) {
    failedStage = true;
    if (counts.failed === 0) totals.failed += 1; // the runner itself failed
  }
}

function readCounts(stage: Stage): { passed: number; failed: number; skipped: number } {
  const file = path.join(resultsDir, `${stage}.json`);
  if (!fs.existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  if (stage === "e2e") {
    const s = report.stats ?? {};
    return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
  }
  return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0, skipped: report.numPendingTests ?? 0 };
}

const vitest = (project: string) => [
  process.execPath, "node_modules/vitest/vitest.mjs", "run", "--project", project,
  "--reporter=default", "--reporter=json", `--outputFile=${path.join(resultsDir, `${project}.json`)}`, ...passThrough,
];

for (const f of fs.readdirSync(resultsDir)) fs.rmSync(path.join(resultsDir, f));
if (stages.includes("unit")) run("unit", vitest("unit"));

if (stages.some((s) => s !== "unit")) {
  const chromium = stages.includes("e2e") ? findChromium() : undefined;
  const stack = await startTestStack({ app: true, name: "all" });
  const env = { FLUX_TEST_DATABASE_URL: stack.databaseUrl, FLUX_TEST_BASE_URL: stack.baseUrl, DATABASE_URL: stack.databaseUrl };
  try {
    if (stages.includes("int")) run("int", vitest("int"), env);
    if (stages.includes("load")) run("load", vitest("load"), env);
    if (stages.includes("e2e")) {
      run("e2e", [process.execPath, "node_modules/@playwright/test/cli.js", "test", ...passThrough], { ...env, FLUX_CHROMIUM: chromium });
    }
  } finally {
    await stack.stop();
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(failedStage ? 1 : 0);
