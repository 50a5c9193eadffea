-- Compression of raw rows past the age in force (lib/storage/compression).
--
-- TimescaleDB: native compression of the raw hypertables (points and set_points segmented by
-- series, events by project and name, each ordered by time) with a compression policy whose
-- age compressOldData keeps equal to the longest compressAfterDays of any project.
--
-- Plain PostgreSQL: closed day partitions are packed into <table>_packed, one row per series
-- (events: per project and name), UTC day and up to 1,000 raw rows, as arrays PostgreSQL
-- compresses inside the row (storage MAIN, toast_tuple_target 128). PostgreSQL compresses only
-- rows over about 2 kB (TOAST_TUPLE_THRESHOLD, fixed when it is built; toast_tuple_target only
-- sets how far it goes once it has started), so every packed row carries `filler`, 2 kB of one
-- character that compress to 35 bytes, and sparse series are compressed too. Integers are split
-- into byte planes ("char"[] arrays, least significant byte first, shifted by 128 because
-- "char" is signed): pglz finds nothing to compress in bytes that vary, but the planes of
-- nearly constant high bytes shrink to almost nothing:
--   times   t_min + (t0..t4 as an integer) * time_step microseconds, time_step being 10^6,
--           10^3 or 1, the coarsest unit every time of the row is a whole multiple of;
--   values  (value_base + v0..v3 as an integer) / value_div when every value of the row is an
--           integer over a power of ten (1 to 10^6) that divides back to it bit for bit
--           (counters, decimals), else value_float as it is.
-- Packed tables are range-partitioned on `day` like the raw tables (<table>_packed_pYYYYMMDD,
-- made by flux_ensure_partitions), so retention drops them the same way.
--
-- Readers never see the difference: flux_raw_<table>(from, to) yields a raw table's rows with
-- time in [from, to) on both paths. Set-returning SQL functions like these are inlined by the
-- planner, so a caller's predicates reach both arms and only partitions in range are read.

-- Byte i (0: least significant) of a non-negative integer, as a "char".
CREATE OR REPLACE FUNCTION flux_byte(x bigint, i integer) RETURNS "char"
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ((((x >> (8 * i)) & 255) - 128)::integer)::"char"
$$;
--> statement-breakpoint
-- The integer whose bytes are b0 (least significant) to b4; a missing byte is 0.
CREATE OR REPLACE FUNCTION flux_unbytes(b0 "char", b1 "char", b2 "char", b3 "char", b4 "char") RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(b0::integer + 128, 0)::bigint | (coalesce(b1::integer + 128, 0)::bigint << 8) | (coalesce(b2::integer + 128, 0)::bigint << 16)
    | (coalesce(b3::integer + 128, 0)::bigint << 24) | (coalesce(b4::integer + 128, 0)::bigint << 32)
$$;
--> statement-breakpoint
-- Whether v is stored exactly as the integer round(v * d) divided by d: the division gives v
-- back bit for bit. Equal non-zero floats have the same bits; -0, NaN and the infinities never
-- fit, and v * d is only computed below 2^52 (PostgreSQL raises an error on overflow). Not
-- STRICT, so that the planner inlines it.
CREATE OR REPLACE FUNCTION flux_value_fits(v double precision, d double precision) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v IS NULL OR d IS NULL THEN false
    WHEN v = 0 THEN float8send(v) = '\x0000000000000000'::bytea
    WHEN abs(v) < 4503599627370496 / d THEN round(v * d)::bigint / d = v
    ELSE false END
$$;
--> statement-breakpoint
-- The smallest power of ten (1 to 10^6) by which v fits; NULL when none does.
CREATE OR REPLACE FUNCTION flux_value_div(v double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN flux_value_fits(v, 1) THEN 1 WHEN flux_value_fits(v, 10) THEN 10 WHEN flux_value_fits(v, 100) THEN 100
    WHEN flux_value_fits(v, 1000) THEN 1000 WHEN flux_value_fits(v, 10000) THEN 10000
    WHEN flux_value_fits(v, 100000) THEN 100000 WHEN flux_value_fits(v, 1000000) THEN 1000000
  END::double precision
$$;
--> statement-breakpoint
-- The rows of one packed points row.
CREATE OR REPLACE FUNCTION flux_unpack_points(t_min timestamptz, time_step bigint, t0 "char"[], t1 "char"[], t2 "char"[], t3 "char"[], t4 "char"[],
  value_base bigint, value_div double precision, v0 "char"[], v1 "char"[], v2 "char"[], v3 "char"[], value_float double precision[])
RETURNS TABLE ("time" timestamptz, value double precision) LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT t_min + flux_unbytes(x.a0, x.a1, x.a2, x.a3, x.a4) * time_step * interval '1 microsecond',
    coalesce(x.f, (value_base + flux_unbytes(x.b0, x.b1, x.b2, x.b3, NULL))::double precision / value_div)
  FROM unnest(t0, t1, t2, t3, t4, v0, v1, v2, v3, value_float) AS x(a0, a1, a2, a3, a4, b0, b1, b2, b3, f)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION flux_unpack_set_points(t_min timestamptz, time_step bigint, t0 "char"[], t1 "char"[], t2 "char"[], t3 "char"[], t4 "char"[], member text[])
RETURNS TABLE ("time" timestamptz, member text) LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT t_min + flux_unbytes(x.a0, x.a1, x.a2, x.a3, x.a4) * time_step * interval '1 microsecond', x.m
  FROM unnest(t0, t1, t2, t3, t4, member) AS x(a0, a1, a2, a3, a4, m)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION flux_unpack_events(t_min timestamptz, time_step bigint, t0 "char"[], t1 "char"[], t2 "char"[], t3 "char"[], t4 "char"[],
  event_id text[], user_id text[], session_id text[], value double precision[], properties jsonb[], tags jsonb[], environment text[], service text[],
  received_at timestamptz[])
RETURNS TABLE ("time" timestamptz, event_id text, user_id text, session_id text, value double precision, properties jsonb, tags jsonb,
  environment text, service text, received_at timestamptz) LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT t_min + flux_unbytes(x.a0, x.a1, x.a2, x.a3, x.a4) * time_step * interval '1 microsecond', x.e, x.u, x.s, x.v, x.p, x.t, x.env, x.svc, x.r
  FROM unnest(t0, t1, t2, t3, t4, event_id, user_id, session_id, value, properties, tags, environment, service, received_at)
    AS x(a0, a1, a2, a3, a4, e, u, s, v, p, t, env, svc, r)
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
  c text;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    ALTER TABLE points SET (timescaledb.compress, timescaledb.compress_segmentby = 'series_id', timescaledb.compress_orderby = 'time DESC');
    ALTER TABLE set_points SET (timescaledb.compress, timescaledb.compress_segmentby = 'series_id', timescaledb.compress_orderby = 'time DESC');
    ALTER TABLE events SET (timescaledb.compress, timescaledb.compress_segmentby = 'project_id, name', timescaledb.compress_orderby = 'time DESC');
    PERFORM add_compression_policy('points'::regclass, compress_after => interval '7 days', if_not_exists => true);
    PERFORM add_compression_policy('set_points'::regclass, compress_after => interval '7 days', if_not_exists => true);
    PERFORM add_compression_policy('events'::regclass, compress_after => interval '7 days', if_not_exists => true);

    CREATE FUNCTION flux_raw_points(from_ts timestamptz, to_ts timestamptz)
    RETURNS TABLE (series_id integer, "time" timestamptz, value double precision) LANGUAGE sql STABLE AS $f$
      SELECT r.series_id, r.time, r.value FROM points r WHERE r.time >= from_ts AND r.time < to_ts
    $f$;
    CREATE FUNCTION flux_raw_set_points(from_ts timestamptz, to_ts timestamptz)
    RETURNS TABLE (series_id integer, "time" timestamptz, member text) LANGUAGE sql STABLE AS $f$
      SELECT r.series_id, r.time, r.member FROM set_points r WHERE r.time >= from_ts AND r.time < to_ts
    $f$;
    CREATE FUNCTION flux_raw_events(from_ts timestamptz, to_ts timestamptz)
    RETURNS TABLE (project_id uuid, "time" timestamptz, name text, event_id text, user_id text, session_id text, value double precision,
      properties jsonb, tags jsonb, environment text, service text, received_at timestamptz) LANGUAGE sql STABLE AS $f$
      SELECT r.project_id, r.time, r.name, r.event_id, r.user_id, r.session_id, r.value, r.properties, r.tags, r.environment, r.service, r.received_at
      FROM events r WHERE r.time >= from_ts AND r.time < to_ts
    $f$;
  ELSE
    CREATE TABLE points_packed (
      series_id integer NOT NULL, day timestamptz NOT NULL, t_min timestamptz NOT NULL, t_max timestamptz NOT NULL,
      time_step bigint NOT NULL, t0 "char"[] NOT NULL, t1 "char"[], t2 "char"[], t3 "char"[], t4 "char"[],
      value_base bigint, value_div double precision, v0 "char"[], v1 "char"[], v2 "char"[], v3 "char"[], value_float double precision[],
      filler text
    ) PARTITION BY RANGE (day);
    CREATE TABLE set_points_packed (
      series_id integer NOT NULL, day timestamptz NOT NULL, t_min timestamptz NOT NULL, t_max timestamptz NOT NULL,
      time_step bigint NOT NULL, t0 "char"[] NOT NULL, t1 "char"[], t2 "char"[], t3 "char"[], t4 "char"[], member text[] NOT NULL, filler text
    ) PARTITION BY RANGE (day);
    CREATE TABLE events_packed (
      project_id uuid NOT NULL, name text NOT NULL, day timestamptz NOT NULL, t_min timestamptz NOT NULL, t_max timestamptz NOT NULL,
      time_step bigint NOT NULL, t0 "char"[] NOT NULL, t1 "char"[], t2 "char"[], t3 "char"[], t4 "char"[],
      event_id text[] NOT NULL, user_id text[] NOT NULL, session_id text[] NOT NULL, value double precision[] NOT NULL,
      properties jsonb[] NOT NULL, tags jsonb[] NOT NULL, environment text[] NOT NULL, service text[] NOT NULL, received_at timestamptz[] NOT NULL,
      filler text
    ) PARTITION BY RANGE (day);
    CREATE INDEX points_packed_series_idx ON points_packed (series_id, t_min);
    CREATE INDEX set_points_packed_series_idx ON set_points_packed (series_id, t_min);
    CREATE INDEX events_packed_name_idx ON events_packed (project_id, name, t_min);
    -- Compressed inside the heap row (MAIN) rather than moved to the TOAST table, which costs a
    -- pointer, chunk rows and an index entry per array and a lookup per read; only a row still
    -- over about 8 kB after compression goes out of line. Partitions inherit the setting.
    FOR t, c IN SELECT a.attrelid::regclass::text, a.attname FROM pg_attribute a
      WHERE a.attrelid IN ('points_packed'::regclass, 'set_points_packed'::regclass, 'events_packed'::regclass)
        AND a.attnum > 0 AND a.attstorage = 'x'
    LOOP
      EXECUTE format('ALTER TABLE %I ALTER %I SET STORAGE MAIN', t, c);
    END LOOP;

    CREATE FUNCTION flux_raw_points(from_ts timestamptz, to_ts timestamptz)
    RETURNS TABLE (series_id integer, "time" timestamptz, value double precision) LANGUAGE sql STABLE AS $f$
      SELECT r.series_id, r.time, r.value FROM points r WHERE r.time >= from_ts AND r.time < to_ts
      UNION ALL
      SELECT p.series_id, u.time, u.value
      FROM points_packed p CROSS JOIN LATERAL flux_unpack_points(p.t_min, p.time_step, p.t0, p.t1, p.t2, p.t3, p.t4,
        p.value_base, p.value_div, p.v0, p.v1, p.v2, p.v3, p.value_float) u
      WHERE p.day > from_ts - interval '1 day' AND p.day < to_ts AND p.t_max >= from_ts AND p.t_min < to_ts
        AND ((p.t_min >= from_ts AND p.t_max < to_ts) OR (u.time >= from_ts AND u.time < to_ts))
    $f$;
    CREATE FUNCTION flux_raw_set_points(from_ts timestamptz, to_ts timestamptz)
    RETURNS TABLE (series_id integer, "time" timestamptz, member text) LANGUAGE sql STABLE AS $f$
      SELECT r.series_id, r.time, r.member FROM set_points r WHERE r.time >= from_ts AND r.time < to_ts
      UNION ALL
      SELECT p.series_id, u.time, u.member
      FROM set_points_packed p CROSS JOIN LATERAL flux_unpack_set_points(p.t_min, p.time_step, p.t0, p.t1, p.t2, p.t3, p.t4, p.member) u
      WHERE p.day > from_ts - interval '1 day' AND p.day < to_ts AND p.t_max >= from_ts AND p.t_min < to_ts
        AND ((p.t_min >= from_ts AND p.t_max < to_ts) OR (u.time >= from_ts AND u.time < to_ts))
    $f$;
    CREATE FUNCTION flux_raw_events(from_ts timestamptz, to_ts timestamptz)
    RETURNS TABLE (project_id uuid, "time" timestamptz, name text, event_id text, user_id text, session_id text, value double precision,
      properties jsonb, tags jsonb, environment text, service text, received_at timestamptz) LANGUAGE sql STABLE AS $f$
      SELECT r.project_id, r.time, r.name, r.event_id, r.user_id, r.session_id, r.value, r.properties, r.tags, r.environment, r.service, r.received_at
      FROM events r WHERE r.time >= from_ts AND r.time < to_ts
      UNION ALL
      SELECT p.project_id, u.time, p.name, u.event_id, u.user_id, u.session_id, u.value, u.properties, u.tags, u.environment, u.service, u.received_at
      FROM events_packed p CROSS JOIN LATERAL flux_unpack_events(p.t_min, p.time_step, p.t0, p.t1, p.t2, p.t3, p.t4, p.event_id, p.user_id,
        p.session_id, p.value, p.properties, p.tags, p.environment, p.service, p.received_at) u
      WHERE p.day > from_ts - interval '1 day' AND p.day < to_ts AND p.t_max >= from_ts AND p.t_min < to_ts
        AND ((p.t_min >= from_ts AND p.t_max < to_ts) OR (u.time >= from_ts AND u.time < to_ts))
    $f$;
  END IF;
END $$;
--> statement-breakpoint
-- Packs one raw day partition (<tbl>_pYYYYMMDD) into <tbl>_packed and empties it. Rows that
-- arrived late into a day already packed are merged: the packed rows of the series (events:
-- project and name) they belong to are unpacked and packed again with them. One statement,
-- so a reader sees the day either before or after, never both or neither; rows inserted
-- meanwhile stay in the raw partition for the next run. Returns the raw rows moved and the
-- packed rows written.
CREATE OR REPLACE FUNCTION flux_pack_day(tbl text, day date, OUT moved bigint, OUT packed_rows bigint)
LANGUAGE plpgsql SET work_mem = '64MB' AS $$
DECLARE
  raw text := tbl || '_p' || to_char(day, 'YYYYMMDD');
  packed text := tbl || '_packed_p' || to_char(day, 'YYYYMMDD');
  day_start timestamptz := day::timestamp AT TIME ZONE 'UTC';
  key text := CASE tbl WHEN 'events' THEN 'project_id, name' ELSE 'series_id' END;
  cols text;
  unpack text;
  tiebreak text;
  div_col text := '';
  value_cols text := '';
  value_windows text := '';
  value_aggs text := '';
  has_rows boolean;
  stmt text;
BEGIN
  moved := 0;
  packed_rows := 0;
  IF tbl NOT IN ('points', 'set_points', 'events') THEN
    RAISE EXCEPTION 'flux_pack_day: % is not a raw table', tbl;
  END IF;
  IF to_regclass(raw) IS NULL THEN RETURN; END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', raw) INTO has_rows;
  IF NOT has_rows THEN RETURN; END IF;
  PERFORM flux_ensure_partitions(tbl || '_packed', day_start, day_start);
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass(packed) AND reloptions @> ARRAY['toast_tuple_target=128']) THEN
    -- Compress rows over 128 bytes, not only those over 2 kB.
    EXECUTE format('ALTER TABLE %I SET (toast_tuple_target = 128)', packed);
  END IF;

  IF tbl = 'points' THEN
    cols := 'series_id, time, value';
    tiebreak := 'value';
    unpack := $q$SELECT o.series_id, u.time, u.value FROM old o CROSS JOIN LATERAL flux_unpack_points(o.t_min, o.time_step, o.t0, o.t1, o.t2, o.t3, o.t4,
      o.value_base, o.value_div, o.v0, o.v1, o.v2, o.v3, o.value_float) u$q$;
    -- The row's divisor, when every value has one; then each value's integer, and the row's
    -- base when all of them fit in four bytes above it.
    div_col := $q$, flux_value_div(value) AS vd$q$;
    value_cols := $q$, CASE WHEN bool_and(vd IS NOT NULL) OVER w THEN max(vd) OVER w END AS div$q$;
    value_windows := $q$, CASE WHEN flux_value_fits(value, div) THEN round(value * div)::bigint END AS k$q$;
    value_aggs := $q$, value_base, value_div, v0, v1, v2, v3, value_float)
      SELECT series_id, {day}, min(time), max(time), min(step), repeat('.', 2048), {times},
        min(k_base), CASE WHEN min(k_base) IS NOT NULL THEN min(div) END,
        CASE WHEN min(k_base) IS NOT NULL THEN array_agg(flux_byte(k - k_base, 0) ORDER BY ord) END,
        CASE WHEN min(k_base) IS NOT NULL AND max(k - k_base) >= 256 THEN array_agg(flux_byte(k - k_base, 1) ORDER BY ord) END,
        CASE WHEN min(k_base) IS NOT NULL AND max(k - k_base) >= 65536 THEN array_agg(flux_byte(k - k_base, 2) ORDER BY ord) END,
        CASE WHEN min(k_base) IS NOT NULL AND max(k - k_base) >= 16777216 THEN array_agg(flux_byte(k - k_base, 3) ORDER BY ord) END,
        CASE WHEN min(k_base) IS NULL THEN array_agg(value ORDER BY ord) END$q$;
  ELSIF tbl = 'set_points' THEN
    cols := 'series_id, time, member';
    tiebreak := 'member';
    unpack := $q$SELECT o.series_id, u.time, u.member FROM old o CROSS JOIN LATERAL flux_unpack_set_points(o.t_min, o.time_step, o.t0, o.t1, o.t2, o.t3, o.t4, o.member) u$q$;
    value_aggs := $q$, member) SELECT series_id, {day}, min(time), max(time), min(step), repeat('.', 2048), {times}, array_agg(member ORDER BY ord)$q$;
  ELSE
    cols := 'project_id, time, name, event_id, user_id, session_id, value, properties, tags, environment, service, received_at';
    tiebreak := 'received_at';
    unpack := $q$SELECT o.project_id, u.time, o.name, u.event_id, u.user_id, u.session_id, u.value, u.properties, u.tags, u.environment, u.service, u.received_at
      FROM old o CROSS JOIN LATERAL flux_unpack_events(o.t_min, o.time_step, o.t0, o.t1, o.t2, o.t3, o.t4, o.event_id, o.user_id, o.session_id,
        o.value, o.properties, o.tags, o.environment, o.service, o.received_at) u$q$;
    value_aggs := $q$, event_id, user_id, session_id, value, properties, tags, environment, service, received_at)
      SELECT project_id, name, {day}, min(time), max(time), min(step), repeat('.', 2048), {times},
        array_agg(event_id ORDER BY ord), array_agg(user_id ORDER BY ord), array_agg(session_id ORDER BY ord), array_agg(value ORDER BY ord),
        array_agg(properties ORDER BY ord), array_agg(tags ORDER BY ord), array_agg(environment ORDER BY ord), array_agg(service ORDER BY ord),
        array_agg(received_at ORDER BY ord)$q$;
  END IF;

  stmt := $q$
    WITH moved AS (DELETE FROM {raw} RETURNING {cols}),
    old AS (DELETE FROM {packed} p WHERE ({pkey}) IN (SELECT {key} FROM moved) RETURNING p.*),
    unpacked AS (SELECT {cols} FROM moved UNION ALL {unpack}),
    keyed AS (
      SELECT u.*, row_number() OVER (PARTITION BY {key} ORDER BY time, {tiebreak}) AS ord,
        round(date_part('epoch', time - {day}) * 1000000)::bigint AS us {value_div}
      FROM unpacked u
    ),
    framed AS (
      SELECT k.*, min(us) OVER w AS us_min,
        CASE WHEN bool_and(us % 1000000 = 0) OVER w THEN 1000000 WHEN bool_and(us % 1000 = 0) OVER w THEN 1000 ELSE 1 END AS step {value_cols}
      FROM (SELECT *, (ord - 1) / 1000 AS chunk FROM keyed) k WINDOW w AS (PARTITION BY {key}, chunk)
    ),
    offsets AS (SELECT f.*, (us - us_min) / step AS off {value_windows} FROM framed f),
    based AS (
      SELECT o.*, {k_base} AS k_base FROM offsets o WINDOW w AS (PARTITION BY {key}, chunk)
    ),
    ins AS (
      INSERT INTO {packed} ({key}, day, t_min, t_max, time_step, filler, t0, t1, t2, t3, t4 {value_aggs}
      FROM based GROUP BY {key}, chunk
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM ins)$q$;
  stmt := replace(stmt, '{value_aggs}', value_aggs);
  stmt := replace(stmt, '{times}', $q$
        array_agg(flux_byte(off, 0) ORDER BY ord),
        CASE WHEN max(off) >= 256 THEN array_agg(flux_byte(off, 1) ORDER BY ord) END,
        CASE WHEN max(off) >= 65536 THEN array_agg(flux_byte(off, 2) ORDER BY ord) END,
        CASE WHEN max(off) >= 16777216 THEN array_agg(flux_byte(off, 3) ORDER BY ord) END,
        CASE WHEN max(off) >= 4294967296 THEN array_agg(flux_byte(off, 4) ORDER BY ord) END$q$);
  stmt := replace(stmt, '{k_base}', CASE WHEN tbl = 'points'
    THEN $q$CASE WHEN bool_and(k IS NOT NULL) OVER w AND max(k) OVER w - min(k) OVER w < 4294967296 THEN min(k) OVER w END$q$
    ELSE 'NULL::bigint' END);
  stmt := replace(stmt, '{value_div}', div_col);
  stmt := replace(stmt, '{value_cols}', value_cols);
  stmt := replace(stmt, '{value_windows}', value_windows);
  stmt := replace(stmt, '{unpack}', unpack);
  stmt := replace(stmt, '{cols}', cols);
  stmt := replace(stmt, '{pkey}', CASE WHEN tbl = 'events' THEN 'p.project_id, p.name' ELSE 'p.series_id' END);
  stmt := replace(stmt, '{key}', key);
  stmt := replace(stmt, '{tiebreak}', tiebreak);
  stmt := replace(stmt, '{raw}', quote_ident(raw));
  stmt := replace(stmt, '{packed}', quote_ident(packed));
  stmt := replace(stmt, '{day}', format('(%L::timestamptz)', day_start));
  EXECUTE stmt INTO moved, packed_rows;
END $$;
