import type { Zone } from '@vesselwatch/domain';

/** Result and option types of ZoneIndex's public queries. */

export interface NearestBoundary {
  /** Ellipsoidal (WGS-84) distance from the point to the nearest matching boundary. */
  distanceNm: number;
  distanceM: number;
  /** The nearest point on that boundary. */
  lon: number;
  lat: number;
  zone: Zone;
  zoneIndex: number;
  /** Internal edge number (stable for one index); useful to tell two equally near boundaries apart. */
  edge: number;
}

export interface TimedPosition {
  lon: number;
  lat: number;
  atMs: number;
}

export interface Crossing {
  zone: Zone;
  zoneIndex: number;
  /** enter / exit for areas; cross for boundary lines. */
  direction: 'enter' | 'exit' | 'cross';
  /** For lines: which side the track ends on, looking along the line from its first to its last point. */
  side?: 'left' | 'right';
  lon: number;
  lat: number;
  /** Interpolated linearly in time along the track segment (constant speed between the two fixes). */
  atMs: number;
  /** 0 at `from`, 1 at `to`. */
  fraction: number;
  edge: number;
}

export interface ZoneIndexOptions {
  /** Check rings for self-intersections and holes for nesting (default true; costs ~1 s on the world set). */
  validate?: boolean;
}

export interface ZoneIndexStats {
  zones: number;
  parts: number;
  vertices: number;
  edges: number;
  quadtreeNodes: number;
  rtreeNodes: number;
  /** Bytes held in typed arrays by the index. */
  bytes: number;
}
