import type { Migration, MigrationContext } from './migration';

/*
 * Never edit this SQL after release: applied databases keep its checksum.
 *
 * TimescaleDB: compression of fixes chunks older than 7 days, segmented by vessel (a vessel's track in one
 * chunk compresses into a few column batches, and a track query decompresses only that vessel's segment);
 * a continuous aggregate of hourly positions per vessel (the last accepted fix of each hour) for long
 * tracks, real-time (materialized_only = false) so the newest hours come straight from fixes.
 * The retention policy is not created here: its interval is configuration, so openStore (re)creates it
 * from StoreOptions.fixesRetentionMonths (see retention.ts).
 *
 * Both: vw_apply_fixes_retention(cutoff), the retention the app can run itself. It is the only retention on
 * plain PostgreSQL, and on PGlite, where TimescaleDB's background jobs never run.
 */

export const FIXES_COMPRESS_AFTER = '7 days';
export const FIXES_HOURLY_VIEW = 'fixes_hourly';

const TIMESCALE_SQL = `ALTER TABLE fixes SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'vessel_id',
  timescaledb.compress_orderby = 'reported_at DESC, source'
);
SELECT add_compression_policy('fixes', compress_after => INTERVAL '${FIXES_COMPRESS_AFTER}');

CREATE MATERIALIZED VIEW ${FIXES_HOURLY_VIEW}
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT vessel_id,
       time_bucket(INTERVAL '1 hour', reported_at) AS bucket,
       max(reported_at) AS reported_at,
       last(lon, reported_at) AS lon,
       last(lat, reported_at) AS lat,
       last(speed_knots, reported_at) AS speed_knots,
       last(course_deg, reported_at) AS course_deg,
       count(*)::int AS fix_count
FROM fixes
WHERE rejection_reason IS NULL
GROUP BY vessel_id, bucket
WITH NO DATA;
SELECT add_continuous_aggregate_policy('${FIXES_HOURLY_VIEW}',
  start_offset => INTERVAL '30 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '1 hour');

CREATE FUNCTION vw_apply_fixes_retention(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  dropped bigint;
BEGIN
  -- Whole chunks only: a chunk goes once all of it is older than the cutoff (chunks span 7 days).
  SELECT count(*) INTO dropped FROM drop_chunks('fixes', older_than => cutoff);
  PERFORM drop_chunks('${FIXES_HOURLY_VIEW}', older_than => cutoff);
  RETURN dropped;
END
$$;
COMMENT ON FUNCTION vw_apply_fixes_retention(timestamptz) IS 'Drops fixes chunks (and hourly aggregate chunks) entirely older than cutoff; returns the number of fixes chunks dropped.';`;

const PLAIN_SQL = `CREATE FUNCTION vw_apply_fixes_retention(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  deleted bigint;
BEGIN
  DELETE FROM fixes WHERE reported_at < cutoff;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END
$$;
COMMENT ON FUNCTION vw_apply_fixes_retention(timestamptz) IS 'Deletes fixes reported before cutoff; returns the number of rows deleted.';`;

export const migration0003FixesLifecycle: Migration = {
  id: '0003_fixes_lifecycle',
  description:
    'fixes compression and hourly continuous aggregate (TimescaleDB); retention function vw_apply_fixes_retention',
  up: (ctx: MigrationContext) => (ctx.timescaledb ? TIMESCALE_SQL : PLAIN_SQL),
};
