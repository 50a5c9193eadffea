// npm run bench:detect – every series of the NAB subset in ../shared/anomaly (or $FLUX_NAB_DIR,
// or --data <dir>) through Flux's detector and NAB's windowed-Gaussian baseline, scored with
// NAB's rules (lib/anomaly/nab); prints per category and overall the standard, low-FP and
// low-FN scores, windows found / missed, false alarms per series per week and detection delay.
//   --data <dir>  --series <substring>  --per-series
import os from "node:os";
import { parseArgs } from "node:util";
import { ALARM_SCORE } from "../lib/anomaly/detector";
import { defaultNabDir, loadNabCorpus } from "./lib/nab-corpus";
import { fluxScores, windowedGaussianScores } from "./lib/nab-detectors";
import { evaluate, type Evaluation } from "./lib/nab-evaluate";

const { values: flags } = parseArgs({
  options: {
    data: { type: "string" },
    series: { type: "string" },
    "per-series": { type: "boolean", default: false },
  },
});

const corpus = loadNabCorpus(flags.data ?? defaultNabDir());
if (flags.series) corpus.series = corpus.series.filter((s) => s.file.includes(flags.series as string));
const rows = corpus.series.reduce((n, s) => n + s.values.length, 0);
console.log(`NAB subset: ${corpus.series.length} series, ${rows} rows, ${corpus.series.reduce((n, s) => n + s.windows.length, 0)} windows (${corpus.dir})`);

const started = performance.now();
const flux = corpus.series.map(fluxScores);
const fluxMs = performance.now() - started;
const baseline = corpus.series.map((s) => windowedGaussianScores(s));

const fluxEval = evaluate(corpus, flux);
const fluxFixed = evaluate(corpus, flux, ALARM_SCORE);
const baseEval = evaluate(corpus, baseline);

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? "–" : v.toFixed(digits));
function table(title: string, ev: Evaluation): void {
  console.log(`\n### ${title}`);
  console.log(`thresholds: ${Object.entries(ev.thresholds).map(([p, t]) => `${p} ${t.toFixed(4)}`).join(", ")}\n`);
  console.log("| group | series | standard | low FP | low FN | windows found | missed | false alarms / series / week (rows, episodes) | mean delay from window start |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const g of ev.groups) {
    const s = g.stats;
    const delayH = s.delaysMs.length ? s.delaysMs.reduce((a, b) => a + b, 0) / s.delaysMs.length / 3_600_000 : null;
    const line = [
      g.group === "overall" ? "**overall**" : g.group,
      g.series,
      fmt(g.scores.standard),
      fmt(g.scores.reward_low_FP_rate),
      fmt(g.scores.reward_low_FN_rate),
      `${s.found}/${s.windows}`,
      s.missed,
      `${fmt(s.falseAlarmRows / s.weeks, 2)}, ${fmt(s.falseAlarmEpisodes / s.weeks, 2)}`,
      delayH === null ? "–" : `${delayH.toFixed(1)} h`,
    ];
    console.log(`| ${line.join(" | ")} |`);
  }
}

table("Flux detector, NAB-optimised threshold per profile", fluxEval);
table(`Flux detector at its fixed alarm threshold (ALARM_SCORE ${ALARM_SCORE})`, fluxFixed);
table("Baseline: windowed Gaussian (NAB's rule), optimised threshold", baseEval);

const overall = (ev: Evaluation) => ev.groups[ev.groups.length - 1].scores;
const f = overall(fluxEval);
const b = overall(baseEval);
console.log("\n| overall | Flux | windowed Gaussian | ratio |\n|---|---|---|---|");
for (const p of Object.keys(corpus.profiles)) console.log(`| ${p} | ${fmt(f[p])} | ${fmt(b[p])} | ${f[p] !== null && b[p] ? (f[p] / b[p]).toFixed(2) : "–"} |`);
console.log(`\nFlux detector: ${rows} rows in ${fluxMs.toFixed(0)} ms (${((rows / fluxMs) * 1000).toFixed(0)} rows/s); ${new Date().toISOString()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);

if (flags["per-series"]) {
  const t = fluxEval.thresholds.standard;
  console.log(`\nper series at the standard threshold ${t.toFixed(4)}:`);
  corpus.series.forEach((s, i) => {
    const one = evaluate({ ...corpus, series: [s] }, [flux[i]], t).groups[0];
    console.log(`${s.file.padEnd(56)} std ${fmt(one.scores.standard).padStart(6)}  found ${one.stats.found}/${one.stats.windows}  fp rows ${one.stats.falseAlarmRows}  episodes ${one.stats.falseAlarmEpisodes}`);
  });
}
