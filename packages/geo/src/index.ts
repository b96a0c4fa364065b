export {
  ZoneIndex,
  BoundaryFilter,
  type BoundaryFilterSpec,
  type Crossing,
  type NearestBoundary,
  type TimedPosition,
  type ZoneIndexOptions,
  type ZoneIndexStats,
} from './zone-index';
export { VesselTracker, type VesselTrackerOptions } from './vessel-tracker';
export { distanceMetres, toUnitVector, METRES_PER_NM, WGS84_A, WGS84_B, WGS84_F } from './ellipsoid';
