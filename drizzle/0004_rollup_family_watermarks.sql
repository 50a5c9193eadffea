-- Watermarks per rollup family and tier (points, sketch, sets, events, event_users). With
-- TimescaleDB each continuous aggregate has its own watermark, and one whose source holds no
-- rows yet never advances: a tier-wide minimum would then keep every family of that tier
-- unread. The engine reads a family only below its own watermark.
CREATE OR REPLACE FUNCTION flux_rollup_family_watermarks() RETURNS TABLE (tier text, family text, watermark timestamptz)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF to_regclass('rollup_watermarks') IS NOT NULL THEN
    -- Flux's own tables advance every family of a tier together.
    RETURN QUERY
      SELECT w.tier, f.family, w.watermark
      FROM flux_rollup_watermarks() w CROSS JOIN unnest(ARRAY['points', 'sketch', 'sets', 'events', 'event_users']) AS f(family);
  ELSE
    RETURN QUERY EXECUTE $q$
      WITH per_cagg AS (
        SELECT substring(ca.user_view_name from '_(1m|1h|1d)$') AS tier,
               substring(ca.user_view_name from '^rollup_(.*)_(?:1m|1h|1d)$') AS family,
               _timescaledb_functions.to_timestamp(least(
                 _timescaledb_functions.cagg_watermark(ca.mat_hypertable_id),
                 coalesce((SELECT min(l.lowest_modified_value) FROM _timescaledb_catalog.continuous_aggs_materialization_invalidation_log l
                           WHERE l.materialization_id = ca.mat_hypertable_id AND l.greatest_modified_value > -210866803200000001), 9223372036854775807),
                 coalesce((SELECT min(h.lowest_modified_value) FROM _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log h
                           WHERE h.hypertable_id = ca.raw_hypertable_id), 9223372036854775807)
               )) AS mark
        FROM _timescaledb_catalog.continuous_agg ca
        WHERE ca.user_view_name ~ '^rollup_.*_(1m|1h|1d)$'
      ),
      minute AS (SELECT family, mark FROM per_cagg WHERE tier = '1m'),
      hour AS (
        SELECT h.family, least(h.mark, date_trunc('hour', m.mark, 'UTC')) AS mark
        FROM per_cagg h JOIN minute m USING (family) WHERE h.tier = '1h'
      ),
      day AS (
        SELECT d.family, least(d.mark, date_trunc('day', h.mark, 'UTC')) AS mark
        FROM per_cagg d JOIN hour h USING (family) WHERE d.tier = '1d'
      )
      SELECT '1m'::text, family, mark FROM minute
      UNION ALL SELECT '1h'::text, family, mark FROM hour
      UNION ALL SELECT '1d'::text, family, mark FROM day$q$;
  END IF;
END $$;
