import type postgres from "postgres";

// Synthetic metric points for storage benchmarks, written straight into `points` one UTC day
// per statement in time order (as ingest writes them). Series i is of kind i % 4:
//   0 counter   small integers (geometric, mean 3) at irregular times
//   1 gauge     a slowly moving percentage (random walk in steps of at most 0.05, two
//               decimals) reported on a regular schedule with up to 100 ms of jitter
//   2 latency   log-normal milliseconds (median 20, sigma 0.5) with three decimals, irregular
//   3 random    uniformly random doubles at irregular times: the worst case for any compressor
// Irregular times are uniform over the day at millisecond precision, like the SDK's timestamps.

export const SAMPLE_KINDS = ["counter", "gauge", "latency", "random"] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

const DAY_MS = 86_400_000;

/**
 * Loads `perSeriesPerDay` points for each of series ids 1..`series` on each of `days` UTC days
 * from `from` (a UTC midnight), creating the day partitions on plain PostgreSQL. Returns the
 * number of points written.
 */
export async function loadSamplePoints(conn: postgres.Sql, options: { from: number; days: number; series: number; perSeriesPerDay: number }): Promise<number> {
  const { series, perSeriesPerDay } = options;
  if (options.from % DAY_MS !== 0) throw new Error("loadSamplePoints: `from` must be a UTC midnight");
  await conn`SELECT flux_ensure_partitions('points', ${new Date(options.from).toISOString()}::timestamptz, ${new Date(options.from + (options.days - 1) * DAY_MS).toISOString()}::timestamptz)`;
  let written = 0;
  for (let d = 0; d < options.days; d++) {
    const day = new Date(options.from + d * DAY_MS).toISOString();
    const result = await conn`
      INSERT INTO points (series_id, time, value)
      SELECT series_id, time, value FROM (
        SELECT s AS series_id, t AS time,
          CASE s % 4
            WHEN 0 THEN floor(-ln(1 - r1) * 3)
            WHEN 1 THEN round((20 + s % 60 + 10 * sin(date_part('epoch', ${day}::timestamptz) / 86400 + s)
              + sum((r1 - 0.5) * 0.1) OVER (PARTITION BY s ORDER BY t))::numeric, 2)::float8
            WHEN 2 THEN round(exp(ln(20) + 0.5 * sqrt(-2 * ln(1 - r1)) * cos(2 * pi() * r2))::numeric, 3)::float8
            ELSE r1
          END AS value
        FROM (
          SELECT s, i, r1, r2, date_trunc('milliseconds', CASE WHEN s % 4 = 1
              THEN ${day}::timestamptz + (i * (86400.0 / ${perSeriesPerDay}::int) + s % 97) * interval '1 second' + floor(r3 * 100) * interval '1 millisecond'
              ELSE ${day}::timestamptz + floor(r3 * 86400000) * interval '1 millisecond' END) AS t
          FROM (
            SELECT s, i, random() AS r1, random() AS r2, random() AS r3
            FROM generate_series(1, ${series}::int) s, generate_series(0, ${perSeriesPerDay}::int - 1) i
          ) g
        ) p
      ) x
      WHERE time < ${day}::timestamptz + interval '1 day'
      ORDER BY time`;
    written += result.count;
  }
  return written;
}
