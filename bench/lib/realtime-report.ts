import type { CpuGroups } from "./realtime-cpu";
import type { Summary } from "./realtime-load";

export interface LatencyRow {
  label: string;
  updates: number;
  dashboards: number;
  frame: Summary;
  dom: Summary;
  /** Dashboards that had not shown an update's total within the timeout, summed over updates. */
  missed: number;
  live: boolean;
}

export interface ConfigCpu {
  label: string;
  updates: number;
  cpu: CpuGroups;
}

export interface CpuRow {
  label: string;
  dashboards: number;
  batches: number;
  accepted: number;
  seconds: number;
  published: number;
  deliveries: number;
  queryRequests: number;
  cpu: CpuGroups;
  finalShown: string;
  ingestAnswer: Summary;
}

export const TARGET_MS = 1000;
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n).toLocaleString("en-US")} ms` : "–");

export function printLatency(rows: LatencyRow[], perUpdate: ConfigCpu[]): void {
  console.log(`\n| configuration | samples (updates × dashboards) | p50 | p95 | p99 | max | not shown in time | p95 < ${TARGET_MS} ms |`);
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    const met = r.live ? (r.frame.p95 < TARGET_MS && r.missed === 0 ? "met" : "**missed**") : "–";
    console.log(`| ${r.label} | ${r.frame.n} (${r.updates} × ${r.dashboards}) | ${ms(r.frame.p50)} | **${ms(r.frame.p95)}** | ${ms(r.frame.p99)} | ${ms(r.frame.max)} | ${r.missed} | ${met} |`);
  }
  console.log(`Send (Date.now() before the ingest POST) → the next animation frame after the number widget's DOM holds the new total; headless dashboards: → the widget's query answer holding it.`);
  console.log(`To the DOM change alone (p50 / p95): ${rows.map((r) => `${r.label} ${ms(r.dom.p50)} / ${ms(r.dom.p95)}`).join("; ")}`);
  const baseline = rows.find((r) => !r.live);
  if (baseline) {
    for (const r of rows.filter((x) => x.live)) {
      console.log(`p95 ${r.label} / p95 ${baseline.label}: ${(r.frame.p95 / baseline.frame.p95).toFixed(3)}`);
    }
  }
  console.log(`\nCPU per update while measuring (one batch → one message → every dashboard refetches its 2 widgets; includes the pauses):`);
  console.log(`| configuration | app | PostgreSQL | app + PG | browser |`);
  console.log(`|---|---|---|---|---|`);
  for (const c of perUpdate) {
    const per = (v: number) => ms(v / c.updates);
    console.log(`| ${c.label} | ${per(c.cpu.app)} | ${per(c.cpu.postgres)} | ${per(c.cpu.app + c.cpu.postgres)} | ${per(c.cpu.browser)} |`);
  }
}

export function printCpu(rows: CpuRow[]): void {
  const zero = rows[0];
  const server = (c: CpuRow) => c.cpu.app + c.cpu.postgres;
  const perBatch = (c: CpuRow) => server(c) / Math.max(1, c.accepted);
  console.log(
    `\n| steady ingest | batches accepted | messages | deliveries | widget queries | app CPU | PostgreSQL CPU | app + PG per batch | vs 0 dashboards | extra per delivery | extra per widget query | browser CPU | final total shown | ingest answer p50 / p99 |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const c of rows) {
    const extra = server(c) - perBatch(zero) * c.accepted;
    const perDelivery = c === zero || c.deliveries === 0 ? "–" : `${(extra / c.deliveries).toFixed(2)} ms`;
    const perQuery = c.queryRequests === 0 ? "–" : `${(extra / c.queryRequests).toFixed(1)} ms`;
    console.log(
      `| ${c.label} | ${c.accepted}/${c.batches} in ${c.seconds.toFixed(1)} s | ${c.published} | ${c.deliveries} | ${c.queryRequests} | ${ms(c.cpu.app)} | ${ms(c.cpu.postgres)} | ` +
        `${perBatch(c).toFixed(2)} ms | ${(perBatch(c) / perBatch(zero)).toFixed(2)}× | ${perDelivery} | ${perQuery} | ${ms(c.cpu.browser)} | ${c.finalShown} | ${ms(c.ingestAnswer.p50)} / ${ms(c.ingestAnswer.p99)} |`,
    );
  }
  console.log(`(the window runs from the first batch until every dashboard shows the final total, plus 1 s; one more bare stream counted the messages)`);
}
