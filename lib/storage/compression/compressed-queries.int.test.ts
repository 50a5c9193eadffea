import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { describeEventName } from "@/lib/catalog/describe-event-name";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import { listEvents, type RawEvent } from "@/lib/query/list-events";
import type { QueryResult } from "@/lib/query/model";
import { resolveWindow } from "@/lib/query/resolve-range";
import { runQuery } from "@/lib/query/run-query";
import { sql } from "@/lib/db/client";
import { createTestProject, storagePath, type TestProject } from "@/tests/fixtures";
import { isolateDatabase } from "@/tests/isolated-database";
import { insertEvents } from "@/tests/query-data";
import { BASE, HOUR, close, reference, scenarioOf, scenarioQuery, writeScenario, type Scenario } from "@/tests/query-reference";
import { compressDays } from "./compress-days";

// Readers cannot tell compressed rows from raw ones, on either storage path: runQuery gives
// the same answers (and the in-memory reference's) before and after the days are compressed
// – packed on plain PostgreSQL, chunks compressed with TimescaleDB – and rows that arrive late
// into compressed days count at once and after the next compression. The raw event list and
// the event description read them too. A database of its own: compression is instance-wide.
isolateDatabase("compressed_queries");

const DAY = 24 * HOUR;
let p: TestProject;

beforeAll(async () => {
  // This file compresses what it checks itself; TimescaleDB's policy job would compress the
  // same chunks at the same moment.
  if (storagePath === "timescaledb") await sql()`SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'`;
  p = await createTestProject();
});

/** The UTC days (YYYY-MM-DD) that [from, to] touches. */
function daysOf(from: number, to: number): string[] {
  const days: string[] = [];
  for (let d = Math.floor(from / DAY) * DAY; d <= to; d += DAY) days.push(new Date(d).toISOString().slice(0, 10));
  return days;
}

/** Rows the compressed form holds: in packed rows, or compressed into chunks. */
async function compressedRows(table: "points" | "events"): Promise<number> {
  if (storagePath === "postgres") {
    const [{ n }] = await sql().unsafe<{ n: number }[]>(`SELECT coalesce(sum(cardinality(t0)), 0)::int AS n FROM ${table}_packed`);
    return n;
  }
  const [{ n }] = await sql()<{ n: number }[]>`
    SELECT coalesce(sum(s.numrows_pre_compression), 0)::int AS n FROM _timescaledb_catalog.compression_chunk_size s
    JOIN _timescaledb_catalog.chunk c ON c.id = s.chunk_id JOIN _timescaledb_catalog.hypertable h ON h.id = c.hypertable_id
    WHERE h.schema_name = 'public' AND h.table_name = ${table}`;
  return n;
}

function expectReference(s: Scenario, result: QueryResult, query: ReturnType<typeof scenarioQuery>) {
  const expected = reference(s, resolveWindow({ range: query.range, interval: s.interval, timezone: s.timezone }));
  const approx = (a: number | null, b: number | null, scale: number) =>
    /^p\d\d$/.test(s.aggregation) ? a === b || (a !== null && b !== null && Math.abs(a - b) <= 0.01 * scale + 1e-9) : close(a, b);
  expect(result.series.map((x) => x.key)).toEqual(expected.map((e) => e.key));
  result.series.forEach((x, i) => {
    expect(approx(x.total, expected[i].total, expected[i].totalScale), `total of ${x.key}`).toBe(true);
    x.points.forEach((pt, j) => expect(approx(pt[1], expected[i].points[j], expected[i].scales[j]), `${x.key} bucket ${j}`).toBe(true));
  });
}

describe(`runQuery over compressed days (${storagePath})`, () => {
  it("answers exactly as before compression for every type, aggregation, filter and group-by, and counts late rows at once", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenarioOf({ min: 1, max: 80 }), async (s) => {
        run += 1;
        // Each run's data on days of its own, half a year back and four days apart.
        const shift = -(180 + 4 * run) * DAY;
        const name = `compressed_${s.kind}_${run}`;
        const query = scenarioQuery(s, name, shift);
        const shifted = (data: Scenario["data"]) => ({ ...s, data: data.map((d) => ({ ...d, t: d.t + shift })) });
        await writeScenario({ projectId: p.projectId, name, s, shift });
        const ask = async (q: object) => (await runQuery({ ctx: p.ctx, input: q, tiers: "raw" })) as QueryResult;
        const histogram = s.kind === "distribution" ? { ...query, aggregation: "histogram", groupBy: undefined } : null;
        const before = await ask(query);
        const beforeHistogram = histogram && (await ask(histogram));
        expectReference(shifted(s.data), before, query);

        const days = daysOf(BASE + shift, BASE + shift + 72 * HOUR);
        await compressDays({ days });
        expect(await ask(query)).toEqual(before);
        if (histogram) expect(await ask(histogram)).toEqual(beforeHistogram);

        // The same rows again, late, into the compressed days: counted at once, and the same
        // after the next compression merged them.
        await writeScenario({ projectId: p.projectId, name, s, shift });
        const withLate = await ask(query);
        expectReference(shifted([...s.data, ...s.data]), withLate, query);
        await compressDays({ days });
        expect(await ask(query)).toEqual(withLate);
      }),
      { numRuns: 25, seed: Number(process.env.FLUX_PROPERTY_SEED ?? Date.now() % 100_000) },
    );
    expect(await compressedRows("points")).toBeGreaterThan(0);
  }, 600_000);
});

describe(`raw events from compressed days (${storagePath})`, () => {
  const start = Date.UTC(2026, 2, 1);
  const days = daysOf(start, start + 2 * DAY);
  let all: RawEvent[];
  let e: TestProject;

  /** Every event through listEvents, `limit` at a time. */
  async function pageThrough(input: { name?: string; limit: number; filters?: unknown }): Promise<RawEvent[]> {
    const seen: RawEvent[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await listEvents({ ctx: e.ctx, input: { ...input, cursor, filters: input.filters ? JSON.stringify(input.filters) : undefined } });
      seen.push(...page.events);
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error("more than 200 pages");
  }

  beforeAll(async () => {
    e = await createTestProject();
    // Three days of events, many of them sharing an instant (a page may end inside such a group).
    const events = Array.from({ length: 240 }, (_, i) => ({
      time: start + Math.floor(i / 6) * 29 * 60_000 + (i % 3 === 0 ? 0 : 1),
      name: i % 4 === 0 ? "signup" : "page_view",
      userId: i % 5 === 0 ? null : `u${i % 17}`,
      value: i % 7 === 0 ? null : i / 8,
      properties: { i, plan: ["free", "pro"][i % 2], ...(i % 11 === 0 ? { nested: { deep: [i, null] } } : {}) },
      environment: i % 2 ? "prod" : null,
    }));
    await insertEvents({ projectId: e.projectId, events });
    all = await pageThrough({ limit: 200 });
    expect(all).toHaveLength(240);
  });

  it("pages through the same events in the same order after compression, each once, ties at one instant included", async () => {
    const beforeSmall = await pageThrough({ limit: 7 });
    expect(beforeSmall).toEqual(all);
    const signups = await pageThrough({ name: "signup", limit: 4, filters: [{ key: "plan", op: "eq", value: "free" }] });
    const described = await describeEventName({ ctx: e.ctx, name: "signup" });

    await compressDays({ days: days.slice(0, 2), tables: ["events"] });
    expect(await compressedRows("events")).toBeGreaterThan(0);
    expect(await pageThrough({ limit: 7 })).toEqual(all);
    expect(await pageThrough({ limit: 200 })).toEqual(all);
    expect(await pageThrough({ name: "signup", limit: 4, filters: [{ key: "plan", op: "eq", value: "free" }] })).toEqual(signups);
    expect(await describeEventName({ ctx: e.ctx, name: "signup" })).toEqual(described);
    expect(described.properties.map((x) => x.key)).toEqual(["i", "nested", "plan"]);
  });

  it("lists a late event in a compressed day at once, in its place", async () => {
    const late = { time: start + 29 * 60_000, name: "signup", userId: "late", properties: { late: true } };
    await insertEvents({ projectId: e.projectId, events: [late] });
    const listed = await pageThrough({ limit: 5 });
    expect(listed).toHaveLength(241);
    const at = listed.findIndex((e) => e.userId === "late");
    expect(listed[at].time).toBe(new Date(late.time).toISOString());
    expect(listed.filter((_, i) => i !== at)).toEqual(all);
    await compressDays({ days: days.slice(0, 2), tables: ["events"] });
    expect(await pageThrough({ limit: 5 })).toEqual(listed);
  });
});

describe(`ingest into compressed days (${storagePath})`, () => {
  it("accepts points, set members and events timed in a compressed day, and counts them at once", async () => {
    const q = await createTestProject();
    const day = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
    const at = (minutes: number) => new Date(day + minutes * 60_000).toISOString();
    const batch = (minute: number) => ({
      metrics: [
        { type: "counter", name: "late.jobs", value: 2, timestamp: at(minute) },
        { type: "set", name: "late.users", value: `u${minute}`, timestamp: at(minute) },
      ],
      events: [{ name: "late.signup", user_id: `u${minute}`, properties: { minute }, timestamp: at(minute) }],
    });
    expect(await ingestBatch({ ctx: q.ctx, input: batch(60) })).toMatchObject({ accepted: 3, rejected: [] });
    await compressDays({ days: daysOf(day, day) });
    expect(await compressedRows("points")).toBeGreaterThan(0);

    // Through the real ingest path, into the compressed day (a compressed chunk, or the
    // emptied partition beside the packed rows).
    expect(await ingestBatch({ ctx: q.ctx, input: batch(120) })).toMatchObject({ accepted: 3, rejected: [] });
    const range = { from: day, to: day + DAY };
    const ask = async (input: object) => ((await runQuery({ ctx: q.ctx, input: { range, interval: "1d", ...input }, tiers: "raw" })) as QueryResult).series[0].total;
    expect(await ask({ source: "metric", name: "late.jobs", aggregation: "sum" })).toBe(4);
    expect(await ask({ source: "metric", name: "late.users", aggregation: "unique" })).toBe(2);
    expect(await ask({ source: "event", name: "late.signup", aggregation: "count" })).toBe(2);
    await compressDays({ days: daysOf(day, day) });
    expect(await ask({ source: "metric", name: "late.jobs", aggregation: "sum" })).toBe(4);
    expect(await ask({ source: "event", name: "late.signup", aggregation: "count" })).toBe(2);
  });
});
