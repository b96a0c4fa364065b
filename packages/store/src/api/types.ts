import type {
  Acknowledgement,
  Alert,
  AlertStatus,
  AlertType,
  LonLat,
  PositionFix,
} from '@vesselwatch/domain';
import type { VisibilityScope } from './visibility';

export type { VisibilityScope };

/** A fix the processor rejected (future time, impossible speed, on land, ...): stored with its reason. */
export interface RejectedFix {
  fix: PositionFix;
  reason: string;
}

/** The processor's view of a vessel after a fix: the fix, and the port it is in (null = at sea). */
export interface VesselStateUpdate {
  fix: PositionFix;
  portId: string | null;
}

export type AlertAuditAction = 'opened' | 'updated' | 'resolved' | 'acknowledged' | 'commented';

/** One line of an alert's history; (alertId, atMs, action) identifies it, so redelivery writes it once. */
export interface AlertAuditEntry {
  alertId: string;
  atMs: number;
  action: AlertAuditAction;
  /** User id, or `processor` for transitions the rules made. */
  actor: string;
  detail?: Record<string, unknown>;
}

/** A vessel's stay in a port; the departure is filled in by a later write with the same key. */
export interface PortCall {
  vesselId: string;
  portId: string;
  arrivedAtMs: number;
  departedAtMs: number | null;
  /** Where the arrival was detected, [lon, lat]; null when unknown. */
  arrivalPosition: LonLat | null;
}

/**
 * One vessel's rule state as the processor keeps it (packages/rules VesselRuleState: plain JSON, opaque to the
 * store), with the partition of `vms.fixes` the vessel's fixes arrive on.
 */
export interface ProcessorStateEntry {
  vesselId: string;
  partition: number;
  state: Readonly<Record<string, unknown>>;
}

/**
 * Where a processor batch leaves its partition: `nextOffset` is the offset of the first message not yet
 * applied. `expectedNextOffset` is what the processor believes is stored now (null: nothing stored yet);
 * the write fails with VW_ERR_PROCESSOR_OFFSET_CONFLICT (and writes nothing) when the database says
 * otherwise, i.e. another processor wrote this partition since this one loaded it.
 */
export interface ProcessorOffsetUpdate {
  groupId: string;
  topic: string;
  partition: number;
  nextOffset: bigint;
  expectedNextOffset: bigint | null;
}

/** What a processor restores when it is assigned partitions: their applied offsets and vessels' rule states. */
export interface ProcessorPartitionsSnapshot {
  /** Next offset not yet applied, per partition that has one stored. */
  nextOffsets: Map<number, bigint>;
  states: ProcessorStateEntry[];
}

/** What rekeyProcessorStates did. */
export interface ProcessorRekeyResult {
  /** The partition count the tags were computed for before (null: never recorded, e.g. a new database). */
  previousCount: number | null;
  /** The count the tags now follow (the recorded one when the caller's was lower: stale metadata). */
  partitionCount: number;
  /** Rule states whose partition changed. */
  moved: number;
}

/** What the rules need from the registry about one vessel (see packages/rules VesselProfile). */
export interface RegistryProfile {
  vesselId: string;
  flagState: string;
  lengthOverallM: number;
  expectedReportIntervalMs: number;
  /** When the registry entry last changed (database clock), for incremental refreshes. */
  updatedAtMs: number;
}

/**
 * Everything one processor batch writes, in one transaction. Every part is idempotent, so writing the same
 * batch again (Kafka redelivery after a crash) changes nothing:
 * - fixes and rejected fixes: unique on (vessel, reported_at, source), duplicates are skipped;
 * - vessel states: replace the stored state only with a strictly newer fix (never regress);
 * - alerts: upsert by id (packages/domain `alertId`), only with a lastUpdatedAtMs not older than the stored
 *   one; an acknowledgement already stored is kept;
 * - alert audit entries: unique on (alertId, atMs, action);
 * - port calls: unique on (vessel, arrivedAt, port); a departure once stored is kept;
 * - processor states: replaced by vessel id (the processor never writes a state older than the stored one:
 *   see processorOffset);
 * - processorOffset: compare-and-set on the stored next offset, so a batch applied already (or a partition
 *   another processor has moved on) fails with VW_ERR_PROCESSOR_OFFSET_CONFLICT instead of writing twice.
 */
export interface ProcessorBatch {
  fixes?: readonly PositionFix[];
  rejectedFixes?: readonly RejectedFix[];
  vesselStates?: readonly VesselStateUpdate[];
  alerts?: readonly Alert[];
  alertAudit?: readonly AlertAuditEntry[];
  portCalls?: readonly PortCall[];
  processorStates?: readonly ProcessorStateEntry[];
  processorOffset?: ProcessorOffsetUpdate;
}

export interface BatchWriteResult {
  /** Fixes (accepted and rejected) newly stored; the rest of the batch's fixes were already there. */
  fixesInserted: number;
  /** Vessel states inserted or moved forward. */
  vesselStatesChanged: number;
  /** Alerts inserted or updated. */
  alertsChanged: number;
  auditEntriesInserted: number;
  portCallsChanged: number;
  processorStatesWritten: number;
}

/** Map viewport in WGS-84 degrees. west > east means the box crosses the antimeridian (e.g. 170 .. -170). */
export interface BoundingBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The latest position of a vessel, as the live map shows it. */
export interface LatestPosition {
  fix: PositionFix;
  /** Port the vessel is in, null at sea. */
  portId: string | null;
  /** From the registry; null for a vessel not (yet) registered. */
  vesselName: string | null;
}

export interface LatestPositionsQuery {
  bbox: BoundingBox;
  /** Leave out vessels whose latest fix is older than this (epoch ms). */
  sinceMs?: number;
  /** Most rows returned (default 50,000). */
  limit?: number;
}

export interface TrackQuery {
  vesselId: string;
  fromMs: number;
  toMs: number;
  /** Most points wanted for a long range (default 2,000); decides the bucket size. */
  maxPoints?: number;
  /** Ranges up to this long return every accepted fix, not buckets (default 3 days). */
  rawMaxRangeMs?: number;
}

export interface TrackPoint {
  reportedAtMs: number;
  position: LonLat;
  speedKnots: number | null;
  courseDeg: number | null;
}

export interface Track {
  vesselId: string;
  fromMs: number;
  toMs: number;
  /** null: every accepted fix; otherwise the bucket length, one point (the bucket's last fix) per bucket. */
  bucketMs: number | null;
  /** Where the points came from: raw fixes, the hourly continuous aggregate, or buckets of raw fixes. */
  source: 'fixes' | 'hourly_aggregate' | 'fixes_bucketed';
  points: TrackPoint[];
}

export interface AlertQuery {
  status?: AlertStatus;
  types?: readonly AlertType[];
  vesselId?: string;
  zoneId?: string;
  /** Alerts opened at or after this time (epoch ms). */
  openedFromMs?: number;
  /** Alerts opened before this time (epoch ms). */
  openedToMs?: number;
  /** Alerts open at some moment of [fromMs, toMs]: opened at or before toMs, not resolved before fromMs. */
  activeBetween?: { fromMs: number; toMs: number };
  /** Only alerts of vessels inside this scope (absent: every vessel). */
  scope?: VisibilityScope;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface FleetCountsQuery {
  /** "Now" (epoch ms); a replay passes its event time. */
  asOfMs: number;
  /** A vessel at sea is signal-lost after this many of its expected report intervals without a fix (default 3). */
  signalLostFactor?: number;
  /** Only these home ports (absent: every port). */
  homePortIds?: readonly string[];
}

/** The fleet of one home port. Every registered vessel is in exactly one of the four counts. */
export interface FleetCounts {
  portId: string;
  total: number;
  atSea: number;
  inPort: number;
  signalLost: number;
  /** Registered but never reported. */
  noPosition: number;
}

export interface PortCallQuery {
  portId?: string;
  vesselId?: string;
  /** Calls that arrived at or after / before these times. */
  arrivedFromMs?: number;
  arrivedToMs?: number;
  /** Only calls of vessels inside this scope (absent: every vessel). */
  scope?: VisibilityScope;
  limit?: number;
  cursor?: string | null;
}

export type { Acknowledgement, Alert };
