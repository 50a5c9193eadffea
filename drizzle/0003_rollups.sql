-- Rollups at 1 minute, 1 hour and 1 day. The same relations, with the same columns, exist on
-- both storage paths, so the query engine never asks which one it runs on:
--   rollup_points_<t>       (series_id, bucket, count, sum, min, max, first_pair, last_pair)
--                           every gauge, counter and distribution series; a pair is
--                           ARRAY[epoch seconds, value], so min/max of pairs is first/last by time
--   rollup_sketch_<t>       (series_id, bucket, key, count)   distributions: log buckets (DDSketch)
--   rollup_sets_<t>         (series_id, bucket, register, rank) set members: HyperLogLog registers
--   rollup_events_<t>       (project_id, name, bucket, count, value_sum, value_count)
--   rollup_event_users_<t>  (project_id, name, bucket, register, rank) event user ids: HyperLogLog
-- With TimescaleDB they are continuous aggregates (1h built on 1m, 1d on 1h) with refresh
-- policies; without it, Flux's own tables kept by lib/storage/rollups from a watermark, with a
-- statement trigger that records the minutes late rows touch.

-- DDSketch key: log buckets with gamma 1.0202 (relative error at most 1%), ordered like the
-- values themselves: negative keys for negative values, 0 for |v| < 1e-9.
CREATE OR REPLACE FUNCTION public.flux_sketch_key(v double precision) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN abs(v) < 1e-9 THEN 0
    WHEN v > 0 THEN ceil(ln(v) / ln(1.0202))::integer + 1100
    ELSE -(ceil(ln(-v) / ln(1.0202))::integer + 1100)
  END
$$;
--> statement-breakpoint
-- The representative value of a key: the middle of its bucket in relative terms.
CREATE OR REPLACE FUNCTION public.flux_sketch_value(k integer) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN k = 0 THEN 0::float8
    ELSE sign(k) * 2 * power(1.0202::float8, abs(k) - 1100) / 2.0202 END
$$;
--> statement-breakpoint
-- HyperLogLog with 2^14 registers (0.8% standard error) over a 64-bit hash of the text:
-- the low 14 bits pick the register, the leading zeros of the next 50 bits give the rank.
CREATE OR REPLACE FUNCTION public.flux_hll_register(m text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (hashtextextended(m, 0) & 16383)::integer
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.flux_hll_rank(m text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT 51 - length(ltrim(((hashtextextended(m, 0) >> 14) & 1125899906842623)::bit(50)::text, '0'))
$$;
--> statement-breakpoint
-- Daily partitions for raw tables and 1-minute rollups, monthly ones for hourly rollups.
CREATE OR REPLACE FUNCTION flux_ensure_partitions(parent text, from_ts timestamptz, to_ts timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  unit text := CASE WHEN parent LIKE 'rollup\_%\_1h' THEN 'month' ELSE 'day' END;
  step interval := CASE WHEN parent LIKE 'rollup\_%\_1h' THEN interval '1 month' ELSE interval '1 day' END;
  day timestamp;
  last_day timestamp;
  part text;
  created integer := 0;
BEGIN
  -- Hypertables (and plain tables) manage their own storage.
  IF NOT EXISTS (
    SELECT 1 FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
    WHERE c.oid = to_regclass(parent)
  ) THEN
    RETURN 0;
  END IF;
  -- Several app instances may race to create the same partition.
  PERFORM pg_advisory_xact_lock(hashtext('flux_ensure_partitions:' || parent));
  day := date_trunc(unit, from_ts AT TIME ZONE 'UTC');
  last_day := date_trunc(unit, to_ts AT TIME ZONE 'UTC');
  WHILE day <= last_day LOOP
    part := parent || '_p' || to_char(day, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        part, parent, day AT TIME ZONE 'UTC', (day + step) AT TIME ZONE 'UTC'
      );
      created := created + 1;
    END IF;
    day := day + step;
  END LOOP;
  RETURN created;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
  src text;
  prev text;
  width interval;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    FOREACH t IN ARRAY ARRAY['1m', '1h', '1d'] LOOP
      width := CASE t WHEN '1m' THEN interval '1 minute' WHEN '1h' THEN interval '1 hour' ELSE interval '1 day' END;
      prev := CASE t WHEN '1h' THEN '1m' WHEN '1d' THEN '1h' END;
      IF prev IS NULL THEN
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_points_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT series_id, time_bucket(%L::interval, time) AS bucket, count(*) AS count, sum(value) AS sum, min(value) AS min, max(value) AS max,
            min(ARRAY[date_part('epoch', time), value]) AS first_pair, max(ARRAY[date_part('epoch', time), value]) AS last_pair
          FROM points GROUP BY series_id, time_bucket(%L::interval, time) WITH NO DATA$v$, t, width, width);
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_sketch_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT p.series_id, time_bucket(%L::interval, p.time) AS bucket, public.flux_sketch_key(p.value) AS key, count(*) AS count
          FROM points p JOIN series s ON s.id = p.series_id JOIN metrics m ON m.id = s.metric_id
          WHERE m.type = 'distribution'
          GROUP BY p.series_id, time_bucket(%L::interval, p.time), public.flux_sketch_key(p.value) WITH NO DATA$v$, t, width, width);
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_sets_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT series_id, time_bucket(%L::interval, time) AS bucket, public.flux_hll_register(member) AS register, max(public.flux_hll_rank(member)) AS rank
          FROM set_points GROUP BY series_id, time_bucket(%L::interval, time), public.flux_hll_register(member) WITH NO DATA$v$, t, width, width);
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_events_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT project_id, name, time_bucket(%L::interval, time) AS bucket, count(*) AS count, sum(value) AS value_sum, count(value) AS value_count
          FROM events GROUP BY project_id, name, time_bucket(%L::interval, time) WITH NO DATA$v$, t, width, width);
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_event_users_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT project_id, name, time_bucket(%L::interval, time) AS bucket, public.flux_hll_register(user_id) AS register, max(public.flux_hll_rank(user_id)) AS rank
          FROM events WHERE user_id IS NOT NULL GROUP BY project_id, name, time_bucket(%L::interval, time), public.flux_hll_register(user_id) WITH NO DATA$v$, t, width, width);
      ELSE
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_points_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT series_id, time_bucket(%L::interval, bucket) AS bucket, sum(count)::bigint AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max,
            min(first_pair) AS first_pair, max(last_pair) AS last_pair
          FROM rollup_points_%s GROUP BY series_id, time_bucket(%L::interval, bucket) WITH NO DATA$v$, t, width, prev, width);
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_sketch_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT series_id, time_bucket(%L::interval, bucket) AS bucket, key, sum(count)::bigint AS count
          FROM rollup_sketch_%s GROUP BY series_id, time_bucket(%L::interval, bucket), key WITH NO DATA$v$, t, width, prev, width);
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_sets_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT series_id, time_bucket(%L::interval, bucket) AS bucket, register, max(rank) AS rank
          FROM rollup_sets_%s GROUP BY series_id, time_bucket(%L::interval, bucket), register WITH NO DATA$v$, t, width, prev, width);
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_events_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT project_id, name, time_bucket(%L::interval, bucket) AS bucket, sum(count)::bigint AS count, sum(value_sum) AS value_sum, sum(value_count)::bigint AS value_count
          FROM rollup_events_%s GROUP BY project_id, name, time_bucket(%L::interval, bucket) WITH NO DATA$v$, t, width, prev, width);
        EXECUTE format($v$CREATE MATERIALIZED VIEW rollup_event_users_%s WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS
          SELECT project_id, name, time_bucket(%L::interval, bucket) AS bucket, register, max(rank) AS rank
          FROM rollup_event_users_%s GROUP BY project_id, name, time_bucket(%L::interval, bucket), register WITH NO DATA$v$, t, width, prev, width);
      END IF;
      -- Refresh policies: complete buckets only; a NULL start lets late data re-aggregate the
      -- buckets it invalidated, however old.
      FOREACH src IN ARRAY ARRAY['points', 'sketch', 'sets', 'events', 'event_users'] LOOP
        EXECUTE format('SELECT add_continuous_aggregate_policy(%L, start_offset => NULL, end_offset => %L::interval, schedule_interval => %L::interval)',
          'rollup_' || src || '_' || t, CASE t WHEN '1m' THEN interval '1 minute' WHEN '1h' THEN interval '1 hour' ELSE interval '1 day' END,
          CASE t WHEN '1m' THEN interval '1 minute' WHEN '1h' THEN interval '5 minutes' ELSE interval '1 hour' END);
      END LOOP;
    END LOOP;
  ELSE
    FOREACH t IN ARRAY ARRAY['1m', '1h', '1d'] LOOP
      EXECUTE format('CREATE TABLE rollup_points_%s (series_id integer NOT NULL, bucket timestamptz NOT NULL, count bigint NOT NULL, sum double precision NOT NULL,
        min double precision NOT NULL, max double precision NOT NULL, first_pair double precision[] NOT NULL, last_pair double precision[] NOT NULL,
        PRIMARY KEY (series_id, bucket))%s', t, CASE WHEN t = '1d' THEN '' ELSE ' PARTITION BY RANGE (bucket)' END);
      EXECUTE format('CREATE TABLE rollup_sketch_%s (series_id integer NOT NULL, bucket timestamptz NOT NULL, key integer NOT NULL, count bigint NOT NULL,
        PRIMARY KEY (series_id, bucket, key))%s', t, CASE WHEN t = '1d' THEN '' ELSE ' PARTITION BY RANGE (bucket)' END);
      EXECUTE format('CREATE TABLE rollup_sets_%s (series_id integer NOT NULL, bucket timestamptz NOT NULL, register integer NOT NULL, rank integer NOT NULL,
        PRIMARY KEY (series_id, bucket, register))%s', t, CASE WHEN t = '1d' THEN '' ELSE ' PARTITION BY RANGE (bucket)' END);
      EXECUTE format('CREATE TABLE rollup_events_%s (project_id uuid NOT NULL, name text NOT NULL, bucket timestamptz NOT NULL, count bigint NOT NULL,
        value_sum double precision, value_count bigint NOT NULL, PRIMARY KEY (project_id, name, bucket))%s', t, CASE WHEN t = '1d' THEN '' ELSE ' PARTITION BY RANGE (bucket)' END);
      EXECUTE format('CREATE TABLE rollup_event_users_%s (project_id uuid NOT NULL, name text NOT NULL, bucket timestamptz NOT NULL, register integer NOT NULL,
        rank integer NOT NULL, PRIMARY KEY (project_id, name, bucket, register))%s', t, CASE WHEN t = '1d' THEN '' ELSE ' PARTITION BY RANGE (bucket)' END);
    END LOOP;
    -- How far each tier is complete: every bucket before the watermark is rolled up.
    CREATE TABLE rollup_watermarks (tier text PRIMARY KEY, watermark timestamptz NOT NULL);
    INSERT INTO rollup_watermarks VALUES ('1m', '-infinity'), ('1h', '-infinity'), ('1d', '-infinity');
    -- Minutes that rows arriving behind the 1-minute watermark touched, to re-aggregate.
    CREATE TABLE rollup_invalidations (source text NOT NULL, bucket timestamptz NOT NULL, PRIMARY KEY (source, bucket));
    CREATE FUNCTION flux_record_late_rows() RETURNS trigger LANGUAGE plpgsql AS $f$
    DECLARE
      wm timestamptz := (SELECT watermark FROM rollup_watermarks WHERE tier = '1m');
    BEGIN
      INSERT INTO rollup_invalidations (source, bucket)
      SELECT DISTINCT TG_TABLE_NAME, date_bin('1 minute', time, timestamptz 'epoch') FROM new_rows WHERE time < wm
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $f$;
    CREATE TRIGGER points_late_rows AFTER INSERT ON points REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION flux_record_late_rows();
    CREATE TRIGGER set_points_late_rows AFTER INSERT ON set_points REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION flux_record_late_rows();
    CREATE TRIGGER events_late_rows AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION flux_record_late_rows();
  END IF;
END $$;
--> statement-breakpoint
-- Every tier's watermark, whichever path: all buckets before it are materialized and no
-- late row below it waits to be re-aggregated, so the query engine may read the tier there.
-- A coarser tier is never trusted beyond the finer one it is built from.
CREATE OR REPLACE FUNCTION flux_rollup_watermarks() RETURNS TABLE (tier text, watermark timestamptz)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  m1 timestamptz;
  h1 timestamptz;
  d1 timestamptz;
BEGIN
  IF to_regclass('rollup_watermarks') IS NOT NULL THEN
    SELECT min(bucket) INTO m1 FROM rollup_invalidations;
    m1 := least((SELECT w.watermark FROM rollup_watermarks w WHERE w.tier = '1m'), coalesce(m1, 'infinity'));
    h1 := least((SELECT w.watermark FROM rollup_watermarks w WHERE w.tier = '1h'), m1);
    d1 := least((SELECT w.watermark FROM rollup_watermarks w WHERE w.tier = '1d'), h1);
  ELSE
    -- Per continuous aggregate: its watermark, lowered to the oldest change still waiting in
    -- either invalidation log (its own, or its source hypertable's). Entries that end before
    -- 4713 BC are TimescaleDB's markers for "before any data", not changes.
    EXECUTE $q$
      WITH per_cagg AS (
        SELECT substring(ca.user_view_name from '_(1m|1h|1d)$') AS tier,
               least(
                 _timescaledb_functions.cagg_watermark(ca.mat_hypertable_id),
                 coalesce((SELECT min(l.lowest_modified_value) FROM _timescaledb_catalog.continuous_aggs_materialization_invalidation_log l
                           WHERE l.materialization_id = ca.mat_hypertable_id AND l.greatest_modified_value > -210866803200000001), 9223372036854775807),
                 coalesce((SELECT min(h.lowest_modified_value) FROM _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log h
                           WHERE h.hypertable_id = ca.raw_hypertable_id), 9223372036854775807)
               ) AS usec
        FROM _timescaledb_catalog.continuous_agg ca
        WHERE ca.user_view_name ~ '^rollup_.*_(1m|1h|1d)$'
      )
      SELECT _timescaledb_functions.to_timestamp(min(usec) FILTER (WHERE tier = '1m')),
             _timescaledb_functions.to_timestamp(min(usec) FILTER (WHERE tier = '1h')),
             _timescaledb_functions.to_timestamp(min(usec) FILTER (WHERE tier = '1d'))
      FROM per_cagg$q$ INTO m1, h1, d1;
  END IF;
  h1 := least(h1, date_trunc('hour', m1, 'UTC'));
  d1 := least(d1, date_trunc('day', h1, 'UTC'));
  RETURN QUERY VALUES ('1m'::text, m1), ('1h'::text, h1), ('1d'::text, d1);
END $$;
