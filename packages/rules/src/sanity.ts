import { METRES_PER_NAUTICAL_MILE, type PositionFix } from '@vesselwatch/domain';
import { distanceMetres } from '@vesselwatch/geo';
import type { RulesConfig } from './config';
import type { RejectionReason } from './types';
import type { ZoneFacts } from './zone-facts';

/** Hours in a millisecond, for knots from metres and milliseconds. */
const MS_PER_HOUR = 3_600_000;

/** Distance between two fixes in nautical miles (WGS-84). */
export function distanceNm(a: PositionFix, b: PositionFix): number {
  return (
    distanceMetres(a.position[0], a.position[1], b.position[0], b.position[1]) / METRES_PER_NAUTICAL_MILE
  );
}

function isOutOfRange(fix: PositionFix): boolean {
  const [lon, lat] = fix.position;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return true;
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return true;
  // 0,0 ("null island") is what a terminal without a GPS solution sends; no fishing vessel is there.
  return lon === 0 && lat === 0;
}

function isExactDuplicate(fix: PositionFix, last: PositionFix): boolean {
  return (
    fix.reportedAtMs === last.reportedAtMs &&
    fix.position[0] === last.position[0] &&
    fix.position[1] === last.position[1]
  );
}

/**
 * The sanity rules, in order of how certain they are. `last` is the vessel's newest accepted fix; the
 * implied-speed test only compares fixes in event-time order (a late fix is not judged against a newer one).
 * A fix on land inside a port area is fine (berths are on the coastline at any map resolution).
 */
export function rejectionReason(
  fix: PositionFix,
  last: PositionFix | null,
  config: RulesConfig,
  facts: ZoneFacts,
  inPortArea: boolean,
): RejectionReason | null {
  if (isOutOfRange(fix)) return 'out_of_range';
  if (fix.reportedAtMs > fix.receivedAtMs + config.futureToleranceMs) return 'future_time';
  if (last && isExactDuplicate(fix, last)) return 'duplicate';
  if (last && fix.reportedAtMs >= last.reportedAtMs) {
    const movedNm = distanceNm(last, fix);
    if (movedNm >= config.impliedSpeedMinDistanceNm) {
      const hours = (fix.reportedAtMs - last.reportedAtMs) / MS_PER_HOUR;
      if (hours <= 0 || movedNm / hours > config.maxImpliedSpeedKnots) return 'impossible_speed';
    }
  }
  if (!inPortArea && facts.onLand(fix.position[0], fix.position[1])) return 'on_land';
  return null;
}
