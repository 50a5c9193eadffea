import { beforeAll, describe, expect, it } from "vitest";
import { db, sql } from "@/lib/db/client";
import { annotations } from "@/lib/db/schema";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { insertEvents, insertPoints, type PointInput } from "@/tests/query-data";
import { detectAnomalies } from "./detect-anomalies";
import { listAnomalies, setAnomalyFeedback } from "./anomalies";
import type { AnomalyView } from "./anomaly-schemas";

// The anomaly job over real data: weeks of seeded history, then injected spikes, drops and
// silences, run with chosen clocks exactly as the scheduler would run it.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const B = 5 * MIN;
// The first anomalous bucket: on a 5-minute edge near the real clock (the catalog's last-seen is real).
const T0 = Math.floor(Date.now() / B) * B;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A daily wave around 100 with a little noise, one point per 5 minutes. */
function seasonal(t: number, random: () => number) {
  return 100 + 40 * Math.sin((2 * Math.PI * (t % DAY)) / DAY) + (random() - 0.5) * 8;
}

const run = (projectId: string, now: number) => detectAnomalies({ now, trigger: "cron", signal: new AbortController().signal }, { projectIds: [projectId] });
const after = (bucketStart: number) => bucketStart + B + 31_000;
const list = async (p: TestProject, input: Record<string, unknown> = {}) => (await listAnomalies({ ctx: p.ctx, input })).anomalies;

describe("a seasonal gauge with a spike", () => {
  let p: TestProject;
  let first: AnomalyView;
  const random = rng(7);
  const point = (t: number, value?: number): PointInput => ({ time: t, value: value ?? seasonal(t, random) });

  beforeAll(async () => {
    p = await createTestProject("Anomaly spike");
    const history: PointInput[] = [];
    for (let t = T0 - 21 * DAY; t < T0; t += B) history.push(point(t));
    await insertPoints({ projectId: p.projectId, name: "queue.depth", type: "gauge", points: [...history, point(T0, 3.2 * seasonal(T0, random))] });
    await sql()`UPDATE metrics SET higher_is_better = false WHERE project_id = ${p.projectId} AND name = 'queue.depth'`;
    await db().insert(annotations).values({ projectId: p.projectId, startsAt: new Date(T0 - 10 * MIN), title: "Product Hunt launch" });
  });

  it("opens exactly one spike episode that says how far off the usual level it is and what happened before", async () => {
    const summary = await run(p.projectId, after(T0));
    expect(summary.failures).toBe(0);
    expect(summary.watchesChecked).toBeGreaterThanOrEqual(1);
    const found = await list(p);
    expect(found).toHaveLength(1);
    first = found[0];
    expect(first).toMatchObject({ source: "metric", name: "queue.depth", aggregation: "avg", kind: "spike", status: "open", startedAt: new Date(T0).toISOString(), endedAt: null, bucketSeconds: 300, feedback: null });
    // Three weeks of history: the weekday and time of the usual level are named.
    expect(first.explanation).toMatch(/^queue\.depth [\d.]+x the usual (Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d\d:\d\d UTC level/);
    expect(first.explanation).toContain("the spike started after 'Product Hunt launch'");
    expect(first.annotations.map((a) => a.title)).toEqual(["Product Hunt launch"]);
    const ratio = Number(/([\d.]+)x/.exec(first.explanation)![1]);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(4);
    expect(first.actual! / first.expected!).toBeCloseTo(ratio, 1);
    expect(first.upper!).toBeLessThan(first.actual!);
    // Lower is better for a queue: a tripled queue is at least high.
    expect(["high", "critical"]).toContain(first.severity);
  });

  it("grows the same episode while the spike lasts and closes it after the series recovers", async () => {
    await insertPoints({ projectId: p.projectId, name: "queue.depth", type: "gauge", points: [point(T0 + B, 3.5 * seasonal(T0 + B, random))] });
    await run(p.projectId, after(T0 + B));
    let found = await list(p);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: first.id, status: "open", lastAnomalousAt: new Date(T0 + B).toISOString() });

    const normal: PointInput[] = [];
    for (let t = T0 + 2 * B; t <= T0 + 6 * B; t += B) normal.push(point(t));
    await insertPoints({ projectId: p.projectId, name: "queue.depth", type: "gauge", points: normal });
    await run(p.projectId, after(T0 + 3 * B));
    expect((await list(p))[0].status).toBe("open");
    await run(p.projectId, after(T0 + 6 * B));
    found = await list(p);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: first.id, status: "closed", endedAt: new Date(T0 + 2 * B).toISOString() });
    expect(await list(p, { status: "open" })).toEqual([]);
  });

  it("records a later spike of the same size as normal once a person said so, and learns it", async () => {
    await setAnomalyFeedback({ ctx: p.ctx, id: first.id, feedback: "normal" });
    const t = T0 + 12 * B;
    const calm: PointInput[] = [];
    for (let x = T0 + 7 * B; x < t; x += B) calm.push(point(x));
    await insertPoints({ projectId: p.projectId, name: "queue.depth", type: "gauge", points: [...calm, point(t, 3.3 * seasonal(t, random))] });
    await run(p.projectId, after(t));
    const found = await list(p);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({ kind: "spike", startedAt: new Date(t).toISOString(), feedback: "normal" });
    expect(found[1]).toMatchObject({ id: first.id, feedback: "normal" });
  });
});

describe("a tagged counter that drops in one country", () => {
  it("names the tag value that explains the drop", async () => {
    const p = await createTestProject("Anomaly drop");
    const random = rng(11);
    const shares: Record<string, number> = { DE: 0.6, US: 0.25, FR: 0.15 };
    const points: PointInput[] = [];
    for (let t = T0 - 14 * DAY; t <= T0 + B; t += B) {
      for (const [country, share] of Object.entries(shares)) {
        const dropped = t >= T0 && country === "DE";
        points.push({ time: t, value: Math.round(share * (dropped ? 0.05 : 1) * seasonal(t, random)), tags: { country } });
      }
    }
    await insertPoints({ projectId: p.projectId, name: "orders", type: "counter", points });
    await sql()`UPDATE metrics SET higher_is_better = true WHERE project_id = ${p.projectId} AND name = 'orders'`;
    const summary = await run(p.projectId, after(T0 + B));
    expect(summary.failures).toBe(0);
    const whole = (await list(p)).filter((a) => Object.keys(a.tags).length === 0);
    expect(whole).toHaveLength(1);
    expect(whole[0]).toMatchObject({ name: "orders", aggregation: "rate", status: "open" });
    expect(["drop", "level_shift"]).toContain(whole[0].kind);
    expect(whole[0].contributors[0]).toMatchObject({ key: "country", value: "DE" });
    expect(whole[0].contributors[0].share).toBeGreaterThan(0.85);
    expect(whole[0].explanation).toMatch(/\d+% of the (drop|shift) is country=DE/);
    // More orders are better: losing half of them is at least high.
    expect(["high", "critical"]).toContain(whole[0].severity);
    // The biggest tag sets are watched on their own too: Germany's series has its own episode.
    const de = (await list(p)).find((a) => a.tags.country === "DE");
    expect(de).toBeDefined();
  });
});

describe("event streams", () => {
  it("gives a silence episode when a stream that arrived every minute stops", async () => {
    const p = await createTestProject("Anomaly silence");
    const events = [];
    const stop = T0 - 30 * MIN;
    for (let t = T0 - 3 * DAY; t < stop; t += MIN) events.push({ time: t + 7_000, name: "heartbeat" });
    await insertEvents({ projectId: p.projectId, events });
    await run(p.projectId, after(T0));
    const found = await list(p, { source: "event", name: "heartbeat" });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: "silence", status: "open", aggregation: "count", actual: 0 });
    // The episode starts where the quiet began, not where it became certain.
    expect(found[0].startedAt).toBe(new Date(stop).toISOString());
    expect(found[0].explanation).toMatch(/^heartbeat went silent: nothing arrived for \d+ minutes \(usually about [\d.]+ per 5 minutes\)/);
    expect(["medium", "high", "critical"]).toContain(found[0].severity);
  });

  it("stays quiet on a sparse stream of a few events an hour", async () => {
    const p = await createTestProject("Anomaly sparse");
    const random = rng(3);
    const events = [];
    // About two an hour at random instants, with hours of nothing now and then.
    for (let t = T0 - 14 * DAY; t < T0; t += 10 * MIN) if (random() < 0.33) events.push({ time: t + Math.floor(random() * 10 * MIN), name: "refund" });
    await insertEvents({ projectId: p.projectId, events });
    for (const now of [after(T0), after(T0) + HOUR, after(T0) + 3 * HOUR]) {
      const summary = await run(p.projectId, now);
      expect(summary.failures).toBe(0);
    }
    expect(await list(p)).toEqual([]);
  });
});

describe("annotated spans", () => {
  it("are judged but left out of the baseline: a load test is anomalous throughout, and its end is no anomaly", async () => {
    const p = await createTestProject("Anomaly span");
    const random = rng(5);
    // Two days at three times the usual load: long enough for any baseline that saw it to adopt it.
    const spanFrom = T0 - 2 * DAY;
    const spanTo = T0 - 3 * HOUR;
    const points: PointInput[] = [];
    for (let t = T0 - 14 * DAY; t <= T0; t += B) points.push({ time: t, value: (t >= spanFrom && t < spanTo ? 3 : 1) * seasonal(t, random) });
    await insertPoints({ projectId: p.projectId, name: "cpu.load", type: "gauge", points });
    await db().insert(annotations).values({ projectId: p.projectId, startsAt: new Date(spanFrom), endsAt: new Date(spanTo), title: "Load test" });
    // The watch starts before the span; the next run reads everything since, bucket by bucket.
    expect((await run(p.projectId, after(spanFrom - 2 * B))).failures).toBe(0);
    expect((await run(p.projectId, after(T0))).failures).toBe(0);
    const found = await list(p);
    // Never learned, the load stays anomalous until the span ends (a baseline that saw it adopts
    // it within the hour), and the return to the old level is no anomaly.
    expect(found.length).toBeGreaterThanOrEqual(1);
    const starts = found.map((a) => new Date(a.startedAt).getTime());
    expect(Math.min(...starts)).toBe(spanFrom);
    expect(Math.max(...starts)).toBeLessThan(spanTo);
    expect(Math.max(...found.map((a) => new Date(a.lastAnomalousAt).getTime()))).toBeGreaterThanOrEqual(spanTo - HOUR);
    expect(found.every((a) => a.status === "closed" && a.actual! > a.expected!)).toBe(true);
    expect(found.every((a) => a.explanation.includes("started during 'Load test'"))).toBe(true);
  });
});

describe("a watch whose detector snapshot an earlier release wrote", () => {
  it("learns the series' history again instead of failing every run", async () => {
    const p = await createTestProject("Anomaly old snapshot");
    const random = rng(11);
    const history: PointInput[] = [];
    for (let t = T0 - 2 * DAY; t < T0; t += B) history.push({ time: t, value: seasonal(t, random) });
    await insertPoints({ projectId: p.projectId, name: "cpu.load", type: "gauge", points: history });
    expect((await run(p.projectId, after(T0 - B))).failures).toBe(0);
    await sql()`UPDATE anomaly_watches SET state = jsonb_set(state, '{detector}', '{"format":"older"}'::jsonb), next_check_at = now() - interval '1 minute' WHERE project_id = ${p.projectId}`;
    await insertPoints({ projectId: p.projectId, name: "cpu.load", type: "gauge", points: [{ time: T0, value: seasonal(T0, random) }] });
    const summary = await run(p.projectId, after(T0));
    expect(summary.failures).toBe(0);
    const rows = await sql()<{ detector: unknown }[]>`SELECT state->'detector' AS detector FROM anomaly_watches WHERE project_id = ${p.projectId}`;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.detector).not.toEqual({ format: "older" });
    expect(await list(p)).toEqual([]);
  });
});
