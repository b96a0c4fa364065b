import { z } from 'zod';
import { LonLatSchema } from './geometry';
import { VesselIdSchema } from './ids';
import { PositionFixSchema } from './position-fix';

/** Alert types and their meaning: see docs/alerts.md (packages/rules decides when each opens, updates and resolves). */
export const ALERT_TYPES = [
  'border.approach',
  'border.crossed',
  'zone.violation',
  'signal.lost',
  'signal.restored',
  'port.departure',
  'port.arrival',
  'position.rejected',
  'weather.warning',
] as const;
export const AlertTypeSchema = z.enum(ALERT_TYPES);
export type AlertType = z.infer<typeof AlertTypeSchema>;

/** Ordered from least to most urgent. */
export const ALERT_SEVERITIES = ['info', 'notice', 'warning', 'danger'] as const;
export const AlertSeveritySchema = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.infer<typeof AlertSeveritySchema>;

export function severityRank(severity: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(severity);
}

export const AlertStatusSchema = z.enum(['open', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/** The facts behind an alert, for the crew's message and the inspector's case file. */
export const AlertEvidenceSchema = z
  .object({
    distanceNm: z.number().nonnegative(),
    speedKnots: z.number().nonnegative(),
    courseDeg: z.number().min(0).lt(360),
    /** Minutes until the boundary is reached on the current course and speed. */
    timeToBoundaryMin: z.number().nonnegative(),
    /** Where the track crossed the boundary (interpolated between fixes when they are sparse). */
    crossingPoint: LonLatSchema,
    crossingAtMs: z.number().int(),
    /** Length of a reporting gap. */
    gapMs: z.number().int().nonnegative(),
    distanceMovedNm: z.number().nonnegative(),
    gapStartedNearBoundary: z.boolean(),
    /** Why a fix was rejected (future time, impossible speed, on land, out of range, duplicate). */
    rejectionReason: z.string(),
  })
  .partial()
  .catchall(z.unknown());
export type AlertEvidence = z.infer<typeof AlertEvidenceSchema>;

export const AcknowledgementSchema = z.object({
  byUserId: z.string().min(1),
  atMs: z.number().int(),
  comment: z.string().max(2000),
});
export type Acknowledgement = z.infer<typeof AcknowledgementSchema>;

/** One alert episode: opened by a fix, updated while it lasts, resolved when the condition ends. */
export const AlertSchema = z.object({
  id: z.string().min(1),
  type: AlertTypeSchema,
  severity: AlertSeveritySchema,
  status: AlertStatusSchema,
  vesselId: VesselIdSchema,
  /** The zone or boundary line the alert is about; null for alerts about the vessel alone (signal). */
  zoneId: z.string().nullable(),
  openedAtMs: z.number().int(),
  lastUpdatedAtMs: z.number().int(),
  resolvedAtMs: z.number().int().nullable(),
  /** The fix that opened the episode (the last fix before the gap, for signal alerts). */
  openingFix: PositionFixSchema,
  evidence: AlertEvidenceSchema,
  /** Version of the zone set the alert was computed with. */
  zoneSetVersion: z.string().nullable(),
  acknowledgement: AcknowledgementSchema.nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

/**
 * Deterministic alert id from vessel, type, the episode's start and (for alerts about one zone or boundary)
 * its subject, so a replay or a retried batch produces the same id and never a duplicate alert.
 */
export function alertId(
  vesselId: string,
  type: AlertType,
  episodeStartMs: number,
  subject?: string | null,
): string {
  const parts = [vesselId, type, String(episodeStartMs)];
  if (subject) parts.push(subject);
  return parts.map(encodeURIComponent).join('/');
}
