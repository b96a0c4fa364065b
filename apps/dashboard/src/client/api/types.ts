import type {
  Alert,
  AlertSeverity,
  AlertStatus,
  AlertType,
  VesselLiveStatus,
  ZoneKind,
} from '@vesselwatch/domain';

/**
 * The server's REST and socket.io contract as the dashboard reads it (docs/dashboard.md).
 * Coordinates are [lon, lat] (GeoJSON order) everywhere.
 */
export type { Alert, AlertSeverity, AlertStatus, AlertType, VesselLiveStatus, ZoneKind };

export type LonLat = [number, number];

export interface UserRole {
  role: string;
  scope: string | null;
}

/** Permission names as the server grants them (apps/server/src/auth/access.ts). */
export type Permission =
  | 'read'
  | 'contacts'
  | 'vessels.write'
  | 'alerts.act'
  | 'evidence'
  | 'fleet'
  | 'storm.publish'
  | 'zones.import'
  | 'users.manage';

export interface SessionUser {
  id: string;
  displayName: string;
  roles: UserRole[];
  /** What some role of the user allows (whatever its scope): the panels and buttons to offer. */
  permissions: Permission[];
  /** The first-start admin (and any reset account) must choose a new password before anything else. */
  mustChangePassword?: boolean;
}

export interface LiveFix {
  reportedAtMs: number;
  position: LonLat;
  speedKnots: number | null;
  courseDeg: number | null;
}

/** One vessel on the live map: an item of GET /api/positions and of the socket's `positions` frames. */
export interface LivePosition {
  vesselId: string;
  registrationNumber: string | null;
  name: string | null;
  fix: LiveFix;
  status: VesselLiveStatus;
  portId: string | null;
  maxSeverity: AlertSeverity | null;
}

export interface PositionsResponse {
  vessels: LivePosition[];
}

/** socket.io `positions`: the latest item per vessel that changed, at most once a second. */
export interface PositionsFrame {
  atMs: number;
  updates: LivePosition[];
}

/** socket.io `alert`. */
export interface AlertFrame {
  transition: 'opened' | 'updated' | 'resolved';
  alert: Alert;
}

export interface VesselSummary {
  id: string;
  registrationNumber: string;
  name: string | null;
  homePortId?: string | null;
}

export interface VesselContact {
  name: string;
  role: string;
  phone?: string;
  email?: string;
}

/** GET /api/vessels/:id: the registry entry (packages/domain Vessel) as the server sends it. */
export interface VesselDetails extends VesselSummary {
  flagState?: string;
  lengthOverallM?: number;
  /** coastal (< 12 m), inshore (12-15 m), offshore (>= 15 m); derived from the length when absent. */
  vesselClass?: string;
  gear?: string;
  owner?: VesselContact | null;
  contacts?: VesselContact[];
  terminalIds?: string[];
  expectedReportIntervalMs?: number;
}

export interface VesselPage {
  items: VesselSummary[];
  nextCursor: string | null;
}

export interface TrackPoint {
  reportedAtMs: number;
  position: LonLat;
  speedKnots: number | null;
  courseDeg: number | null;
}

export interface TrackResponse {
  vesselId: string;
  fromMs: number;
  toMs: number;
  bucketMs: number | null;
  source: string;
  points: TrackPoint[];
}

export interface AlertPage {
  items: Alert[];
  nextCursor: string | null;
}

export interface AlertAuditLine {
  atMs: number;
  action: string;
  actor: string;
  detail?: Record<string, unknown>;
}

export interface AlertDetails {
  alert: Alert;
  audit: AlertAuditLine[];
}

export interface ZoneProperties {
  id: string;
  name: string;
  kind: ZoneKind;
  jurisdiction: string;
  approximate: boolean;
  source?: string | null;
  validFromMs?: number | null;
  validToMs?: number | null;
}

export interface ZoneCollection {
  type: 'FeatureCollection';
  features: Array<GeoJSON.Feature<GeoJSON.Geometry, ZoneProperties>>;
  version: string;
  attribution: string[] | string;
}

export interface FleetCountsRow {
  portId: string;
  total: number;
  atSea: number;
  inPort: number;
  signalLost: number;
  noPosition: number;
}

export interface ForecastPoint {
  atMs: number;
  position: LonLat;
  radiusNm: number;
}

export type StormWarningRequest =
  | { name: string; validFromMs: number; validToMs: number; area: GeoJSON.Polygon }
  | { name: string; validFromMs: number; validToMs: number; forecast: ForecastPoint[] };

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
