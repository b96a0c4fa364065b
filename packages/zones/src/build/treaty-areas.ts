import polygonClipping, { type Geom, type MultiPolygon } from 'polygon-clipping';
import { VesselWatchError } from '@vesselwatch/domain';
import type { MultiPolygonCoords, Position } from './contour';

/** One side of a treaty line: the party and the waypoints that close its polygon (see data/zones/treaty-areas.json). */
export interface TreatySide {
  state: string;
  closing: Position[];
}

export interface TreatyArea {
  treatyZoneId: string;
  /** The treaty line, first to last point, [lon, lat]. */
  line: Position[];
  sides: TreatySide[];
}

/** The polygon of one side: the treaty line, then the closing waypoints, back to the first point. */
export function sidePolygon(area: TreatyArea, side: TreatySide): Position[][] {
  const ring = [...area.line, ...side.closing, area.line[0]!];
  return [ring];
}

/**
 * Applies treaty areas to the equidistance EEZs: each side's polygon goes to that side's party and is
 * taken from every other state, so that across the line the two parties' EEZs meet exactly on the
 * treaty's vertices. The side polygons are drawn over the party's own land and waters
 * (data/zones/treaty-areas.json), so no third state's territorial sea is touched.
 */
export function applyTreatyAreas(
  eezs: Map<string, MultiPolygonCoords>,
  areas: readonly TreatyArea[],
): Map<string, MultiPolygonCoords> {
  const result = new Map(eezs);
  for (const area of areas) {
    for (const side of area.sides) {
      const polygon = sidePolygon(area, side) as Geom;
      for (const [state, eez] of result)
        if (state !== side.state)
          result.set(state, clip('difference', area, eez as Geom, polygon) as MultiPolygonCoords);
      const own = result.get(side.state) ?? [];
      result.set(side.state, clip('union', area, own as Geom, polygon) as MultiPolygonCoords);
    }
  }
  return result;
}

function clip(
  operation: 'difference' | 'union',
  area: TreatyArea,
  geom: Geom,
  ...others: Geom[]
): MultiPolygon {
  try {
    return polygonClipping[operation](geom, ...others);
  } catch (error) {
    throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
      detail: `zone build: treaty area of "${area.treatyZoneId}": polygon ${operation} failed (${(error as Error).message}); check data/zones/treaty-areas.json`,
      cause: error,
    });
  }
}
