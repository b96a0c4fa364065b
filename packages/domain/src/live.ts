import { z } from 'zod';
import { AlertSchema, AlertSeveritySchema, AlertTypeSchema } from './alert';
import { PositionFixSchema } from './position-fix';

/**
 * How the live map colours a vessel. One answer per vessel, the most urgent that applies:
 * crossed > signal_lost > near_border > in_port > normal.
 */
export const VESSEL_LIVE_STATUSES = ['normal', 'near_border', 'crossed', 'signal_lost', 'in_port'] as const;
export const VesselLiveStatusSchema = z.enum(VESSEL_LIVE_STATUSES);
export type VesselLiveStatus = z.infer<typeof VesselLiveStatusSchema>;

/** One message on `vms.live`: a vessel's latest accepted position, enriched by the processor. */
export const LiveVesselUpdateSchema = z.object({
  vesselId: z.string().min(1),
  fix: PositionFixSchema,
  status: VesselLiveStatusSchema,
  /** Port the vessel is in, null at sea. */
  portId: z.string().nullable(),
  /** Distance to the nearest foreign waters (nm), null when none is known within the search range. */
  nearestForeignNm: z.number().nonnegative().nullable(),
  /** Types of the vessel's open alert episodes, and the highest severity among them (null: none open). */
  openAlertTypes: z.array(AlertTypeSchema),
  maxSeverity: AlertSeveritySchema.nullable(),
  /** When the processor produced this update (epoch ms). */
  updatedAtMs: z.number().int(),
});
export type LiveVesselUpdate = z.infer<typeof LiveVesselUpdateSchema>;

export const ALERT_TRANSITIONS = ['opened', 'updated', 'resolved'] as const;
export const AlertTransitionSchema = z.enum(ALERT_TRANSITIONS);
export type AlertTransition = z.infer<typeof AlertTransitionSchema>;

/**
 * One message on `vms.alerts`: an alert episode changed. (alert.id, transition, alert.lastUpdatedAtMs)
 * identifies the event, so a consumer that sees it twice (at-least-once delivery) can tell.
 */
export const AlertEventSchema = z.object({
  transition: AlertTransitionSchema,
  alert: AlertSchema,
});
export type AlertEvent = z.infer<typeof AlertEventSchema>;

/** The dedup key of an alert event: the same transition of the same episode at the same time. */
export function alertEventKey(event: AlertEvent): string {
  return `${event.alert.id}#${event.transition}#${event.alert.lastUpdatedAtMs}`;
}
