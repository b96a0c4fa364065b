import type {
  Alert,
  AlertEvidence,
  AlertSeverity,
  AlertStatus,
  AlertType,
  Contact,
  FixSource,
  Gear,
  PositionFix,
  Vessel,
} from '@vesselwatch/domain';
import type { LatestPosition, PortCall, TrackPoint } from './types';

/**
 * The one place database rows become domain objects. Every query selects the columns named here; times
 * arrive as Date (both drivers) and leave as epoch milliseconds.
 */

function ms(value: Date): number {
  return value.getTime();
}

function msOrNull(value: Date | null): number | null {
  return value === null ? null : value.getTime();
}

/** Columns of `fixes` and `vessel_state` that make a PositionFix. */
export const FIX_COLUMNS =
  'vessel_id, terminal_id, reported_at, received_at, lon, lat, speed_knots, course_deg, source';

export interface FixRow {
  vessel_id: string;
  terminal_id: string;
  reported_at: Date;
  received_at: Date;
  lon: number;
  lat: number;
  speed_knots: number | null;
  course_deg: number | null;
  source: FixSource;
}

export function toPositionFix(row: FixRow): PositionFix {
  return {
    vesselId: row.vessel_id,
    terminalId: row.terminal_id,
    reportedAtMs: ms(row.reported_at),
    receivedAtMs: ms(row.received_at),
    position: [row.lon, row.lat],
    speedKnots: row.speed_knots,
    courseDeg: row.course_deg,
    source: row.source,
  };
}

export interface LatestPositionRow extends FixRow {
  port_id: string | null;
  vessel_name: string | null;
}

export function toLatestPosition(row: LatestPositionRow): LatestPosition {
  return { fix: toPositionFix(row), portId: row.port_id, vesselName: row.vessel_name };
}

export interface TrackPointRow {
  reported_at: Date;
  lon: number;
  lat: number;
  speed_knots: number | null;
  course_deg: number | null;
}

export function toTrackPoint(row: TrackPointRow): TrackPoint {
  return {
    reportedAtMs: ms(row.reported_at),
    position: [row.lon, row.lat],
    speedKnots: row.speed_knots,
    courseDeg: row.course_deg,
  };
}

export const ALERT_COLUMNS = `id, type, severity, status, vessel_id, zone_id, opened_at, last_updated_at, resolved_at,
  opening_fix, evidence, zone_set_version, acknowledged_by, acknowledged_at, acknowledgement_comment`;

export interface AlertRow {
  id: string;
  type: AlertType;
  severity: AlertSeverity;
  status: AlertStatus;
  vessel_id: string;
  zone_id: string | null;
  opened_at: Date;
  last_updated_at: Date;
  resolved_at: Date | null;
  opening_fix: PositionFix;
  evidence: AlertEvidence;
  zone_set_version: string | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  acknowledgement_comment: string | null;
}

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    type: row.type,
    severity: row.severity,
    status: row.status,
    vesselId: row.vessel_id,
    zoneId: row.zone_id,
    openedAtMs: ms(row.opened_at),
    lastUpdatedAtMs: ms(row.last_updated_at),
    resolvedAtMs: msOrNull(row.resolved_at),
    openingFix: row.opening_fix,
    evidence: row.evidence,
    zoneSetVersion: row.zone_set_version,
    acknowledgement:
      row.acknowledged_by === null || row.acknowledged_at === null
        ? null
        : {
            byUserId: row.acknowledged_by,
            atMs: ms(row.acknowledged_at),
            comment: row.acknowledgement_comment ?? '',
          },
  };
}

/** An alert as the JSON element the batch upsert reads with jsonb_to_recordset (times in epoch ms). */
export function alertToRecord(alert: Alert): Record<string, unknown> {
  return {
    id: alert.id,
    type: alert.type,
    severity: alert.severity,
    status: alert.status,
    vessel_id: alert.vesselId,
    zone_id: alert.zoneId,
    opened_at_ms: alert.openedAtMs,
    last_updated_at_ms: alert.lastUpdatedAtMs,
    resolved_at_ms: alert.resolvedAtMs,
    opening_fix: alert.openingFix,
    evidence: alert.evidence,
    zone_set_version: alert.zoneSetVersion,
    acknowledged_by: alert.acknowledgement?.byUserId ?? null,
    acknowledged_at_ms: alert.acknowledgement?.atMs ?? null,
    acknowledgement_comment: alert.acknowledgement?.comment ?? null,
  };
}

export const PORT_CALL_COLUMNS = 'vessel_id, port_id, arrived_at, departed_at, arrival_lon, arrival_lat';

export interface PortCallRow {
  vessel_id: string;
  port_id: string;
  arrived_at: Date;
  departed_at: Date | null;
  arrival_lon: number | null;
  arrival_lat: number | null;
}

export function toPortCall(row: PortCallRow): PortCall {
  return {
    vesselId: row.vessel_id,
    portId: row.port_id,
    arrivedAtMs: ms(row.arrived_at),
    departedAtMs: msOrNull(row.departed_at),
    arrivalPosition:
      row.arrival_lon === null || row.arrival_lat === null ? null : [row.arrival_lon, row.arrival_lat],
  };
}

export const VESSEL_COLUMNS = `v.id, v.registration_number, v.name, v.flag_state, v.length_overall_m, v.gear, v.home_port_id,
  v.owner, v.contacts, v.expected_report_interval_ms,
  COALESCE((SELECT array_agg(t.terminal_id ORDER BY t.terminal_id) FROM terminals t WHERE t.vessel_id = v.id), '{}') AS terminal_ids`;

export interface VesselRow {
  id: string;
  registration_number: string;
  name: string;
  flag_state: string;
  length_overall_m: number;
  gear: Gear;
  home_port_id: string;
  owner: Vessel['owner'];
  contacts: Contact[];
  expected_report_interval_ms: number;
  terminal_ids: string[];
}

export function toVessel(row: VesselRow): Vessel {
  return {
    id: row.id,
    registrationNumber: row.registration_number,
    name: row.name,
    flagState: row.flag_state,
    lengthOverallM: row.length_overall_m,
    gear: row.gear,
    homePortId: row.home_port_id,
    owner: row.owner,
    contacts: row.contacts,
    terminalIds: row.terminal_ids,
    expectedReportIntervalMs: row.expected_report_interval_ms,
  };
}
