import { z } from 'zod';
import { ALERT_TYPES, AlertStatusSchema, type AlertType } from '@vesselwatch/domain';

/** Epoch milliseconds in a query string. */
export const EpochMsSchema = z.coerce.number().int().min(0).max(8.64e15);

/** `bbox=west,south,east,north` in degrees; west > east crosses the antimeridian. */
export const BboxSchema = z
  .string()
  .transform((text) => text.split(',').map((part) => Number(part.trim())))
  .pipe(
    z
      .tuple([
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
      ])
      .refine(([, south, , north]) => south <= north, 'south must not be above north'),
  )
  .transform(([west, south, east, north]) => ({ west, south, east, north }));

export const PositionsQuerySchema = z.object({
  bbox: BboxSchema,
  limit: z.coerce.number().int().min(1).max(100_000).default(50_000),
});

export const TrackQuerySchema = z
  .object({
    from: EpochMsSchema.optional(),
    to: EpochMsSchema.optional(),
    maxPoints: z.coerce.number().int().min(2).max(50_000).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['to'],
  });

const alertTypeList = z
  .string()
  .transform((text) => text.split(',').map((t) => t.trim()))
  .pipe(z.array(z.enum(ALERT_TYPES)).min(1))
  .transform((types) => types as AlertType[]);

export const AlertListQuerySchema = z.object({
  status: AlertStatusSchema.optional(),
  type: alertTypeList.optional(),
  vesselId: z.string().min(1).max(200).optional(),
  zoneId: z.string().min(1).max(128).optional(),
  from: EpochMsSchema.optional(),
  to: EpochMsSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
});

export const AlertIdParamSchema = z.object({ id: z.string().min(1).max(500) });

export const CommentSchema = z.object({ comment: z.string().trim().min(1).max(2000) });

export const PortCallQuerySchema = z.object({
  portId: z.string().min(1).max(64).optional(),
  vesselId: z.string().min(1).max(200).optional(),
  from: EpochMsSchema.optional(),
  to: EpochMsSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
});

export const EvidenceQuerySchema = z
  .object({
    from: EpochMsSchema,
    to: EpochMsSchema,
    format: z.enum(['geojson', 'csv', 'kml']).default('geojson'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
