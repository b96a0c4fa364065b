import { type ApproachTiersNm, DAY_MS, HOUR_MS, MINUTE_MS } from '@vesselwatch/domain';

/**
 * The rules' thresholds, with units in the names. Zones may override the boundary ones through their
 * alert settings (packages/domain zone-alert-settings.ts); these are the defaults for what a zone leaves out.
 */
export interface RulesConfig {
  /** border.approach severity by distance to foreign waters (default 10 / 5 / 2 nm). */
  approachTiersNm: ApproachTiersNm;
  /** A tier is left only this far (nm) beyond its distance, so a vessel hovering at it does not flap. */
  approachHysteresisNm: number;
  /** How far ahead time-to-boundary on course and speed looks (minutes). */
  timeToBoundaryHorizonMin: number;
  /** Predicted to reach foreign waters within this many minutes: danger (within the horizon: warning). */
  timeToBoundaryDangerMin: number;
  /** Speeds below this are treated as drifting: no time-to-boundary prediction (GPS noise points anywhere). */
  predictionMinSpeedKnots: number;
  signal: {
    /** Late (notice) after this many expected report intervals without a fix. */
    lateFactor: number;
    /** Lost (warning) after this long without a fix. */
    lostAfterMs: number;
    /** Long loss (danger) after this long without a fix. */
    longLossAfterMs: number;
  };
  /** A fix reported more than this after it was received is from the future (clock fault): rejected. */
  futureToleranceMs: number;
  /** Implied speed between consecutive fixes above this (knots) is impossible: the jump is rejected. */
  maxImpliedSpeedKnots: number;
  /** Jumps shorter than this (nm) are never judged by implied speed (GPS noise over seconds). */
  impliedSpeedMinDistanceNm: number;
  /**
   * A fix inside the land mask is rejected only when it lies farther inland than this (nm): the mask is a
   * 1:10m coastline, good to about a kilometre, and quays and river mouths sit on its edge.
   */
  onLandMinInlandNm: number;
  /** In fishing zones, only a vessel slower than this (knots) is fishing; faster is passage, not a violation. */
  fishingSpeedMaxKnots: number;
  /** How long a vessel must be seen fishing inside a zone its class may not use before zone.violation opens. */
  zoneViolationMinDwellMs: number;
  /** How far outside a port area a vessel must be before it counts as departed (nm). */
  portExitMarginNm: number;
}

export const DEFAULT_RULES_CONFIG: RulesConfig = {
  approachTiersNm: { notice: 10, warning: 5, danger: 2 },
  approachHysteresisNm: 0.5,
  timeToBoundaryHorizonMin: 60,
  timeToBoundaryDangerMin: 15,
  predictionMinSpeedKnots: 1,
  signal: { lateFactor: 2, lostAfterMs: 6 * HOUR_MS, longLossAfterMs: 10 * DAY_MS },
  futureToleranceMs: 5 * MINUTE_MS,
  maxImpliedSpeedKnots: 50,
  impliedSpeedMinDistanceNm: 0.5,
  onLandMinInlandNm: 1,
  fishingSpeedMaxKnots: 5,
  zoneViolationMinDwellMs: 30 * MINUTE_MS,
  portExitMarginNm: 0.5,
};
