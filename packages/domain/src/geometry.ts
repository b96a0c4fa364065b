import { z } from 'zod';

/** A WGS-84 position as [lon, lat] in decimal degrees (GeoJSON order, never [lat, lon]). */
export const LonLatSchema = z.tuple([
  z.number().finite().min(-180).max(180),
  z.number().finite().min(-90).max(90),
]);
export type LonLat = z.infer<typeof LonLatSchema>;

const ringSchema = z.array(LonLatSchema).min(4);

export const PolygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(ringSchema).min(1),
});
export const MultiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ringSchema).min(1)).min(1),
});
export const LineStringSchema = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(LonLatSchema).min(2),
});
export const MultiLineStringSchema = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z.array(z.array(LonLatSchema).min(2)).min(1),
});

/** Areas (zones) are polygons; boundary lines (treaty lines, drawn lines) are line strings. */
export const ZoneGeometrySchema = z.discriminatedUnion('type', [
  PolygonSchema,
  MultiPolygonSchema,
  LineStringSchema,
  MultiLineStringSchema,
]);
export type ZoneGeometry = z.infer<typeof ZoneGeometrySchema>;
