import type { Zone } from '@vesselwatch/domain';
import { WGS84_A, toUnitVector } from './ellipsoid';

/** ZoneStore.edgeLinks bits: the edge before (e - 1) / after (e + 1) continues the ring or line. */
export const LINK_PREV = 1;
export const LINK_NEXT = 2;

/** The rings of one polygon part, as vertex ranges (for validation messages that name rings and positions). */
export interface PartRings {
  zone: number;
  /** Index of the polygon within a MultiPolygon, -1 for a Polygon. */
  polygon: number;
  starts: number[];
  ends: number[];
}

/**
 * Every zone flattened into typed arrays: the one representation all query structures index into.
 * Vertices of a ring or line are contiguous and an edge runs from vertex v to v + 1.
 */
export interface ZoneStore {
  // Vertices: geodetic lon/lat, planar lon for point-in-polygon (unwrapped across the antimeridian),
  // auxiliary-sphere unit vectors (3 per vertex).
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly plon: Float64Array;
  readonly vec: Float64Array;
  // Edges.
  readonly edgeCount: number;
  readonly edgeV: Int32Array;
  readonly edgeZone: Int32Array;
  /** Generous bound (metres) of how far a polygon edge drawn in lon/lat strays from its geodesic. */
  readonly edgeDev: Float64Array;
  /** 1 for an edge along the antimeridian where GeoJSON cuts a shape: not a boundary. */
  readonly edgeSeam: Uint8Array;
  /** Which ring or line the edge belongs to (R-tree leaves never mix two). */
  readonly edgeRun: Int32Array;
  /** LINK_PREV / LINK_NEXT bits: edge e - 1 ends where e starts / edge e + 1 starts where e ends. */
  readonly edgeLinks: Uint8Array;
  // Zones.
  readonly zoneIsArea: Uint8Array;
  readonly zoneFrom: Float64Array;
  readonly zoneTo: Float64Array;
  readonly zoneParts: Int32Array[];
  /** Sorted instants at which some zone becomes valid or stops being valid. */
  readonly transitions: Float64Array;
  // Polygon parts: their zone and their edges [start, end).
  readonly partCount: number;
  readonly partZone: Int32Array;
  readonly partEdgeStart: Int32Array;
  readonly partEdgeEnd: Int32Array;
  readonly partRings: PartRings[];
}

/** Copies already validated zones into a ZoneStore. */
export function buildZoneStore(zones: readonly Zone[]): ZoneStore {
  const nz = zones.length;
  let nv = 0;
  let nparts = 0;
  for (const zone of zones) {
    const g = zone.geometry;
    if (g.type === 'Polygon') {
      nparts++;
      for (const ring of g.coordinates) nv += ring.length;
    } else if (g.type === 'MultiPolygon') {
      for (const poly of g.coordinates) {
        nparts++;
        for (const ring of poly) nv += ring.length;
      }
    } else if (g.type === 'LineString') nv += g.coordinates.length;
    else for (const line of g.coordinates) nv += line.length;
  }
  const lonA = new Float64Array(nv);
  const latA = new Float64Array(nv);
  const plonA = new Float64Array(nv);
  const vec = new Float64Array(nv * 3);
  const edgeV = new Int32Array(nv);
  const edgeZone = new Int32Array(nv);
  const edgeSeam = new Uint8Array(nv);
  const edgeRun = new Int32Array(nv);
  const zoneIsArea = new Uint8Array(nz);
  const zoneFrom = new Float64Array(nz);
  const zoneTo = new Float64Array(nz);
  const partZone = new Int32Array(nparts);
  const partEdgeStart = new Int32Array(nparts);
  const partEdgeEnd = new Int32Array(nparts);
  const partRings: PartRings[] = [];
  const zoneParts: Int32Array[] = [];
  const transitions = new Set<number>();
  let v = 0;
  let ne = 0;
  let run = 0;
  let part = 0;

  const copyRun = (coords: readonly (readonly number[])[], zi: number, unwrap: boolean): number => {
    const start = v;
    let prev = 0;
    for (let i = 0; i < coords.length; i++) {
      const c = coords[i]!;
      const x = c[0]!;
      lonA[v] = x;
      latA[v] = c[1]!;
      let px = x;
      if (unwrap && i > 0) {
        while (px - prev > 180) px -= 360;
        while (px - prev < -180) px += 360;
      }
      plonA[v] = px;
      prev = px;
      toUnitVector(x, c[1]!, vec, v * 3);
      v++;
    }
    for (let i = start; i < v - 1; i++) {
      if (lonA[i] === lonA[i + 1] && latA[i] === latA[i + 1]) continue; // repeated position
      edgeV[ne] = i;
      edgeZone[ne] = zi;
      edgeRun[ne] = run;
      // An edge along the antimeridian is where GeoJSON cuts a shape in two, not a real boundary.
      edgeSeam[ne] = Math.abs(lonA[i]!) === 180 && lonA[i] === lonA[i + 1] ? 1 : 0;
      ne++;
    }
    run++;
    return start;
  };

  for (let zi = 0; zi < nz; zi++) {
    const zone = zones[zi]!;
    zoneFrom[zi] = zone.validFromMs ?? -Infinity;
    zoneTo[zi] = zone.validToMs ?? Infinity;
    if (zone.validFromMs !== undefined) transitions.add(zone.validFromMs);
    if (zone.validToMs !== undefined) transitions.add(zone.validToMs);
    const g = zone.geometry;
    const myParts: number[] = [];
    if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      zoneIsArea[zi] = 1;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      polys.forEach((poly, pi) => {
        const crosses = poly.some((ring) => ringJumps(ring));
        partEdgeStart[part] = ne;
        const starts: number[] = [];
        const ends: number[] = [];
        let shellMid = 0;
        poly.forEach((ring, ri) => {
          const start = copyRun(ring, zi, crosses);
          if (crosses) {
            // Keep every ring of the part in one continuous longitude range.
            let mid = 0;
            for (let i = start; i < v; i++) mid += plonA[i]!;
            mid /= v - start;
            if (ri === 0) shellMid = mid;
            else {
              const shift = Math.round((shellMid - mid) / 360) * 360;
              if (shift !== 0) for (let i = start; i < v; i++) plonA[i] = plonA[i]! + shift;
            }
          }
          starts.push(start);
          ends.push(v);
        });
        partEdgeEnd[part] = ne;
        partZone[part] = zi;
        partRings.push({ zone: zi, polygon: g.type === 'Polygon' ? -1 : pi, starts, ends });
        myParts.push(part);
        part++;
      });
    } else {
      const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
      for (const line of lines) copyRun(line, zi, false);
    }
    zoneParts.push(Int32Array.from(myParts));
  }

  const store: ZoneStore = {
    lon: lonA,
    lat: latA,
    plon: plonA,
    vec,
    edgeCount: ne,
    edgeV: edgeV.slice(0, ne),
    edgeZone: edgeZone.slice(0, ne),
    edgeDev: new Float64Array(ne),
    edgeSeam: edgeSeam.slice(0, ne),
    edgeRun: edgeRun.slice(0, ne),
    edgeLinks: linkEdges(edgeV, edgeSeam, edgeRun, lonA, latA, ne),
    zoneIsArea,
    zoneFrom,
    zoneTo,
    zoneParts,
    transitions: Float64Array.from([...transitions].sort((a, b) => a - b)),
    partCount: nparts,
    partZone,
    partEdgeStart,
    partEdgeEnd,
    partRings,
  };
  measureEdgeDeviations(store);
  return store;
}

/**
 * Which consecutive edges continue one another (same ring or line, the one ending where the other starts,
 * neither an antimeridian seam): the nearest-edge search leaves out edges a neighbour is as near as.
 */
function linkEdges(
  edgeV: Int32Array,
  edgeSeam: Uint8Array,
  edgeRun: Int32Array,
  lon: Float64Array,
  lat: Float64Array,
  ne: number,
): Uint8Array {
  const links = new Uint8Array(ne);
  for (let e = 1; e < ne; e++) {
    const end = edgeV[e - 1]! + 1;
    const start = edgeV[e]!;
    if (
      edgeRun[e] === edgeRun[e - 1] &&
      !edgeSeam[e] &&
      !edgeSeam[e - 1] &&
      lon[end] === lon[start] &&
      lat[end] === lat[start]
    ) {
      links[e - 1]! |= LINK_NEXT;
      links[e]! |= LINK_PREV;
    }
  }
  return links;
}

/**
 * Planar deviation of each polygon edge from its great-circle arc (metres, generous): the fast path
 * subtracts it so a safe radius measured to arcs is safe for the planar polygon too.
 */
function measureEdgeDeviations(store: ZoneStore): void {
  const { vec, edgeV, edgeZone, plon, lat, edgeDev } = store;
  const mid = new Float64Array(3);
  for (let e = 0; e < store.edgeCount; e++) {
    if (!store.zoneIsArea[edgeZone[e]!]) continue;
    const i = edgeV[e]!;
    toUnitVector((plon[i]! + plon[i + 1]!) / 2, (lat[i]! + lat[i + 1]!) / 2, mid, 0);
    const ax = vec[3 * i]!;
    const ay = vec[3 * i + 1]!;
    const az = vec[3 * i + 2]!;
    const bx = vec[3 * i + 3]!;
    const by = vec[3 * i + 4]!;
    const bz = vec[3 * i + 5]!;
    const nx = ay * bz - az * by;
    const ny = az * bx - ax * bz;
    const nz = ax * by - ay * bx;
    const nn = Math.sqrt(nx * nx + ny * ny + nz * nz);
    const off = nn > 0 ? Math.abs(mid[0]! * nx + mid[1]! * ny + mid[2]! * nz) / nn : 0;
    edgeDev[e] = 2 * WGS84_A * off + 1;
  }
}

/** Whether a ring is drawn across the antimeridian without being split (longitude jumps by > 180°). */
function ringJumps(ring: readonly (readonly number[])[]): boolean {
  for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i]![0]! - ring[i - 1]![0]!) > 180) return true;
  return false;
}
