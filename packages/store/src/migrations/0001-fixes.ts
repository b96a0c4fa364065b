import type { Migration, MigrationContext } from './migration';

/** TimescaleDB chunk size for fixes: a week of a provincial fleet's fixes is a few million rows. */
const FIXES_CHUNK_INTERVAL = '7 days';

/*
 * Never edit this SQL after release: applied databases keep its checksum. Notes on the choices:
 * - The sources are spelled out, not taken from the domain's FIX_SOURCES, because a migration must stay
 *   the same forever; a new source needs a new migration that replaces the CHECK.
 * - No range CHECKs on lon/lat/speed: rejected fixes (future time, out of range, ...) are stored too,
 *   with rejection_reason, never dropped.
 * - The key includes reported_at because a hypertable's unique keys must contain its partitioning
 *   column; (vessel, time, source) also makes re-delivered fixes harmless with ON CONFLICT DO NOTHING.
 */
const CREATE_FIXES_TABLE = `CREATE TABLE fixes (
  vessel_id text NOT NULL,
  terminal_id text NOT NULL,
  reported_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  speed_knots real,
  course_deg real,
  source text NOT NULL CHECK (source IN ('naf', 'ais', 'json', 'csv', 'sim')),
  rejection_reason text,
  PRIMARY KEY (vessel_id, reported_at, source)
);
COMMENT ON TABLE fixes IS 'Position reports as received, accepted and rejected; lon/lat are WGS-84 degrees.';`;

// create_hypertable(..., by_range(...)) needs TimescaleDB >= 2.13. The check afterwards makes the
// migration fail (and roll back) rather than leave a plain table where a hypertable was expected.
const MAKE_FIXES_HYPERTABLE = `SELECT create_hypertable('fixes', by_range('reported_at', INTERVAL '${FIXES_CHUNK_INTERVAL}'));
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM timescaledb_information.hypertables
    WHERE hypertable_schema = current_schema() AND hypertable_name = 'fixes'
  ) THEN
    RAISE EXCEPTION 'fixes is not listed in timescaledb_information.hypertables after create_hypertable';
  END IF;
END
$$;`;

// Fixes arrive roughly in time order, so a BRIN index on time stays tiny and still prunes time ranges;
// per-vessel lookups use the primary key.
const INDEX_PLAIN_FIXES = `CREATE INDEX fixes_reported_at_brin ON fixes USING brin (reported_at);`;

export const migration0001Fixes: Migration = {
  id: '0001_fixes',
  description: 'fixes table: hypertable on reported_at (TimescaleDB) or plain table with a BRIN index',
  up: (ctx: MigrationContext) =>
    `${CREATE_FIXES_TABLE}\n${ctx.timescaledb ? MAKE_FIXES_HYPERTABLE : INDEX_PLAIN_FIXES}`,
};
