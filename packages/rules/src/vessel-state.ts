import type { VesselRuleState } from './types';

/** The state of a vessel the rules have never seen a fix of. */
export function initialVesselState(vesselId: string): VesselRuleState {
  return {
    version: 1,
    vesselId,
    lastFix: null,
    portId: null,
    portArrivedAtMs: null,
    foreignZoneIds: [],
    nearestForeignNm: null,
    violationCandidates: {},
    episodes: [],
    consecutiveJumps: 0,
  };
}
