import polygonClipping, { type Geom } from 'polygon-clipping';
import { contourArea, type MultiPolygonCoords } from './contour';
import { gridOver, nodeRange, rasterisePolygon, type BboxDeg, type Grid } from './grid';
import { densifyRing, NearestSeedField, seedsFrom } from './nearest-seed-field';

const NM_M = 1852;

export interface FishingZoneLimits {
  /** Outer limit of the coastal zone (the "tuyen bo" line), nautical miles from the coast. */
  coastalLimitNm: number;
  /** Outer limit of the inshore zone (the "tuyen long" line), nautical miles from the mainland coast. */
  inshoreLimitNm: number;
  /** Grid step of the distance fields, degrees. */
  gridStepDeg: number;
}

export interface FishingZoneAreas {
  coastal: MultiPolygonCoords;
  inshore: MultiPolygonCoords;
  offshore: MultiPolygonCoords;
}

/**
 * Vietnam's three fishing zones (Decree 26/2019 Art. 42) as approximate areas inside the (approximate)
 * Vietnamese EEZ:
 *  - coastal: land and sea within coastalLimitNm of any Vietnamese land (mainland and islands);
 *  - inshore: beyond that, within inshoreLimitNm of the mainland and of the islands that lie within
 *    inshoreLimitNm of it (offshore islands get only their coastal ring);
 *  - offshore: the rest of the EEZ.
 * Land is Natural Earth 1:10m; a land polygon counts as Vietnamese where its coast lies in the EEZ polygon.
 * Distances are measured on a grid (nearest coast vertex, interpolated between nodes).
 */
export function vietnamFishingZones(
  eez: MultiPolygonCoords,
  land: MultiPolygonCoords,
  limits: FishingZoneLimits,
): FishingZoneAreas {
  const grid = gridOver(paddedBbox(eez, 0.5), limits.gridStepDeg);
  const n = grid.nx * grid.ny;
  const inEez = new Uint8Array(n);
  for (const polygon of eez) rasterisePolygon(grid, polygon, (i) => (inEez[i] = 1));
  const onLand = new Uint8Array(n);
  const seedsByPart: { lon: number; lat: number; owner: number }[][] = [];
  land.forEach((polygon, part) => {
    rasterisePolygon(grid, polygon, (i) => (onLand[i] = 1));
    const seeds: { lon: number; lat: number; owner: number }[] = [];
    for (const ring of polygon)
      for (const [lon, lat] of densifyRing(ring, grid.stepDeg / 2)) {
        const i = nodeAt(grid, lon, lat);
        if (i >= 0 && inEez[i]) seeds.push({ lon, lat, owner: part });
      }
    seedsByPart.push(seeds);
  });
  const mainland = seedsByPart.reduce(
    (best, seeds, part) => (seeds.length > seedsByPart[best]!.length ? part : best),
    0,
  );
  const reach = limits.inshoreLimitNm * NM_M * 1.5;
  const fromMainland = new NearestSeedField(grid, seedsFrom(seedsByPart[mainland]!), reach);
  const nearShore = seedsByPart.filter(
    (seeds) =>
      seeds.length > 0 &&
      seeds.some(
        ({ lon, lat }) => fromMainland.distanceM(nodeAt(grid, lon, lat)) <= limits.inshoreLimitNm * NM_M,
      ),
  );
  const fromAnyLand = new NearestSeedField(grid, seedsFrom(seedsByPart.flat()), reach);
  const fromInshoreBase = new NearestSeedField(grid, seedsFrom(nearShore.flat()), reach);

  const band = (field: NearestSeedField, limitNm: number): MultiPolygonCoords => {
    const limitM = limitNm * NM_M;
    const value = (i: number) =>
      onLand[i] && inEez[i] ? limitM : Math.max(limitM - field.distanceM(i), -limitM);
    const range = nodeRange(grid, (i) => inEez[i] === 1, 2) ?? {
      x0: 0,
      y0: 0,
      x1: grid.nx - 1,
      y1: grid.ny - 1,
    };
    return contourArea(grid, range, value);
  };
  const coastalBand = band(fromAnyLand, limits.coastalLimitNm);
  const inshoreBand = band(fromInshoreBase, limits.inshoreLimitNm);
  const eezGeom = eez as Geom;
  const coastal = polygonClipping.intersection(eezGeom, coastalBand as Geom) as MultiPolygonCoords;
  const inshore = polygonClipping.difference(
    polygonClipping.intersection(eezGeom, inshoreBand as Geom),
    coastal as Geom,
  ) as MultiPolygonCoords;
  const offshore = polygonClipping.difference(
    eezGeom,
    inshoreBand as Geom,
    coastal as Geom,
  ) as MultiPolygonCoords;
  return { coastal, inshore, offshore };
}

function nodeAt(grid: Grid, lon: number, lat: number): number {
  const x = Math.round((lon - grid.lon0) / grid.stepDeg);
  const y = Math.round((lat - grid.lat0) / grid.stepDeg);
  return x < 0 || y < 0 || x >= grid.nx || y >= grid.ny ? -1 : y * grid.nx + x;
}

function paddedBbox(area: MultiPolygonCoords, padDeg: number): BboxDeg {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const polygon of area)
    for (const [lon, lat] of polygon[0]!) {
      w = Math.min(w, lon);
      e = Math.max(e, lon);
      s = Math.min(s, lat);
      n = Math.max(n, lat);
    }
  return [w - padDeg, s - padDeg, e + padDeg, n + padDeg];
}
