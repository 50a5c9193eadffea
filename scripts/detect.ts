// npm run detect -- --csv in.csv --out scores.csv [--kind level|rate|count] [--bucket-seconds N]
// Streams a `timestamp,value` file through Flux's anomaly detector, row by row (no look-ahead;
// memory is the model plus the first rows used to infer the bucket size), and writes
// timestamp,value,score,expected,lower,upper,anomalous.
import fs from "node:fs";
import readline from "node:readline";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { createDetector, type Detector, type SeriesKind } from "../lib/anomaly/detector";
import { BUCKET_SAMPLE_ROWS, inferBucketSeconds, parseTimestamp } from "../lib/anomaly/detector/infer-bucket";

const { values: flags } = parseArgs({
  options: {
    csv: { type: "string" },
    out: { type: "string" },
    kind: { type: "string", default: "level" },
    "bucket-seconds": { type: "string" },
  },
});

function fail(message: string): never {
  console.error(`detect: ${message}`);
  process.exit(2);
}

if (!flags.csv || !flags.out) fail("usage: npm run detect -- --csv in.csv --out scores.csv [--kind level|rate|count] [--bucket-seconds N]");
const kind = flags.kind as SeriesKind;
if (!["level", "rate", "count"].includes(kind)) fail(`--kind must be level, rate or count, not "${flags.kind}"`);
const fixedBucket = flags["bucket-seconds"] === undefined ? null : Number(flags["bucket-seconds"]);
if (fixedBucket !== null && !(fixedBucket > 0)) fail("--bucket-seconds must be a positive number");
if (!fs.existsSync(flags.csv)) fail(`no such file: ${flags.csv}`);

const out = fs.createWriteStream(flags.out);
const write = async (line: string) => {
  if (!out.write(line + "\n")) await once(out, "drain");
};
const num = (v: number | null) => (v === null ? "" : String(Number(v.toPrecision(10))));

let detector: Detector | null = null;
const pending: { t: number; text: string; value: number | null }[] = [];
let lineNo = 0;
let rows = 0;
let anomalies = 0;

async function score(row: { t: number; text: string; value: number | null }): Promise<void> {
  const a = (detector as Detector).update({ t: row.t, value: row.value });
  rows++;
  if (a.anomalous) anomalies++;
  await write([row.text, row.value ?? "", a.score.toFixed(6), num(a.expected), num(a.lower), num(a.upper), a.anomalous ? 1 : 0].join(","));
}

async function start(): Promise<void> {
  const bucketSeconds = fixedBucket ?? inferBucketSeconds(pending.map((p) => p.t));
  detector = createDetector({ bucketSeconds, kind });
  console.error(`detect: bucket ${bucketSeconds} s, kind ${kind}`);
  for (const row of pending.splice(0)) await score(row);
}

await write("timestamp,value,score,expected,lower,upper,anomalous");
const lines = readline.createInterface({ input: fs.createReadStream(flags.csv), crlfDelay: Infinity });
let lastT = -Infinity;
for await (const line of lines) {
  lineNo++;
  if (line.trim() === "") continue;
  const comma = line.indexOf(",");
  const [tsText, valueText] = comma < 0 ? [line, ""] : [line.slice(0, comma), line.slice(comma + 1).split(",")[0]];
  let t: number;
  try {
    t = parseTimestamp(tsText);
  } catch {
    if (lineNo === 1) continue; // header row
    fail(`line ${lineNo}: unreadable timestamp "${tsText}"`);
  }
  if (t <= lastT) fail(`line ${lineNo}: timestamps must ascend (${tsText})`);
  lastT = t;
  const trimmed = valueText.trim();
  const value = trimmed === "" || trimmed.toLowerCase() === "null" ? null : Number(trimmed);
  if (value !== null && !Number.isFinite(value)) fail(`line ${lineNo}: value "${valueText}" is not a number`);
  const row = { t, text: tsText.trim(), value };
  if (detector) await score(row);
  else {
    pending.push(row);
    if (fixedBucket !== null || pending.length > BUCKET_SAMPLE_ROWS) await start();
  }
}
if (!detector) {
  if (pending.length < 2 && fixedBucket === null) fail("need at least two rows to infer the bucket size (or pass --bucket-seconds)");
  await start();
}
out.end();
await once(out, "finish");
console.error(`detect: ${rows} rows scored, ${anomalies} anomalous → ${flags.out}`);
