import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { rawRelation } from "@/lib/storage/raw-relation";
import { storagePath } from "@/tests/fixtures";
import { isolateDatabase } from "@/tests/isolated-database";
import { packDays } from "./pack-days";

// Plain PostgreSQL's packed form, on a database of its own (packing empties whole day
// partitions): every row comes back exactly – times to the microsecond, values bit for bit,
// NULLs and jsonb – whatever the byte planes, scales and row chunks chosen; late rows are read
// at once and merged by the next run; packing twice changes nothing.
isolateDatabase("packing");

const DAY = "1991-03-10";
const NEXT = "1991-03-11";

/** Every row of the table in [DAY, NEXT) through rawRelation, as exact text (µs times, value bits), sorted. */
async function exactRows(table: "points" | "set_points" | "events", from = `${DAY}T00:00:00Z`, to = `${NEXT}T00:00:00Z`): Promise<string[]> {
  const row =
    table === "points"
      ? "r.series_id || ' ' || (extract(epoch FROM r.time) * 1000000)::bigint || ' ' || encode(float8send(r.value), 'hex')"
      : table === "set_points"
        ? "r.series_id || ' ' || (extract(epoch FROM r.time) * 1000000)::bigint || ' ' || r.member"
        : "(extract(epoch FROM r.time) * 1000000)::bigint || ' ' || coalesce(encode(float8send(r.value), 'hex'), 'null') || ' ' || r::text";
  const rows = await sql().unsafe<{ row: string }[]>(
    `SELECT ${row} AS row FROM ${rawRelation({ table, from: "$1::timestamptz", to: "$2::timestamptz" })} r ORDER BY 1`,
    [from, to],
  );
  return rows.map((r) => r.row);
}

async function insertPoints(seriesId: number, rows: [time: string, value: string][]) {
  await sql()`INSERT INTO points (series_id, time, value)
    SELECT ${seriesId}::int, (r->>0)::timestamptz, (r->>1)::float8 FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r`;
}

const packedRows = (seriesId: number) =>
  sql()<{ step: string; div: number | null; float: boolean; planes: number; vplanes: number; n: number }[]>`
    SELECT time_step AS step, value_div AS div, value_float IS NOT NULL AS float, cardinality(t0) AS n,
      (t1 IS NOT NULL)::int + (t2 IS NOT NULL)::int + (t3 IS NOT NULL)::int + (t4 IS NOT NULL)::int + 1 AS planes,
      (v0 IS NOT NULL)::int + (v1 IS NOT NULL)::int + (v2 IS NOT NULL)::int + (v3 IS NOT NULL)::int AS vplanes
    FROM points_packed WHERE series_id = ${seriesId} ORDER BY t_min`;

const at = (seconds: number, micros = 0) => new Date(Date.parse(`${DAY}T00:00:00Z`) + seconds * 1000).toISOString().replace("Z", `${String(micros).padStart(3, "0")}Z`);

describe.runIf(storagePath === "postgres")("packing a day partition (plain PostgreSQL)", () => {
  let before: Record<string, string[]>;
  let indexesBefore: number;

  beforeAll(async () => {
    await sql()`SELECT flux_ensure_partitions(t, ${`${DAY}T00:00:00Z`}::timestamptz, ${`${NEXT}T00:00:00Z`}::timestamptz)
      FROM unnest(ARRAY['points', 'set_points', 'events']) t`;
    // 1: small integers every 57 s, 1,500 of them (two packed rows), whole seconds.
    await insertPoints(1, Array.from({ length: 1500 }, (_, i) => [at(i * 57), String((i * 7919) % 17)]));
    // 2: two-decimal gauge, whole milliseconds.
    await insertPoints(2, Array.from({ length: 300 }, (_, i) => [at(i * 200 + 0.123 * (i % 7)), String(((i * 7919) % 10007) / 100)]));
    // 3: what only float8 holds, at odd microseconds, two rows at one instant.
    const specials = ["0", "-0", "NaN", "Infinity", "-Infinity", "1e308", "-1e-308", "5e-324", "0.30000000000000004", "3.141592653589793", "9007199254740993", "-9007199254740992", "0.1"];
    await insertPoints(3, specials.map((v, i) => [at(i * 3600, i * 7 + 1), v]));
    await insertPoints(3, [[at(100, 1), "7"]]);
    // 4: one value, all at one instant (offsets and value planes all zero).
    await insertPoints(4, Array.from({ length: 5 }, () => [at(43_200), "42"]));
    // 5: integers 2^32 - 1 apart (four value planes), and 6: 2^32 apart (too far: floats).
    await insertPoints(5, [[at(1), "-5"], [at(2), "4294967290"]]);
    await insertPoints(6, [[at(1), "0"], [at(2), "4294967296"]]);
    // 7: the first and the last microsecond of the day (five time planes).
    await insertPoints(7, [[`${DAY}T00:00:00.000000Z`, "1.5"], [`${DAY}T23:59:59.999999Z`, "2.5"]]);
    // 8: decimals with six places, and one that has no exact decimal form.
    await insertPoints(8, [[at(10), "0.000001"], [at(20), "123.456789"], [at(30), "-2.5"]]);
    await insertPoints(9, [[at(10), "0.000001"], [at(20), String(1 / 3)]]);

    await sql()`INSERT INTO set_points (series_id, time, member)
      SELECT 1 + i % 3, ${`${DAY}T01:00:00Z`}::timestamptz + i * interval '1.000001 seconds', m
      FROM unnest(ARRAY['u-1', 'ünï-cödé ✓', '', repeat('x', 300), 'u-1']) WITH ORDINALITY AS x(m, i)`;
    await sql()`INSERT INTO events (project_id, time, name, event_id, user_id, session_id, value, properties, tags, environment, service, received_at) VALUES
      ('00000000-0000-4000-8000-000000000001', ${at(60, 5)}, 'signup', 'e-1', 'u-1', 's-1', 19.99,
        '{"plan": "pro", "seats": 3, "nested": {"a": [1, 2.5, null, true]}, "big": 123456789012345678901234567890}', '{"env": "prod"}', 'prod', 'api', ${at(61, 7)}),
      ('00000000-0000-4000-8000-000000000001', ${at(60, 5)}, 'signup', NULL, NULL, NULL, NULL, '{}', '{}', NULL, NULL, ${at(70)}),
      ('00000000-0000-4000-8000-000000000001', ${at(3600)}, 'signup', 'e-2', 'u-2', NULL, -0.0, '{"emoji": "🎉", "quote": "a\\"b"}', '{}', NULL, 'web', ${at(3600)}),
      ('00000000-0000-4000-8000-000000000002', ${at(7200, 999)}, 'page view', 'e-3', 'u-3', 's-3', 1e-300, '{"path": "/"}', '{"host": "a"}', 'dev', NULL, ${`${DAY}T23:59:59.999999Z`})`;
    before = { points: await exactRows("points"), set_points: await exactRows("set_points"), events: await exactRows("events") };
    [{ indexesBefore }] = await sql()<{ indexesBefore: number }[]>`SELECT pg_indexes_size('points_p19910310')::int AS "indexesBefore"`;
    expect(before.points).toHaveLength(1500 + 300 + 14 + 5 + 2 + 2 + 2 + 3 + 2);
  });

  it("moves every row of the day into packed rows and reads each back exactly", async () => {
    const packed = await packDays({ days: [DAY] });
    expect(packed.map(({ table, moved }) => [table, moved])).toEqual([["points", before.points.length], ["set_points", 5], ["events", 4]]);
    for (const table of ["points", "set_points", "events"] as const) {
      expect(await exactRows(table), table).toEqual(before[table]);
      const [{ left }] = await sql().unsafe<{ left: number }[]>(`SELECT count(*)::int AS left FROM ${table}_p19910310`);
      expect(left, table).toBe(0);
    }
  });

  it("chooses the coarsest time unit, the value scale and as many byte planes as the row needs", async () => {
    expect(await packedRows(1)).toEqual([
      { step: "1000000", div: 1, float: false, planes: 2, vplanes: 1, n: 1000 },
      { step: "1000000", div: 1, float: false, planes: 2, vplanes: 1, n: 500 },
    ]);
    expect(await packedRows(2)).toEqual([{ step: "1000", div: 100, float: false, planes: 4, vplanes: 2, n: 300 }]);
    expect(await packedRows(3)).toEqual([{ step: "1", div: null, float: true, planes: 5, vplanes: 0, n: 14 }]);
    expect(await packedRows(4)).toEqual([{ step: "1000000", div: 1, float: false, planes: 1, vplanes: 1, n: 5 }]);
    expect(await packedRows(5)).toEqual([{ step: "1000000", div: 1, float: false, planes: 1, vplanes: 4, n: 2 }]);
    expect(await packedRows(6)).toEqual([{ step: "1000000", div: null, float: true, planes: 1, vplanes: 0, n: 2 }]);
    expect(await packedRows(7)).toEqual([{ step: "1", div: 10, float: false, planes: 5, vplanes: 1, n: 2 }]);
    expect(await packedRows(8)).toEqual([{ step: "1000000", div: 1_000_000, float: false, planes: 1, vplanes: 4, n: 3 }]);
    expect(await packedRows(9)).toEqual([{ step: "1000000", div: null, float: true, planes: 1, vplanes: 0, n: 2 }]);
  });

  it("reads part of a packed day: only the rows in [from, to)", async () => {
    const from = `${DAY}T05:00:00Z`;
    const to = `${DAY}T05:00:57.000001Z`;
    const inRange = await exactRows("points", from, to);
    const [{ expected }] = await sql()<{ expected: number }[]>`
      SELECT count(*)::int AS expected FROM jsonb_array_elements_text(${JSON.stringify(before.points)}::jsonb) r
      WHERE split_part(r, ' ', 2)::bigint >= (extract(epoch FROM ${from}::timestamptz) * 1000000)::bigint
        AND split_part(r, ' ', 2)::bigint < (extract(epoch FROM ${to}::timestamptz) * 1000000)::bigint`;
    expect(inRange.length).toBe(expected);
    expect(inRange.length).toBeGreaterThan(0);
    expect(inRange.every((r) => before.points.includes(r))).toBe(true);
  });

  it("changes nothing when packed again", async () => {
    const snapshot = async () => (await sql()<{ row: string }[]>`SELECT p::text AS row FROM points_packed p ORDER BY 1`).map((r) => r.row);
    const first = await snapshot();
    const again = await packDays({ days: [DAY] });
    expect(again.map((p) => p.moved)).toEqual([0, 0, 0]);
    expect(await snapshot()).toEqual(first);
    expect(await exactRows("points")).toEqual(before.points);
  });

  it("gives the emptied partition's space back, heap and indexes", async () => {
    const [sizes] = await sql()<{ heap: number; indexes: number; count: number }[]>`
      SELECT pg_relation_size('points_p19910310')::int AS heap, pg_indexes_size('points_p19910310')::int AS indexes,
        (SELECT count(*)::int FROM pg_index WHERE indrelid = 'points_p19910310'::regclass) AS count`;
    expect(sizes.heap).toBe(0);
    // What the indexes of a partition that never held a row (the next day's) take.
    const [{ empty }] = await sql()<{ empty: number }[]>`SELECT pg_indexes_size('points_p19910311')::int AS empty`;
    expect(sizes.indexes).toBe(empty);
    expect(indexesBefore).toBeGreaterThan(2 * empty);
  });

  it("reads late rows into a packed day at once, from the partition, and merges them at the next packing", async () => {
    await insertPoints(1, [[at(30), "99"], [at(86_399, 999), "-1"]]);
    await insertPoints(10, [[at(5), "0.25"]]);
    await sql()`INSERT INTO events (project_id, time, name, properties, received_at)
      VALUES ('00000000-0000-4000-8000-000000000001', ${at(60, 5)}, 'signup', '{"late": true}', ${at(90_000)})`;
    const late = await exactRows("points");
    expect(late.length).toBe(before.points.length + 3);
    const [{ raw }] = await sql()<{ raw: number }[]>`SELECT count(*)::int AS raw FROM points_p19910310`;
    expect(raw).toBe(3);
    const lateEvents = await exactRows("events");
    expect(lateEvents).toHaveLength(5);

    const packed = await packDays({ days: [DAY] });
    expect(packed.map((p) => p.moved)).toEqual([3, 0, 1]);
    expect(await exactRows("points")).toEqual(late);
    expect(await exactRows("events")).toEqual(lateEvents);
    // Series 1 is packed again as a whole: still two rows of at most 1,000, not a third one.
    expect((await packedRows(1)).map((r) => r.n)).toEqual([1000, 502]);
    expect(await packedRows(10)).toEqual([{ step: "1000000", div: 100, float: false, planes: 1, vplanes: 1, n: 1 }]);
    const [{ raw: left }] = await sql()<{ raw: number }[]>`SELECT count(*)::int AS raw FROM points_p19910310`;
    expect(left).toBe(0);
  });

  it("refuses what is not a day", async () => {
    await expect(packDays({ days: ["1991-3-10"] })).rejects.toThrow(/not a YYYY-MM-DD day/);
    await expect(sql()`SELECT flux_pack_day('series', '1991-03-10')`).rejects.toThrow(/not a raw table/);
  });
});
