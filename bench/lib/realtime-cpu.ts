import { execSync } from "node:child_process";
import fs from "node:fs";

// CPU time of process trees from /proc (Linux). A process's own utime+stime plus cutime+cstime
// (the children it has reaped) summed over every live process of a tree counts each CPU second
// of the tree once, including PostgreSQL backends and Chromium renderers that exited meanwhile.

const TICK_MS = 1000 / Number(execSync("getconf CLK_TCK").toString().trim() || "100");

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null; // exited meanwhile
  }
  // comm may hold spaces and parentheses ("next-server (v16…)"): it ends at the last ")".
  const close = text.lastIndexOf(")");
  const comm = text.slice(text.indexOf("(") + 1, close);
  const f = text.slice(close + 2).split(" ");
  // Fields from 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
  const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  return { pid, ppid: Number(f[1]), comm, ticks };
}

function allStats(): Stat[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is Stat => s !== null);
}

function tree(stats: Stat[], root: number): Stat[] {
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const self = stats.find((s) => s.pid === root);
  const out: Stat[] = self ? [self] : [];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i].pid) ?? []));
  return out;
}

export interface CpuGroups {
  app: number;
  postgres: number;
  browser: number;
  bench: number;
}

/** Milliseconds of CPU used so far by the app's, PostgreSQL's and the browser's process trees, and this process. */
export function cpuSnapshot(pids: { app: number; postgres: number }): CpuGroups {
  const stats = allStats();
  const sum = (list: Stat[]) => list.reduce((t, s) => t + s.ticks, 0) * TICK_MS;
  // Playwright starts Chromium as a child of this process.
  const browsers = stats.filter((s) => s.ppid === process.pid && /^chrom/i.test(s.comm));
  const usage = process.cpuUsage();
  return {
    app: sum(tree(stats, pids.app)),
    postgres: sum(tree(stats, pids.postgres)),
    browser: browsers.reduce((t, b) => t + sum(tree(stats, b.pid)), 0),
    bench: (usage.user + usage.system) / 1000,
  };
}

export function cpuSince(before: CpuGroups, after: CpuGroups): CpuGroups {
  return {
    app: after.app - before.app,
    postgres: after.postgres - before.postgres,
    browser: after.browser - before.browser,
    bench: after.bench - before.bench,
  };
}

/** The processes of the app's tree, for the report ("next-server" and any child it spawned). */
export function describeTree(root: number): string {
  return tree(allStats(), root).map((s) => `${s.pid} ${s.comm}`).join(", ");
}
