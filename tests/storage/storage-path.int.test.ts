import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { api, createTestProject, storagePath } from "../fixtures";

// Which storage path this int leg runs (npm test runs the suite on both): the migrations must
// have built the raw tables and rollups the way that path promises, and ingested rows must
// land where it says (a 1-day chunk, or the day's partition).

const RAW_TABLES = ["points", "set_points", "events"];
const KINDS = ["points", "sketch", "sets", "events", "event_users"];
const TIERS = [
  { tier: "1m", width: "00:01:00", source: { points: "points", sketch: "points", sets: "set_points", events: "events", event_users: "events" } },
  { tier: "1h", width: "01:00:00" },
  { tier: "1d", width: "1 day" },
] as const;
const ROLLUPS = TIERS.flatMap(({ tier }) => KINDS.map((kind) => `rollup_${kind}_${tier}`)).sort();

/** One gauge point, one set member and one event through the running app; where each row is stored. */
async function ingestOneOfEach(): Promise<{ table: string; relation: string; day: string; time: Date }[]> {
  const p = await createTestProject();
  const key = await p.key(["ingest"]);
  const timestamp = new Date(Date.now() - 60_000).toISOString();
  const metrics = await api("/api/v1/metrics/batch", {
    key,
    body: { metrics: [{ type: "gauge", name: "storage.gauge", value: 1.5, timestamp }, { type: "set", name: "storage.set", value: "m-1", timestamp }] },
  });
  expect(metrics.status).toBe(202);
  const events = await api("/api/v1/events/batch", { key, body: { events: [{ name: "storage.event", timestamp, user_id: "u-1" }] } });
  expect(events.status).toBe(202);
  return sql()<{ table: string; relation: string; day: string; time: Date }[]>`
    SELECT 'points' AS table, r.tableoid::regclass::text AS relation, to_char(r.time AT TIME ZONE 'UTC', 'YYYYMMDD') AS day, r.time
      FROM points r JOIN series s ON s.id = r.series_id WHERE s.project_id = ${p.projectId}
    UNION ALL
    SELECT 'set_points', r.tableoid::regclass::text, to_char(r.time AT TIME ZONE 'UTC', 'YYYYMMDD'), r.time
      FROM set_points r JOIN series s ON s.id = r.series_id WHERE s.project_id = ${p.projectId}
    UNION ALL
    SELECT 'events', r.tableoid::regclass::text, to_char(r.time AT TIME ZONE 'UTC', 'YYYYMMDD'), r.time
      FROM events r WHERE r.project_id = ${p.projectId}
    ORDER BY 1`;
}

describe("storage path of this leg", () => {
  it("is the one the migrations recorded and the extension list agrees with", async () => {
    const [setting] = await sql()<{ available: boolean; version: string | null }[]>`
      SELECT (value->>'available')::boolean AS available, value->>'version' AS version FROM instance_settings WHERE key = 'timescaledb'`;
    const extension = await sql()<{ extversion: string }[]>`SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'`;
    expect(storagePath).toBe(setting.available ? "timescaledb" : "postgres");
    expect(extension.map((e) => e.extversion)).toEqual(setting.available ? [setting.version] : []);
  });
});

describe.runIf(storagePath === "timescaledb")("TimescaleDB path", () => {
  it("keeps points, set_points and events as hypertables in 1-day chunks on time", async () => {
    const dims = await sql()<{ hypertable_name: string; column_name: string; time_interval: string }[]>`
      SELECT hypertable_name, column_name, time_interval::text FROM timescaledb_information.dimensions
      WHERE hypertable_schema = 'public' AND hypertable_name IN ('points', 'set_points', 'events') ORDER BY hypertable_name`;
    expect(dims.map((d) => ({ ...d }))).toEqual(
      ["events", "points", "set_points"].map((t) => ({ hypertable_name: t, column_name: "time", time_interval: "1 day" })),
    );
  });

  it("stores an ingested row in a 1-day chunk of its hypertable that covers its time", async () => {
    const rows = await ingestOneOfEach();
    expect(rows.map((r) => r.table)).toEqual(["events", "points", "set_points"]);
    for (const row of rows) {
      expect(row.relation).toMatch(/^_timescaledb_internal\._hyper_\d+_\d+_chunk$/);
      const [chunk] = await sql()<{ hypertable_name: string; width: string; covers: boolean }[]>`
        SELECT hypertable_name, (range_end - range_start)::text AS width, ${row.time} >= range_start AND ${row.time} < range_end AS covers
        FROM timescaledb_information.chunks WHERE chunk_schema || '.' || chunk_name = ${row.relation}`;
      expect({ ...chunk }).toEqual({ hypertable_name: row.table, width: "1 day", covers: true });
    }
  });

  it("has the 15 rollups as materialized-only continuous aggregates, 1m over the raw hypertables, 1h over 1m, 1d over 1h", async () => {
    const caggs = await sql()<{ name: string; materialized_only: boolean; source: string; source_view: string | null }[]>`
      SELECT ca.user_view_name AS name, ca.materialized_only, raw.table_name AS source, src.user_view_name AS source_view
      FROM _timescaledb_catalog.continuous_agg ca
      JOIN _timescaledb_catalog.hypertable raw ON raw.id = ca.raw_hypertable_id
      LEFT JOIN _timescaledb_catalog.continuous_agg src ON src.mat_hypertable_id = ca.raw_hypertable_id
      WHERE ca.user_view_schema = 'public' AND ca.user_view_name LIKE 'rollup\\_%' ORDER BY 1`;
    expect(caggs.map((c) => c.name)).toEqual(ROLLUPS);
    for (const c of caggs) {
      const [, kind, tier] = /^rollup_(.+)_(1m|1h|1d)$/.exec(c.name)!;
      expect(c.materialized_only, c.name).toBe(true);
      if (tier === "1m") {
        expect([c.source, c.source_view], c.name).toEqual([TIERS[0].source[kind as keyof (typeof TIERS)[0]["source"]], null]);
      } else {
        expect(c.source_view, c.name).toBe(`rollup_${kind}_${tier === "1h" ? "1m" : "1h"}`);
      }
    }
  });

  it("refreshes every rollup by a policy that stops one bucket short of now and has no start bound", async () => {
    const policies = await sql()<{ name: string; end_offset: string; start_offset: string | null }[]>`
      SELECT ca.user_view_name AS name, j.config->>'end_offset' AS end_offset, j.config->>'start_offset' AS start_offset
      FROM _timescaledb_catalog.continuous_agg ca
      JOIN timescaledb_information.jobs j ON j.proc_name = 'policy_refresh_continuous_aggregate'
        AND (j.config->>'mat_hypertable_id')::integer = ca.mat_hypertable_id
      WHERE ca.user_view_schema = 'public' AND ca.user_view_name LIKE 'rollup\\_%' ORDER BY 1`;
    expect(policies.map((p) => p.name)).toEqual(ROLLUPS);
    for (const p of policies) {
      const width = TIERS.find((t) => p.name.endsWith(`_${t.tier}`))!.width;
      expect({ end: p.end_offset, start: p.start_offset }, p.name).toEqual({ end: width, start: null });
    }
  });
});

describe.runIf(storagePath === "postgres")("plain PostgreSQL path", () => {
  let partitioned: { name: string; strategy: string; column: string; has_default: boolean }[] = [];
  beforeAll(async () => {
    partitioned = await sql()<typeof partitioned>`
      SELECT c.relname AS name, pt.partstrat AS strategy, a.attname AS column, pt.partdefid <> 0 AS has_default
      FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
      ORDER BY 1`;
  });

  it("keeps points, set_points and events range-partitioned on time, without a default partition", () => {
    expect(partitioned.filter((p) => RAW_TABLES.includes(p.name))).toEqual(
      ["events", "points", "set_points"].map((name) => ({ name, strategy: "r", column: "time", has_default: false })),
    );
  });

  it("stores an ingested row in its day's partition <table>_pYYYYMMDD", async () => {
    const rows = await ingestOneOfEach();
    expect(rows.map((r) => r.table)).toEqual(["events", "points", "set_points"]);
    for (const row of rows) expect(row.relation).toBe(`${row.table}_p${row.day}`);
  });

  it("has the rollups as tables: 1m and 1h range-partitioned on bucket, 1d unpartitioned, with a watermark per tier", async () => {
    const tables = await sql()<{ name: string; kind: string }[]>`
      SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname ~ '^rollup_[a-z_]+_(1m|1h|1d)$' ORDER BY 1`;
    expect(tables.map((t) => t.name)).toEqual(ROLLUPS);
    for (const t of tables) {
      const onBucket = partitioned.find((p) => p.name === t.name);
      if (t.name.endsWith("_1d")) {
        expect([t.kind, onBucket], t.name).toEqual(["r", undefined]);
      } else {
        expect([t.kind, onBucket], t.name).toEqual(["p", { name: t.name, strategy: "r", column: "bucket", has_default: false }]);
      }
    }
    const tiers = await sql()<{ tier: string }[]>`SELECT tier FROM rollup_watermarks ORDER BY tier`;
    expect(tiers.map((t) => t.tier)).toEqual(["1d", "1h", "1m"]);
  });
});
