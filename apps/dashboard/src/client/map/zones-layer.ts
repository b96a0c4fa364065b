import type { Map as MapLibreMap } from 'maplibre-gl';
import type { ZoneCollection, ZoneKind } from '../api/types';

export const ZONE_SOURCE = 'zones';
const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL)';

/** Colour per zone kind, shared by the map and its legend. */
export const ZONE_COLOURS: Record<ZoneKind, string> = {
  territorial_sea: '#e76f51',
  eez: '#457b9d',
  fishing_zone: '#52b788',
  protected_area: '#9c6644',
  port: '#264653',
  storm_warning: '#7b2cbf',
  boundary_line: '#d62828',
  custom: '#6c757d',
};

const FILL_OPACITY: Record<ZoneKind, number> = {
  territorial_sea: 0.08,
  eez: 0.04,
  fishing_zone: 0.05,
  protected_area: 0.18,
  port: 0.25,
  storm_warning: 0.25,
  boundary_line: 0,
  custom: 0.1,
};

/** Kinds shown when the dashboard opens; the legend toggles each. */
export const ZONE_KINDS_SHOWN_BY_DEFAULT: ZoneKind[] = [
  'territorial_sea',
  'eez',
  'protected_area',
  'port',
  'storm_warning',
  'boundary_line',
];

function matchByKind(values: Record<ZoneKind, string | number>, fallback: string | number): unknown {
  return ['match', ['get', 'kind'], ...Object.entries(values).flat(), fallback];
}

/**
 * The zone set's attribution lines, always including the two the data's licences require
 * ("© OpenStreetMap contributors" for the OSM-derived zones; Natural Earth is on the basemap's source).
 */
export function zoneAttribution(collection: Pick<ZoneCollection, 'attribution'>): string {
  const lines = Array.isArray(collection.attribution)
    ? collection.attribution
    : collection.attribution
      ? [collection.attribution]
      : [];
  const hasOsm = lines.some((line) => /openstreetmap/i.test(line));
  return [...lines, ...(hasOsm ? [] : [OSM_ATTRIBUTION])].join(' · ');
}

/** Storm warnings whose validity window has ended are drawn no more. */
export function activeAt(nowMs: number): unknown {
  return [
    'any',
    ['!=', ['get', 'kind'], 'storm_warning'],
    ['!', ['has', 'validToMs']],
    ['>', ['to-number', ['get', 'validToMs'], 0], nowMs],
  ];
}

export class ZonesLayer {
  private visibleKinds = new Set<ZoneKind>(ZONE_KINDS_SHOWN_BY_DEFAULT);
  version: string | null = null;
  /** Names of the zones shown (the storm-warning panel and the tests look for a published warning). */
  readonly names = new Set<string>();

  constructor(
    private readonly map: MapLibreMap,
    private readonly beforeLayer: string | undefined,
  ) {}

  /** Adds (or replaces) the active zone set; layers go below the vessels. */
  show(collection: ZoneCollection): void {
    const map = this.map;
    this.version = collection.version;
    this.names.clear();
    for (const feature of collection.features) this.names.add(feature.properties.name);
    const data = { type: 'FeatureCollection', features: collection.features } as GeoJSON.FeatureCollection;
    const existing = map.getSource(ZONE_SOURCE) as { setData(data: GeoJSON.GeoJSON): unknown } | undefined;
    if (existing) {
      existing.setData(data);
      this.applyFilters();
      return;
    }
    map.addSource(ZONE_SOURCE, {
      type: 'geojson',
      data,
      attribution: zoneAttribution(collection),
      tolerance: 0.5,
    });
    map.addLayer(
      {
        id: 'zones-fill',
        type: 'fill',
        source: ZONE_SOURCE,
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: {
          'fill-color': matchByKind(ZONE_COLOURS, '#999999') as never,
          'fill-opacity': matchByKind(FILL_OPACITY, 0.1) as never,
        },
      },
      this.beforeLayer,
    );
    map.addLayer(
      {
        id: 'zones-outline',
        type: 'line',
        source: ZONE_SOURCE,
        paint: {
          'line-color': matchByKind(ZONE_COLOURS, '#999999') as never,
          'line-width': ['match', ['get', 'kind'], 'boundary_line', 2, 'storm_warning', 2.5, 1] as never,
          'line-dasharray': [
            'match',
            ['get', 'kind'],
            'eez',
            ['literal', [4, 2]],
            ['literal', [1, 0]],
          ] as never,
          'line-opacity': 0.8,
        },
      },
      this.beforeLayer,
    );
    this.applyFilters();
  }

  get kinds(): ReadonlySet<ZoneKind> {
    return this.visibleKinds;
  }

  setKindVisible(kind: ZoneKind, visible: boolean): void {
    if (visible) this.visibleKinds.add(kind);
    else this.visibleKinds.delete(kind);
    this.applyFilters();
  }

  private applyFilters(): void {
    const map = this.map;
    if (!map.getLayer('zones-fill')) return;
    const kinds = ['in', ['get', 'kind'], ['literal', [...this.visibleKinds]]];
    const active = activeAt(Date.now());
    map.setFilter('zones-fill', ['all', ['==', ['geometry-type'], 'Polygon'], kinds, active] as never);
    map.setFilter('zones-outline', ['all', kinds, active] as never);
  }
}
