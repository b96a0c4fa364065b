import type { Zone } from '@vesselwatch/domain';

/** A zone set and the attributions that must travel with it (ODbL for OpenStreetMap-derived data). */
export interface ZoneSet {
  zones: Zone[];
  /** Human-readable attribution lines; every export and every map showing these zones carries them. */
  attribution: string[];
  /** Where each group of zones comes from and under which licence. */
  sources: ZoneSetSource[];
  /** The zone-set version (immutable once stored): `default-<hash>` for the built default set. */
  version?: string;
}

export interface ZoneSetSource {
  name: string;
  licence: string;
  attribution: string;
  zoneIds: string[];
}

/** The set as a GeoJSON FeatureCollection; attribution and sources travel in foreign members. */
export function zoneSetToGeoJson(set: ZoneSet): Record<string, unknown> {
  return {
    type: 'FeatureCollection',
    ...(set.version === undefined ? {} : { version: set.version }),
    attribution: set.attribution,
    sources: set.sources.map(({ name, licence, attribution }) => ({ name, licence, attribution })),
    features: set.zones.map((zone) => {
      const { geometry, ...rest } = zone;
      return { type: 'Feature', id: zone.id, properties: rest, geometry };
    }),
  };
}
