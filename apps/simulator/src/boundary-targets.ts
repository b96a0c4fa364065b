import type { LonLat } from '@vesselwatch/domain';

/**
 * Points on Vietnam's maritime boundaries that simulated vessels sail towards (to approach or cross
 * them), typed from ../shared/reference/domain.md §2 (treaty points, WGS-84). `outwardBearingDeg` points
 * from the line into the neighbour's waters; it is a rough perpendicular, good enough to put a simulated
 * vessel a few miles on either side.
 */
export interface BoundaryTarget {
  id: string;
  neighbour: 'CHN' | 'THA' | 'IDN';
  /** [lon, lat] on the boundary line. */
  point: LonLat;
  outwardBearingDeg: number;
  source: string;
}

export const BOUNDARY_TARGETS: readonly BoundaryTarget[] = [
  {
    id: 'tonkin-10',
    neighbour: 'CHN',
    point: [108.379167, 20.401389],
    outwardBearingDeg: 110,
    source: 'Gulf of Tonkin delimitation (Vietnam-China, 2000), point 10',
  },
  {
    id: 'tonkin-13',
    neighbour: 'CHN',
    point: [107.35, 19.423889],
    outwardBearingDeg: 120,
    source: 'Gulf of Tonkin delimitation (Vietnam-China, 2000), point 13',
  },
  {
    id: 'tonkin-17',
    neighbour: 'CHN',
    point: [107.159444, 18.714444],
    outwardBearingDeg: 90,
    source: 'Gulf of Tonkin delimitation (Vietnam-China, 2000), point 17',
  },
  {
    id: 'tonkin-21',
    neighbour: 'CHN',
    point: [107.966667, 17.783333],
    outwardBearingDeg: 45,
    source: 'Gulf of Tonkin delimitation (Vietnam-China, 2000), point 21 (southern end)',
  },
  {
    id: 'thailand-ck',
    neighbour: 'THA',
    // Midpoint of C (103.041667, 7.8) - K (102.203237, 8.781882).
    point: [102.622452, 8.290941],
    outwardBearingDeg: 225,
    source: 'Thailand-Vietnam delimitation (1997), midpoint of segment C-K',
  },
  {
    id: 'indonesia-4',
    neighbour: 'IDN',
    point: [106.660464, 6.349967],
    outwardBearingDeg: 180,
    source: 'Vietnam-Indonesia continental shelf (2003), fourth point',
  },
  {
    id: 'indonesia-4-5',
    neighbour: 'IDN',
    // Midpoint of the fourth (106.660464, 6.349967) and fifth (109.286944, 6.8375) points.
    point: [107.973704, 6.593734],
    outwardBearingDeg: 190,
    source: 'Vietnam-Indonesia continental shelf (2003), midpoint of the fourth-fifth segment',
  },
];
