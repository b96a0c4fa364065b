import { ZoneSchema, VesselWatchError, type FieldProblem, type Zone } from '@vesselwatch/domain';

/** Most problems reported in one error; past that the set is hopeless and the list would only be noise. */
export const MAX_REPORTED_PROBLEMS = 50;

/** A stand-in geometry so the zone's other fields go through the domain schema without 100,000 tuples. */
const STUB_GEOMETRY = {
  type: 'LineString',
  coordinates: [
    [0, 0],
    [1, 1],
  ],
} as const;

export function zoneLabel(zone: { id?: unknown }, index: number): string {
  return typeof zone.id === 'string' && zone.id.length > 0 ? `zone "${zone.id}"` : `zone #${index} (no id)`;
}

/** Checks every field but the coordinates with the domain's ZoneSchema. */
export function checkZoneFields(zone: unknown, index: number, problems: FieldProblem[]): boolean {
  if (typeof zone !== 'object' || zone === null) {
    problems.push({ path: `zones.${index}`, problem: `zone #${index} is not an object` });
    return false;
  }
  const result = ZoneSchema.safeParse({ ...(zone as Record<string, unknown>), geometry: STUB_GEOMETRY });
  if (result.success) return true;
  const label = zoneLabel(zone as { id?: unknown }, index);
  for (const issue of result.error.issues) {
    problems.push({
      path: `zones.${index}.${issue.path.map(String).join('.')}`,
      problem: `${label}: ${issue.path.map(String).join('.') || 'zone'}: ${issue.message}`,
    });
  }
  return false;
}

function checkPosition(position: unknown, where: string, label: string, problems: FieldProblem[]): boolean {
  if (!Array.isArray(position) || position.length < 2) {
    problems.push({ path: where, problem: `${label}: position ${where} is not [lon, lat]` });
    return false;
  }
  const [lon, lat] = position as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    problems.push({ path: where, problem: `${label}: position ${where} has a non-numeric coordinate` });
    return false;
  }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    problems.push({
      path: where,
      problem: `${label}: position ${where} [${lon}, ${lat}] is out of range (lon -180..180, lat -90..90)`,
    });
    return false;
  }
  return true;
}

function checkRing(ring: unknown, where: string, label: string, problems: FieldProblem[]): boolean {
  if (!Array.isArray(ring) || ring.length < 4) {
    problems.push({ path: where, problem: `${label}: ring ${where} needs at least 4 positions` });
    return false;
  }
  for (let i = 0; i < ring.length; i++) {
    if (!checkPosition(ring[i], `${where}.${i}`, label, problems)) return false;
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    problems.push({
      path: where,
      problem: `${label}: ring ${where} is not closed (first position [${first[0]}, ${first[1]}], last [${last[0]}, ${last[1]}])`,
    });
    return false;
  }
  return true;
}

function checkLine(line: unknown, where: string, label: string, problems: FieldProblem[]): boolean {
  if (!Array.isArray(line) || line.length < 2) {
    problems.push({ path: where, problem: `${label}: line ${where} needs at least 2 positions` });
    return false;
  }
  for (let i = 0; i < line.length; i++) {
    if (!checkPosition(line[i], `${where}.${i}`, label, problems)) return false;
  }
  return true;
}

function checkPolygon(polygon: unknown, where: string, label: string, problems: FieldProblem[]): boolean {
  if (!Array.isArray(polygon) || polygon.length < 1) {
    problems.push({ path: where, problem: `${label}: polygon ${where} has no rings` });
    return false;
  }
  let ok = true;
  for (let r = 0; r < polygon.length; r++) ok = checkRing(polygon[r], `${where}.${r}`, label, problems) && ok;
  return ok;
}

/** Structure, ranges and closure of a zone's geometry; the index build checks crossings and nesting. */
export function checkZoneGeometry(zone: unknown, index: number, problems: FieldProblem[]): boolean {
  const label = zoneLabel(zone as { id?: unknown }, index);
  const geometry = (zone as { geometry?: { type?: unknown; coordinates?: unknown } }).geometry;
  const base = `zones.${index}.geometry.coordinates`;
  if (!geometry || typeof geometry !== 'object' || !Array.isArray(geometry.coordinates)) {
    problems.push({ path: `zones.${index}.geometry`, problem: `${label}: geometry is missing` });
    return false;
  }
  const coordinates = geometry.coordinates as unknown[];
  switch (geometry.type) {
    case 'Polygon':
      return checkPolygon(coordinates, base, label, problems);
    case 'MultiPolygon': {
      if (coordinates.length < 1) {
        problems.push({ path: base, problem: `${label}: MultiPolygon has no polygons` });
        return false;
      }
      let ok = true;
      for (let p = 0; p < coordinates.length; p++)
        ok = checkPolygon(coordinates[p], `${base}.${p}`, label, problems) && ok;
      return ok;
    }
    case 'LineString':
      return checkLine(coordinates, base, label, problems);
    case 'MultiLineString': {
      if (coordinates.length < 1) {
        problems.push({ path: base, problem: `${label}: MultiLineString has no lines` });
        return false;
      }
      let ok = true;
      for (let l = 0; l < coordinates.length; l++)
        ok = checkLine(coordinates[l], `${base}.${l}`, label, problems) && ok;
      return ok;
    }
    default:
      problems.push({
        path: `zones.${index}.geometry.type`,
        problem: `${label}: geometry type ${String(geometry.type)} is not Polygon, MultiPolygon, LineString or MultiLineString`,
      });
      return false;
  }
}

export function throwIfProblems(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
    detail: `invalid zone set: ${shown.map((p) => p.problem).join('; ')}${more}`,
    details: { problems: shown, total: problems.length },
  });
}

/**
 * Checks every zone's fields and geometry and that ids are unique; throws VW_ERR_INPUT_INVALID listing
 * the problems. Returns the map from zone id to its index.
 */
export function checkZoneList(zones: readonly Zone[]): Map<string, number> {
  const problems: FieldProblem[] = [];
  for (let i = 0; i < zones.length; i++) {
    checkZoneFields(zones[i], i, problems);
    checkZoneGeometry(zones[i], i, problems);
  }
  const seen = new Map<string, number>();
  zones.forEach((zone, i) => {
    if (typeof zone?.id !== 'string') return;
    const before = seen.get(zone.id);
    if (before !== undefined)
      problems.push({
        path: `zones.${i}.id`,
        problem: `${zoneLabel(zone, i)}: id is used twice (zones #${before} and #${i})`,
      });
    else seen.set(zone.id, i);
  });
  throwIfProblems(problems);
  return seen;
}
