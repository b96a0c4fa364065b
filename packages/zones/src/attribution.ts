import type { Zone } from '@vesselwatch/domain';
import type { ZoneSet, ZoneSetSource } from './zone-set';

/** Attribution lines a map of these zones must show, from the zones' own licences and sources. */
export function zoneAttribution(zones: readonly Zone[]): string[] {
  const lines = new Set<string>();
  const mentions = (zone: Zone, word: string) =>
    `${zone.source ?? ''} ${String(zone.properties['licence'] ?? '')} ${String(zone.properties['attribution'] ?? '')}`.includes(
      word,
    );
  if (zones.some((zone) => mentions(zone, 'OpenStreetMap') || mentions(zone, 'ODbL')))
    lines.add('© OpenStreetMap contributors (ODbL 1.0)');
  // The fishing zones' coasts and the land mask come from Natural Earth (docs/zones.md).
  if (
    zones.some(
      (zone) => mentions(zone, 'Natural Earth') || (zone.kind === 'fishing_zone' && zone.approximate),
    )
  )
    lines.add('Made with Natural Earth');
  if (zones.some((zone) => mentions(zone, 'World Port Index'))) lines.add('World Port Index (NGA Pub. 150)');
  for (const zone of zones) {
    const own = zone.properties['attribution'];
    if (typeof own === 'string' && own !== '' && ![...lines].some((line) => line.includes(own)))
      lines.add(own);
  }
  return [...lines];
}

/**
 * A stored zone set (the database keeps zones, not the build's source groups) with its attribution, and
 * its sources regrouped from each zone's `source`, `properties.licence` and `properties.attribution`.
 */
export function storedZoneSet(version: string, zones: Zone[]): ZoneSet {
  const sources = new Map<string, ZoneSetSource>();
  for (const zone of zones) {
    const name = zone.source ?? 'unspecified';
    const licence = String(zone.properties['licence'] ?? 'unspecified');
    const attribution = String(zone.properties['attribution'] ?? '');
    const key = JSON.stringify([name, licence, attribution]);
    const source = sources.get(key) ?? { name, licence, attribution, zoneIds: [] };
    source.zoneIds.push(zone.id);
    sources.set(key, source);
  }
  return { version, zones, attribution: zoneAttribution(zones), sources: [...sources.values()] };
}
