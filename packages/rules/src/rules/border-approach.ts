import type { AlertSeverity, ApproachTiersNm } from '@vesselwatch/domain';
import type { FixContext } from './context';

/** Approach tiers from least to most urgent; index 0 = no tier. */
const TIERS = [null, 'notice', 'warning', 'danger'] as const;
type Tier = 0 | 1 | 2 | 3;

function tierAt(distanceNm: number, tiers: ApproachTiersNm): Tier {
  if (distanceNm <= tiers.danger) return 3;
  if (distanceNm <= tiers.warning) return 2;
  if (distanceNm <= tiers.notice) return 1;
  return 0;
}

function tierOf(severity: AlertSeverity | undefined): Tier {
  const index = TIERS.indexOf(severity as (typeof TIERS)[number]);
  return index < 0 ? 0 : (index as Tier);
}

/**
 * The distance tier with hysteresis: a vessel moves to a more urgent tier as soon as it is within that
 * tier's distance, but drops back only once it is the hysteresis margin beyond it, so jitter at 5.0 nm
 * does not flap between notice and warning.
 */
export function distanceTier(
  distanceNm: number,
  tiers: ApproachTiersNm,
  current: Tier,
  hysteresisNm: number,
): Tier {
  const raw = tierAt(distanceNm, tiers);
  if (raw >= current) return raw;
  return Math.max(raw, Math.min(current, tierAt(distanceNm - hysteresisNm, tiers))) as Tier;
}

/**
 * border.approach: within the tiers of foreign waters (default 10 / 5 / 2 nm), or predicted to reach them
 * on course and speed within the horizon (warning; danger within timeToBoundaryDangerMin). One episode per
 * vessel: the nearest boundary may change from one fix to the next without a new episode. While the vessel
 * is inside foreign waters border.crossed speaks for it, so the approach episode ends.
 */
export function applyBorderApproachRules(ctx: FixContext): void {
  const { fix, facts, vessel, config, book, next } = ctx;
  const [lon, lat] = fix.position;
  const nearest = ctx.nearestForeign;
  next.nearestForeignNm = nearest ? nearest.distanceNm : null;
  const open = book.get('border.approach', null);

  if (!nearest || next.foreignZoneIds.length > 0) {
    if (open) book.resolve('border.approach', null, ctx.atMs, { distanceNm: nearest?.distanceNm });
    return;
  }
  const tiers = facts.approachTiers(nearest.zoneIndex);
  let tier = distanceTier(nearest.distanceNm, tiers, tierOf(open?.severity), config.approachHysteresisNm);

  let timeToBoundaryMin: number | null = null;
  const horizonMin = facts.horizonMin(nearest.zoneIndex);
  // No prediction for a drifting vessel, nor for one that cannot get there within the horizon anyway.
  if (
    fix.speedKnots !== null &&
    fix.courseDeg !== null &&
    fix.speedKnots >= config.predictionMinSpeedKnots &&
    nearest.distanceNm <= (fix.speedKnots * horizonMin) / 60
  ) {
    timeToBoundaryMin = facts.timeToForeignMin(
      lon,
      lat,
      fix.speedKnots,
      fix.courseDeg,
      vessel.flagState,
      horizonMin,
    );
    if (timeToBoundaryMin !== null) {
      const timeTier: Tier = timeToBoundaryMin <= config.timeToBoundaryDangerMin ? 3 : 2;
      tier = Math.max(tier, timeTier) as Tier;
    }
  }

  const evidence = {
    distanceNm: round3(nearest.distanceNm),
    nearestPoint: [round6(nearest.lon), round6(nearest.lat)],
    boundaryZoneId: nearest.zone.id,
    jurisdiction: nearest.zone.jurisdiction,
    speedKnots: fix.speedKnots ?? undefined,
    courseDeg: fix.courseDeg ?? undefined,
    timeToBoundaryMin: timeToBoundaryMin === null ? undefined : round3(timeToBoundaryMin),
  };
  if (tier === 0) {
    if (open) book.resolve('border.approach', null, ctx.atMs, evidence);
    return;
  }
  const severity = TIERS[tier]!;
  book.openOrEscalate(
    {
      type: 'border.approach',
      subject: null,
      severity,
      startMs: ctx.atMs,
      openingFix: fix,
      zoneId: nearest.zone.id,
      evidence,
    },
    ctx.atMs,
  );
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
