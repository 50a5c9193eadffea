// Reads the NAB subset in ../shared/anomaly (or $FLUX_NAB_DIR): series, labelled windows and
// cost profiles.
import fs from "node:fs";
import path from "node:path";
import { parseTimestamp } from "../../lib/anomaly/detector/infer-bucket";
import type { CostMatrix } from "../../lib/anomaly/nab/sweep";

export interface NabSeries {
  file: string; // "category/name.csv", the key of windows.json
  category: string;
  timestamps: number[];
  values: number[];
  windows: [number, number][];
}

export interface NabCorpus {
  dir: string;
  series: NabSeries[];
  profiles: Record<string, CostMatrix>;
}

export function defaultNabDir(): string {
  return process.env.FLUX_NAB_DIR ?? path.resolve(import.meta.dirname, "../../../shared/anomaly");
}

export function loadNabCorpus(dir: string): NabCorpus {
  const windows = JSON.parse(fs.readFileSync(path.join(dir, "windows.json"), "utf8")) as Record<string, [string, string][]>;
  const rawProfiles = JSON.parse(fs.readFileSync(path.join(dir, "profiles.json"), "utf8")) as Record<string, { CostMatrix: CostMatrix }>;
  const profiles = Object.fromEntries(Object.entries(rawProfiles).map(([name, p]) => [name, p.CostMatrix]));
  const series: NabSeries[] = [];
  for (const file of Object.keys(windows).sort()) {
    const full = path.join(dir, "data", file);
    if (!fs.existsSync(full)) continue;
    const lines = fs.readFileSync(full, "utf8").split(/\r?\n/).slice(1).filter((l) => l.trim() !== "");
    const timestamps: number[] = [];
    const values: number[] = [];
    for (const line of lines) {
      const comma = line.indexOf(",");
      timestamps.push(parseTimestamp(line.slice(0, comma)));
      values.push(Number(line.slice(comma + 1)));
    }
    series.push({
      file,
      category: file.split("/")[0],
      timestamps,
      values,
      windows: windows[file].map(([start, end]) => [parseTimestamp(start.replace(/\.\d+$/, "")), parseTimestamp(end.replace(/\.\d+$/, ""))]),
    });
  }
  if (series.length === 0) throw new Error(`no NAB series found under ${dir}/data`);
  return { dir, series, profiles };
}
