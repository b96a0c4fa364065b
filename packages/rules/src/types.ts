import type {
  Alert,
  AlertEvent,
  LiveVesselUpdate,
  LonLat,
  PositionFix,
  VesselClass,
} from '@vesselwatch/domain';

/** What the rules need to know about a vessel from the registry. */
export interface VesselProfile {
  vesselId: string;
  /** ISO 3166-1 alpha-3; decides which waters are foreign. */
  flagState: string;
  /** Fishing-zone class by length; null for a vessel not in the registry (no zone.violation then). */
  vesselClass: VesselClass | null;
  /** Signal-loss timers scale with it. */
  expectedReportIntervalMs: number;
}

/** Why a fix was rejected by the sanity rules (stored with the fix, and the evidence of position.rejected). */
export const REJECTION_REASONS = [
  'future_time',
  'impossible_speed',
  'on_land',
  'out_of_range',
  'duplicate',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/**
 * One open alert episode inside a vessel's state. `key` is `type` plus its subject (zone id), so one vessel
 * can have e.g. border.approach open for two different boundaries.
 */
export interface OpenEpisode {
  key: string;
  alert: Alert;
}

/**
 * Everything the rules remember about one vessel between fixes. Plain JSON (no classes, no Maps) so the
 * processor can store it in the database with each batch and restore it when it takes over a partition.
 * Never mutated by the engine: every outcome carries a new state.
 */
export interface VesselRuleState {
  /** Shape version, for stored states. */
  version: 1;
  vesselId: string;
  /** The newest accepted fix in event-time order; late fixes never replace it. */
  lastFix: PositionFix | null;
  /** The port the vessel is in (a port zone id), null at sea. */
  portId: string | null;
  /** When it arrived there (event time; the first fix seen there for a vessel first seen in port). */
  portArrivedAtMs: number | null;
  /** Foreign-waters areas (zone ids) the vessel is inside after lastFix. */
  foreignZoneIds: string[];
  /** Distance to foreign waters at lastFix (nm), null when none is within the search range. */
  nearestForeignNm: number | null;
  /** Zones the vessel's class may not use, by zone id: since when (event time) it has been seen fishing there. */
  violationCandidates: Record<string, number>;
  /** Open alert episodes. */
  episodes: OpenEpisode[];
  /** Fixes rejected in a row for an impossible jump (a run of them re-anchors the track, see engine). */
  consecutiveJumps: number;
}

/** A vessel's stay in a port, for the port-call log; a departure is written later with the same key. */
export interface PortCallRecord {
  vesselId: string;
  portId: string;
  arrivedAtMs: number;
  departedAtMs: number | null;
  /** [lon, lat] where the arrival was detected. */
  arrivalPosition: LonLat | null;
}

/**
 * What a fix did:
 * - accepted: in event-time order; live state moved forward and the rules ran;
 * - late: older than the newest accepted fix; stored as part of the track, live state unchanged, no rule ran;
 * - rejected: failed a sanity rule; stored with `rejectionReason`; live state unchanged.
 */
export type FixVerdict = 'accepted' | 'late' | 'rejected';

export interface RuleOutcome {
  /** The vessel's state afterwards (the same object when nothing changed). */
  state: VesselRuleState;
  /** Alert episode transitions, in the order they happened. */
  events: AlertEvent[];
  /** Port calls opened or closed. */
  portCalls: PortCallRecord[];
  /** The update for the live map; null when the vessel's live picture did not change. */
  live: LiveVesselUpdate | null;
}

export interface FixOutcome extends RuleOutcome {
  verdict: FixVerdict;
  /** Set when verdict is 'rejected'. */
  rejectionReason: RejectionReason | null;
}
