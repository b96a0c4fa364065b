import type { PositionFix } from '@vesselwatch/domain';
import { distanceNm } from '../sanity';
import type { FixContext } from './context';

/** Slack of the "cannot have crossed" test: 1 % of the segment plus 0.05 nm. */
const CROSSING_MARGIN_FRACTION = 0.01;
const CROSSING_MARGIN_NM = 0.05;

/**
 * border.crossed: one episode per foreign jurisdiction the vessel is in (entering a neighbour's EEZ and then
 * its territorial sea is one episode). Between two fixes the track is checked for crossings, so a vessel
 * that crosses into foreign waters and back between two 2-hourly reports still gets an episode, opened and
 * resolved at the interpolated crossing times. The fix's own position is the final word on where it is.
 */
export function applyBorderCrossedRules(ctx: FixContext): void {
  const { fix, facts, vessel, next } = ctx;
  const flag = vessel.flagState;
  const inside = new Set(ctx.state.foreignZoneIds);

  if (ctx.previous && mayHaveCrossed(ctx, ctx.previous)) {
    const crossings = facts.foreignCrossings(
      { lon: ctx.previous.position[0], lat: ctx.previous.position[1], atMs: ctx.previous.reportedAtMs },
      { lon: fix.position[0], lat: fix.position[1], atMs: fix.reportedAtMs },
      flag,
    );
    for (const crossing of crossings) {
      if (crossing.direction === 'cross') continue;
      if (crossing.direction === 'enter') inside.add(crossing.zone.id);
      else inside.delete(crossing.zone.id);
      reconcile(ctx, jurisdictionsOf(ctx, inside), crossing.atMs, {
        crossingPoint: [crossing.lon, crossing.lat],
        crossingAtMs: Math.round(crossing.atMs),
      });
    }
  }

  const here = new Set(
    ctx.areas.filter((index) => facts.isForeignArea(index, flag)).map((index) => facts.zone(index).id),
  );
  reconcile(ctx, jurisdictionsOf(ctx, here), ctx.atMs, {});
  next.foreignZoneIds = [...here].sort();
}

/**
 * Whether the track since the previous fix can have touched a foreign boundary at all. Every point of the
 * segment is within s of one end and L - s of the other, so when the two ends' distances to the nearest
 * boundary add up to more than the segment's length L, no boundary lies on it: the crossing search (the
 * dearest query of a sparse fix) is skipped. The margin covers the difference between the great-circle
 * segment and the ellipsoidal distances.
 */
function mayHaveCrossed(ctx: FixContext, previous: PositionFix): boolean {
  const before = ctx.state.nearestForeignNm;
  const now = ctx.nearestForeign?.distanceNm ?? null;
  if (before === null || now === null) return ctx.nearestForeign !== null;
  const lengthNm = distanceNm(previous, ctx.fix);
  return before + now <= lengthNm * (1 + CROSSING_MARGIN_FRACTION) + CROSSING_MARGIN_NM;
}

/** Jurisdiction -> the first zone id (sorted) of it the vessel is in. */
function jurisdictionsOf(ctx: FixContext, zoneIds: ReadonlySet<string>): Map<string, string> {
  const result = new Map<string, string>();
  for (const id of [...zoneIds].sort()) {
    const index = ctx.facts.zones.zoneIndexOf(id);
    if (index < 0) continue;
    const jurisdiction = ctx.facts.zone(index).jurisdiction;
    if (!result.has(jurisdiction)) result.set(jurisdiction, id);
  }
  return result;
}

/**
 * Opens an episode for each foreign jurisdiction the vessel is now in and resolves the open ones it is no
 * longer in (also those whose zones left the zone set in a new version).
 */
function reconcile(
  ctx: FixContext,
  now: Map<string, string>,
  atMs: number,
  evidence: { crossingPoint?: [number, number]; crossingAtMs?: number },
): void {
  for (const [jurisdiction, zoneId] of now) {
    if (ctx.book.get('border.crossed', jurisdiction)) continue;
    ctx.book.openOrEscalate(
      {
        type: 'border.crossed',
        subject: jurisdiction,
        severity: 'danger',
        startMs: atMs,
        openingFix: ctx.fix,
        zoneId,
        evidence: {
          ...evidence,
          jurisdiction,
          speedKnots: ctx.fix.speedKnots ?? undefined,
          courseDeg: ctx.fix.courseDeg ?? undefined,
        },
      },
      atMs,
    );
  }
  for (const episode of ctx.book.ofType('border.crossed')) {
    const jurisdiction = episode.alert.evidence['jurisdiction'];
    if (typeof jurisdiction === 'string' && !now.has(jurisdiction))
      ctx.book.resolve('border.crossed', jurisdiction, atMs, evidence);
  }
}
