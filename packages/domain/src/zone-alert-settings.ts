import { z } from 'zod';
import { VesselClassSchema } from './vessel';
import type { Zone } from './zone';

/**
 * Per-zone alert settings, kept as data in `zone.properties.alerts` so that an imported official file, the
 * default zone set and an operator's storm warning all carry their own rules. Every field is optional; the
 * rules engine (packages/rules) falls back to its configured defaults for what a zone leaves out.
 */
/** Distances (nautical miles) at which border.approach reaches each severity; notice > warning > danger. */
export const ApproachTiersNmSchema = z
  .object({
    notice: z.number().positive().max(200),
    warning: z.number().positive().max(200),
    danger: z.number().positive().max(200),
  })
  .refine((tiers) => tiers.notice > tiers.warning && tiers.warning > tiers.danger, {
    message: 'approach tiers must shrink: notice > warning > danger (nautical miles)',
  });
export type ApproachTiersNm = z.infer<typeof ApproachTiersNmSchema>;

export const ZoneAlertSettingsSchema = z
  .object({
    /**
     * Vessel classes (Decree 26/2019 Art. 43, by length) allowed inside a fishing zone or protected area.
     * Absent: every class. [] : no vessel may be inside (a no-take area, a closed season).
     */
    allowedVesselClasses: z.array(VesselClassSchema).optional(),
    /** border.approach tiers for this boundary (default 10 / 5 / 2 nm). */
    approachTiersNm: ApproachTiersNmSchema.optional(),
    /** How far ahead (minutes) time-to-boundary on course and speed looks (default 60). */
    timeToBoundaryHorizonMin: z
      .number()
      .positive()
      .max(24 * 60)
      .optional(),
    /**
     * Port zones: how far (nm) outside the port area a vessel must be before it counts as departed, so a
     * vessel manoeuvring at the harbour mouth does not arrive and depart over and over (default 0.5).
     */
    portExitMarginNm: z.number().nonnegative().max(20).optional(),
  })
  .strict();
export type ZoneAlertSettings = z.infer<typeof ZoneAlertSettingsSchema>;

/** Key under `zone.properties` that holds the zone's ZoneAlertSettings. */
export const ZONE_ALERT_SETTINGS_PROPERTY = 'alerts';

/**
 * The alert settings a zone carries; {} when it has none. Throws a zod error naming the bad field when
 * `properties.alerts` is malformed: validate zones (ZoneSchema plus this) when they are imported, not per fix.
 */
export function zoneAlertSettings(zone: Pick<Zone, 'properties'>): ZoneAlertSettings {
  const raw = zone.properties[ZONE_ALERT_SETTINGS_PROPERTY];
  if (raw === undefined) return {};
  return ZoneAlertSettingsSchema.parse(raw);
}
