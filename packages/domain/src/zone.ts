import { z } from 'zod';
import { ZoneGeometrySchema } from './geometry';
import { CountryCodeSchema } from './ids';

export const ZONE_KINDS = [
  'territorial_sea',
  'eez',
  'fishing_zone',
  'protected_area',
  'port',
  'storm_warning',
  'boundary_line',
  'custom',
] as const;
export const ZoneKindSchema = z.enum(ZONE_KINDS);
export type ZoneKind = z.infer<typeof ZoneKindSchema>;

/** An area (or boundary line) the geofence engine checks fixes against. Coordinates are [lon, lat]. */
export const ZoneSchema = z
  .object({
    id: z.string().min(1).max(128),
    name: z.string().min(1).max(200),
    kind: ZoneKindSchema,
    /** Whose waters or whose rule: ISO 3166-1 alpha-3. */
    jurisdiction: CountryCodeSchema,
    geometry: ZoneGeometrySchema,
    /** Validity window (closed seasons, storm warnings); open-ended when absent. */
    validFromMs: z.number().int().optional(),
    validToMs: z.number().int().optional(),
    /** True when the geometry is derived (equidistance, buffer) rather than an official coordinate list. */
    approximate: z.boolean().default(false),
    /** Where the geometry comes from (law, treaty, data set) for attribution and for inspectors. */
    source: z.string().max(500).optional(),
    properties: z.record(z.string(), z.unknown()).default({}),
  })
  .refine(
    (zone) =>
      zone.validFromMs === undefined || zone.validToMs === undefined || zone.validFromMs < zone.validToMs,
    {
      message: 'validFromMs must be before validToMs',
      path: ['validToMs'],
    },
  );
export type Zone = z.infer<typeof ZoneSchema>;
