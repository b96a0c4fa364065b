import { z } from 'zod';
import {
  ZONE_KINDS,
  ZoneAlertSettingsSchema,
  ZoneSchema,
  type Zone,
  type ZoneKind,
} from '@vesselwatch/domain';
import type { RawFeature } from './read-boundary-file';

/**
 * How an official file's attributes become zone fields (docs/zones.md, "Import mapping"). Every field is
 * optional: `attributes` names the attribute that holds a field (default: the field's own name, any
 * case), `kindValues` translates the file's own kind words, `defaults` fills what the file leaves out.
 */
export const ImportMappingSchema = z
  .object({
    attributes: z
      .object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        jurisdiction: z.string(),
        validFrom: z.string(),
        validTo: z.string(),
        allowedVesselClasses: z.string(),
        approachTiersNm: z.string(),
        timeToBoundaryHorizonMin: z.string(),
        portExitMarginNm: z.string(),
        parties: z.string(),
        source: z.string(),
      })
      .partial()
      .default({}),
    kindValues: z.record(z.string(), z.enum(ZONE_KINDS)).default({}),
    defaults: z
      .object({
        kind: z.enum(ZONE_KINDS),
        jurisdiction: z.string(),
        source: z.string(),
        approximate: z.boolean(),
        alerts: ZoneAlertSettingsSchema,
      })
      .partial()
      .default({}),
  })
  .strict();
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

export interface MappingProblem {
  feature: string;
  problem: string;
}

const ALIASES: Record<string, string[]> = {
  id: ['id', 'zone_id', 'zoneid'],
  name: ['name', 'zone_name', 'title'],
  kind: ['kind', 'zone_kind', 'type'],
  jurisdiction: ['jurisdiction', 'iso3', 'iso_a3', 'country'],
  validFrom: ['validfrom', 'valid_from'],
  validTo: ['validto', 'valid_to'],
  allowedVesselClasses: ['allowedvesselclasses', 'allowed_vessel_classes', 'allowed_classes'],
  approachTiersNm: ['approachtiersnm', 'approach_tiers_nm'],
  timeToBoundaryHorizonMin: ['timetoboundaryhorizonmin', 'time_to_boundary_horizon_min', 'horizon_min'],
  portExitMarginNm: ['portexitmarginnm', 'port_exit_margin_nm'],
  parties: ['parties'],
  source: ['source'],
};

function attribute(properties: Record<string, unknown>, field: string, mapping: ImportMapping): unknown {
  const named = mapping.attributes[field as keyof ImportMapping['attributes']];
  if (named !== undefined) return properties[named];
  const lower = new Map(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
  for (const alias of ALIASES[field] ?? [field.toLowerCase()]) if (lower.has(alias)) return lower.get(alias);
  return undefined;
}

const present = (v: unknown): boolean =>
  v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
const list = (v: unknown): unknown =>
  typeof v === 'string'
    ? v
        .split(/[,;|\s]+/)
        .filter((s) => s !== '')
        .map((s) => s.toLowerCase())
    : v;

function numberOf(v: unknown): unknown {
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}

/** "10/5/2" or "10,5,2" or {notice, warning, danger}. */
function tiers(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const parts = v
    .split(/[/,;\s]+/)
    .filter((s) => s !== '')
    .map(Number);
  return parts.length === 3 ? { notice: parts[0], warning: parts[1], danger: parts[2] } : v;
}

function timeMs(v: unknown): unknown {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return v;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? v : ms;
}

/** Flattens a feature's geometry into one zone geometry (areas as MultiPolygon, lines as MultiLineString). */
function geometryOf(geometry: RawFeature['geometry']): { geometry?: Zone['geometry']; problem?: string } {
  if (!geometry) return { problem: 'has no geometry' };
  const polygons: number[][][][] = [];
  const lines: number[][][] = [];
  const strip = (ring: number[][]) => ring.map((p) => [p[0]!, p[1]!]);
  const visit = (g: { type: string; coordinates?: unknown; geometries?: unknown[] }): string | undefined => {
    if (g.type === 'Polygon') polygons.push((g.coordinates as number[][][]).map(strip));
    else if (g.type === 'MultiPolygon')
      polygons.push(...(g.coordinates as number[][][][]).map((p) => p.map(strip)));
    else if (g.type === 'LineString') lines.push(strip(g.coordinates as number[][]));
    else if (g.type === 'MultiLineString') lines.push(...(g.coordinates as number[][][]).map(strip));
    else if (g.type === 'GeometryCollection') {
      for (const child of g.geometries ?? []) {
        const problem = visit(child as typeof g);
        if (problem) return problem;
      }
    } else return `has a ${g.type} geometry; zones are polygons or, for boundary lines, lines`;
    return undefined;
  };
  try {
    const problem = visit(geometry);
    if (problem) return { problem };
  } catch {
    return { problem: `has malformed ${geometry.type} coordinates` };
  }
  if (polygons.length > 0 && lines.length > 0)
    return { problem: 'mixes areas and lines; split it into two features' };
  if (polygons.length > 0)
    return {
      geometry:
        polygons.length === 1
          ? { type: 'Polygon', coordinates: polygons[0]! }
          : { type: 'MultiPolygon', coordinates: polygons },
    } as { geometry: Zone['geometry'] };
  if (lines.length > 0)
    return {
      geometry:
        lines.length === 1
          ? { type: 'LineString', coordinates: lines[0]! }
          : { type: 'MultiLineString', coordinates: lines },
    } as { geometry: Zone['geometry'] };
  return { problem: 'has an empty geometry' };
}

/**
 * Maps raw features to zones. Returns the zones that passed and a problem (naming the feature) for
 * every one that did not; a caller applies nothing unless `problems` is empty.
 */
export function mapFeatures(
  features: readonly RawFeature[],
  mapping: ImportMapping,
  idPrefix: string,
): { zones: Zone[]; problems: MappingProblem[] } {
  const zones: Zone[] = [];
  const problems: MappingProblem[] = [];
  features.forEach((feature, i) => {
    const p = feature.properties;
    const get = (field: string) => attribute(p, field, mapping);
    const fail = (problem: string) => problems.push({ feature: feature.label, problem });
    const { geometry, problem } = geometryOf(feature.geometry);
    if (problem) return fail(problem);
    const rawKind = get('kind');
    const kindWord = present(rawKind) ? String(rawKind).trim() : undefined;
    const kind: ZoneKind | string | undefined =
      kindWord === undefined
        ? mapping.defaults.kind
        : (mapping.kindValues[kindWord] ?? kindWord.toLowerCase());
    const alerts: Record<string, unknown> = { ...(mapping.defaults.alerts ?? {}) };
    const classes = get('allowedVesselClasses');
    if (present(classes)) alerts['allowedVesselClasses'] = list(classes);
    const approach = get('approachTiersNm');
    if (present(approach)) alerts['approachTiersNm'] = tiers(approach);
    const horizon = get('timeToBoundaryHorizonMin');
    if (present(horizon)) alerts['timeToBoundaryHorizonMin'] = numberOf(horizon);
    const margin = get('portExitMarginNm');
    if (present(margin)) alerts['portExitMarginNm'] = numberOf(margin);
    const settings = ZoneAlertSettingsSchema.safeParse(alerts);
    if (!settings.success)
      return fail(
        `alert settings: ${settings.error.issues.map((e) => `${e.path.join('.') || 'alerts'}: ${e.message}`).join('; ')}`,
      );
    const id = get('id');
    const name = get('name');
    const jurisdiction = get('jurisdiction');
    const parties = get('parties');
    const validFrom = get('validFrom');
    const validTo = get('validTo');
    const source = get('source');
    const candidate = {
      id: present(id) ? String(id).trim() : `${idPrefix}-${i + 1}`,
      name: present(name) ? String(name).trim() : present(id) ? String(id) : `${idPrefix} ${i + 1}`,
      kind,
      jurisdiction: present(jurisdiction)
        ? String(jurisdiction).trim().toUpperCase()
        : mapping.defaults.jurisdiction,
      geometry,
      ...(present(validFrom) ? { validFromMs: timeMs(validFrom) } : {}),
      ...(present(validTo) ? { validToMs: timeMs(validTo) } : {}),
      approximate: mapping.defaults.approximate ?? false,
      ...(present(source)
        ? { source: String(source) }
        : mapping.defaults.source
          ? { source: mapping.defaults.source }
          : {}),
      properties: {
        ...p,
        ...(present(parties) ? { parties: (list(parties) as string[]).map((s) => s.toUpperCase()) } : {}),
        ...(Object.keys(settings.data).length > 0 ? { alerts: settings.data } : {}),
      },
    };
    const parsed = ZoneSchema.safeParse(candidate);
    if (!parsed.success)
      return fail(
        parsed.error.issues
          .map(
            (e) =>
              `${e.path.join('.') || 'zone'}: ${e.message}${e.path[0] === 'kind' ? ` (got "${String(kind)}"; map the file's value with --kind or kindValues)` : ''}`,
          )
          .join('; '),
      );
    zones.push(parsed.data);
  });
  const seen = new Map<string, number>();
  zones.forEach((z, i) => {
    if (seen.has(z.id))
      problems.push({
        feature: `zone "${z.id}"`,
        problem: `id is used by two features (#${seen.get(z.id)! + 1} and #${i + 1} of the mapped zones)`,
      });
    seen.set(z.id, i);
  });
  return { zones, problems };
}
