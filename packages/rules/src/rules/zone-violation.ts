import type { FixContext } from './context';

/** Zones whose presence rules apply only to a vessel that is fishing (slow), not passing through. */
const FISHING_SPEED_KINDS = new Set(['fishing_zone']);

/**
 * zone.violation: the vessel is inside a zone its class may not use (zone settings `allowedVesselClasses`:
 * e.g. a 15 m+ vessel inside the inshore line). In fishing zones only fishing counts: a vessel faster than
 * fishingSpeedMaxKnots is on passage to or from port. The episode opens once the vessel has been seen
 * there for zoneViolationMinDwellMs (two 2-hourly fixes, or 30 minutes of a dense track), so one noisy fix
 * never accuses anybody; it starts at the first sighting and resolves when the vessel leaves the zone.
 * Nothing is judged while the vessel is in port or for a vessel not in the registry (class unknown).
 */
export function applyZoneViolationRules(ctx: FixContext): void {
  const { fix, facts, vessel, config, book, next } = ctx;
  const candidates: Record<string, number> = {};
  const forbiddenHere = new Set<string>();
  const fishing = fix.speedKnots === null || fix.speedKnots <= config.fishingSpeedMaxKnots;

  if (vessel.vesselClass !== null && next.portId === null) {
    for (const index of ctx.areas) {
      const allowed = facts.settingsOf(index).allowedVesselClasses;
      if (allowed === undefined || allowed.includes(vessel.vesselClass)) continue;
      const zone = facts.zone(index);
      forbiddenHere.add(zone.id);
      const open = book.get('zone.violation', zone.id);
      if (open) continue;
      if (FISHING_SPEED_KINDS.has(zone.kind) && !fishing) continue;
      const since = ctx.state.violationCandidates[zone.id] ?? ctx.atMs;
      if (ctx.atMs - since >= config.zoneViolationMinDwellMs) {
        book.openOrEscalate(
          {
            type: 'zone.violation',
            subject: zone.id,
            severity: 'warning',
            startMs: since,
            openingFix: fix,
            zoneId: zone.id,
            evidence: {
              vesselClass: vessel.vesselClass,
              allowedVesselClasses: allowed,
              firstSeenAtMs: since,
              speedKnots: fix.speedKnots ?? undefined,
            },
          },
          ctx.atMs,
        );
      } else {
        candidates[zone.id] = since;
      }
    }
  }
  for (const episode of book.ofType('zone.violation')) {
    const zoneId = episode.alert.zoneId;
    if (zoneId !== null && !forbiddenHere.has(zoneId)) book.resolve('zone.violation', zoneId, ctx.atMs);
  }
  next.violationCandidates = candidates;
}
