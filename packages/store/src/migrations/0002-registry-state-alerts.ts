import type { Migration } from './migration';

/*
 * Never edit this SQL after release: applied databases keep its checksum. Everything here is the same on
 * TimescaleDB and on plain PostgreSQL; the time-series specifics of `fixes` are in 0003.
 *
 * Choices:
 * - Vessel ids, zone ids, port ids and alert ids are our own text ids (see packages/domain ids.ts, alertId).
 * - No foreign keys from the high-volume tables (vessel_state, alerts, port_calls) to vessels: a fix from a
 *   terminal not yet in the registry is still stored and shown, and the registry can be loaded after it.
 * - Timestamps are timestamptz; the API converts them to epoch milliseconds in one place (rows.ts).
 * - alert_audit is unique on (alert_id, action, at) so a redelivered batch never writes an entry twice.
 */
const SQL = `
CREATE TABLE vessels (
  id text PRIMARY KEY,
  registration_number text NOT NULL UNIQUE,
  name text NOT NULL,
  flag_state text NOT NULL,
  length_overall_m real NOT NULL CHECK (length_overall_m > 0),
  vessel_class text NOT NULL CHECK (vessel_class IN ('coastal', 'inshore', 'offshore')),
  gear text NOT NULL,
  home_port_id text NOT NULL,
  owner jsonb NOT NULL,
  contacts jsonb NOT NULL DEFAULT '[]',
  expected_report_interval_ms integer NOT NULL CHECK (expected_report_interval_ms > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vessels_home_port_idx ON vessels (home_port_id);
COMMENT ON TABLE vessels IS 'Vessel registry: one row per vessel, owner and contacts as jsonb (domain Contact).';

CREATE TABLE terminals (
  terminal_id text PRIMARY KEY,
  vessel_id text NOT NULL REFERENCES vessels (id) ON DELETE CASCADE
);
CREATE INDEX terminals_vessel_idx ON terminals (vessel_id);
COMMENT ON TABLE terminals IS 'Which vessel a terminal (VMS box, MMSI, provider id) reports for.';

CREATE TABLE vessel_state (
  vessel_id text PRIMARY KEY,
  terminal_id text NOT NULL,
  reported_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  speed_knots real,
  course_deg real,
  source text NOT NULL,
  port_id text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vessel_state_lat_lon_idx ON vessel_state (lat, lon);
CREATE INDEX vessel_state_port_idx ON vessel_state (port_id) WHERE port_id IS NOT NULL;
COMMENT ON TABLE vessel_state IS 'Latest accepted fix per vessel; never replaced by an older fix. port_id: the port it is in, if any.';

CREATE TABLE zone_sets (
  version text PRIMARY KEY,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  active boolean NOT NULL DEFAULT false,
  activated_at timestamptz
);
-- At most one zone set is the active one (the one the geofence engine loads).
CREATE UNIQUE INDEX zone_sets_one_active_idx ON zone_sets ((true)) WHERE active;

CREATE TABLE zones (
  zone_set_version text NOT NULL REFERENCES zone_sets (version) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  jurisdiction text NOT NULL,
  geometry jsonb NOT NULL,
  valid_from timestamptz,
  valid_to timestamptz,
  approximate boolean NOT NULL DEFAULT false,
  source text,
  properties jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (zone_set_version, id)
);
COMMENT ON TABLE zones IS 'Zones of one zone-set version; geometry is GeoJSON with [lon, lat] coordinates.';

CREATE TABLE alerts (
  id text PRIMARY KEY,
  type text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'notice', 'warning', 'danger')),
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  vessel_id text NOT NULL,
  zone_id text,
  opened_at timestamptz NOT NULL,
  last_updated_at timestamptz NOT NULL,
  resolved_at timestamptz,
  opening_fix jsonb NOT NULL,
  evidence jsonb NOT NULL DEFAULT '{}',
  zone_set_version text,
  acknowledged_by text,
  acknowledged_at timestamptz,
  acknowledgement_comment text,
  CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL))
);
-- Keyset pagination walks (opened_at DESC, id DESC); one index per common filter.
CREATE INDEX alerts_opened_idx ON alerts (opened_at DESC, id DESC);
CREATE INDEX alerts_status_opened_idx ON alerts (status, opened_at DESC, id DESC);
CREATE INDEX alerts_vessel_opened_idx ON alerts (vessel_id, opened_at DESC, id DESC);
CREATE INDEX alerts_zone_opened_idx ON alerts (zone_id, opened_at DESC, id DESC) WHERE zone_id IS NOT NULL;
CREATE INDEX alerts_type_opened_idx ON alerts (type, opened_at DESC, id DESC);
COMMENT ON TABLE alerts IS 'Alert episodes (domain Alert); id from packages/domain alertId, so replays never duplicate.';

CREATE TABLE alert_audit (
  alert_id text NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  action text NOT NULL CHECK (action IN ('opened', 'updated', 'resolved', 'acknowledged', 'commented')),
  actor text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, at, action)
);
COMMENT ON TABLE alert_audit IS 'Who did what to an alert and when (processor transitions, acknowledgements).';

CREATE TABLE port_calls (
  vessel_id text NOT NULL,
  port_id text NOT NULL,
  arrived_at timestamptz NOT NULL,
  departed_at timestamptz,
  arrival_lon double precision,
  arrival_lat double precision,
  PRIMARY KEY (vessel_id, arrived_at, port_id),
  CHECK (departed_at IS NULL OR departed_at >= arrived_at)
);
CREATE INDEX port_calls_port_arrived_idx ON port_calls (port_id, arrived_at DESC);
CREATE INDEX port_calls_arrived_idx ON port_calls (arrived_at DESC);
COMMENT ON TABLE port_calls IS 'Port-call log: arrival and (once it happened) departure of a vessel at a port.';

CREATE TABLE roles (
  name text PRIMARY KEY,
  description text NOT NULL
);
INSERT INTO roles (name, description) VALUES
  ('admin', 'operates the system: users, zone sets, settings'),
  ('port_officer', 'fishing-port management board: fleet, port calls, alerts of its port'),
  ('inspector', 'fisheries inspector: tracks, alerts and evidence for cases'),
  ('owner', 'vessel owner: own vessels only'),
  ('viewer', 'read-only access');

CREATE TABLE users (
  id text PRIMARY KEY,
  display_name text NOT NULL,
  email text UNIQUE,
  phone text,
  password_hash text,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL REFERENCES roles (name),
  -- What the role is limited to: a port id for port officers, a vessel id for owners; '' = everything.
  scope text NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, role, scope)
);

CREATE TABLE store_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE store_settings IS 'Settings the store keeps in the database, e.g. fixes_retention.';
`;

export const migration0002RegistryStateAlerts: Migration = {
  id: '0002_registry_state_alerts',
  description:
    'vessels, terminals, vessel_state, zone sets and zones, alerts and alert_audit, port_calls, users and roles',
  up: () => SQL,
};
