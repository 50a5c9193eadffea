-- Raw time-series tables. With TimescaleDB they are hypertables (chunks by day); without it
-- they are native range-partitioned tables whose daily partitions flux_ensure_partitions()
-- creates ahead of the data. Callers never see the difference.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    CREATE TABLE points (series_id integer NOT NULL, time timestamptz NOT NULL, value double precision NOT NULL);
    CREATE TABLE set_points (series_id integer NOT NULL, time timestamptz NOT NULL, member text NOT NULL);
    CREATE TABLE events (
      project_id uuid NOT NULL, time timestamptz NOT NULL, name text NOT NULL, event_id text,
      user_id text, session_id text, value double precision, properties jsonb NOT NULL DEFAULT '{}',
      tags jsonb NOT NULL DEFAULT '{}', environment text, service text, received_at timestamptz NOT NULL DEFAULT now()
    );
    EXECUTE 'SELECT create_hypertable(''points'', ''time'', chunk_time_interval => interval ''1 day'')';
    EXECUTE 'SELECT create_hypertable(''set_points'', ''time'', chunk_time_interval => interval ''1 day'')';
    EXECUTE 'SELECT create_hypertable(''events'', ''time'', chunk_time_interval => interval ''1 day'')';
  ELSE
    CREATE TABLE points (series_id integer NOT NULL, time timestamptz NOT NULL, value double precision NOT NULL)
      PARTITION BY RANGE (time);
    CREATE TABLE set_points (series_id integer NOT NULL, time timestamptz NOT NULL, member text NOT NULL)
      PARTITION BY RANGE (time);
    CREATE TABLE events (
      project_id uuid NOT NULL, time timestamptz NOT NULL, name text NOT NULL, event_id text,
      user_id text, session_id text, value double precision, properties jsonb NOT NULL DEFAULT '{}',
      tags jsonb NOT NULL DEFAULT '{}', environment text, service text, received_at timestamptz NOT NULL DEFAULT now()
    ) PARTITION BY RANGE (time);
  END IF;
END $$;
--> statement-breakpoint
CREATE INDEX points_series_time_idx ON points (series_id, time DESC);
--> statement-breakpoint
CREATE INDEX set_points_series_time_idx ON set_points (series_id, time DESC);
--> statement-breakpoint
CREATE INDEX events_project_name_time_idx ON events (project_id, name, time DESC);
--> statement-breakpoint
CREATE INDEX events_project_time_idx ON events (project_id, time DESC);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION flux_ensure_partitions(parent text, from_ts timestamptz, to_ts timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  day date;
  last_day date;
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
  -- Several app instances may race to create the same day.
  PERFORM pg_advisory_xact_lock(hashtext('flux_ensure_partitions:' || parent));
  day := (from_ts AT TIME ZONE 'UTC')::date;
  last_day := (to_ts AT TIME ZONE 'UTC')::date;
  WHILE day <= last_day LOOP
    part := parent || '_p' || to_char(day, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        part, parent, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC'
      );
      created := created + 1;
    END IF;
    day := day + 1;
  END LOOP;
  RETURN created;
END $$;
