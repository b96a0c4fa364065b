import type { FixContext } from './context';

/**
 * weather.warning: the vessel is inside an active storm-warning zone (danger), or on its course and speed
 * reaches one within the zone's horizon (warning). One episode per storm zone; it resolves when the vessel
 * is out of the zone and no longer heading in, or the warning's validity window has ended.
 */
export function applyWeatherRules(ctx: FixContext): void {
  const { fix, facts, config, book } = ctx;
  if (!facts.hasStormZones && book.ofType('weather.warning').length === 0) return;
  const [lon, lat] = fix.position;
  const active = new Map<string, { severity: 'warning' | 'danger'; minutes: number | null }>();

  for (const index of ctx.areas) {
    const zone = facts.zone(index);
    if (zone.kind === 'storm_warning') active.set(zone.id, { severity: 'danger', minutes: 0 });
  }
  if (fix.speedKnots !== null && fix.courseDeg !== null && fix.speedKnots >= config.predictionMinSpeedKnots) {
    const nearest = facts.zones.nearestBoundary(lon, lat, facts.stormFilter);
    if (nearest && !active.has(nearest.zone.id) && facts.zones.validAt(nearest.zoneIndex, ctx.atMs)) {
      const minutes = facts.zones.timeToBoundary(
        lon,
        lat,
        fix.speedKnots,
        fix.courseDeg,
        facts.stormFilter,
        facts.horizonMin(nearest.zoneIndex),
      );
      if (minutes !== null) active.set(nearest.zone.id, { severity: 'warning', minutes });
    }
  }

  for (const [zoneId, { severity, minutes }] of active) {
    book.openOrEscalate(
      {
        type: 'weather.warning',
        subject: zoneId,
        severity,
        startMs: ctx.atMs,
        openingFix: fix,
        zoneId,
        evidence: {
          timeToBoundaryMin: minutes ?? undefined,
          speedKnots: fix.speedKnots ?? undefined,
          courseDeg: fix.courseDeg ?? undefined,
        },
      },
      ctx.atMs,
    );
  }
  for (const episode of book.ofType('weather.warning')) {
    const zoneId = episode.alert.zoneId;
    if (zoneId !== null && !active.has(zoneId)) book.resolve('weather.warning', zoneId, ctx.atMs);
  }
}
