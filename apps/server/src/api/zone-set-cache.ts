import type { Zone } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';

/** The active zone set as the server serves it, built once per version. */
export interface CachedZoneSet {
  version: string;
  zones: Zone[];
  /** GET /api/zones body, serialised once (the default set is several MB). */
  geoJsonText: string;
  /** Port ids per province (lower case), from the port zones' `properties.province`. */
  portsByProvince: Map<string, string[]>;
}

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

function build(version: string, zones: Zone[]): CachedZoneSet {
  const portsByProvince = new Map<string, string[]>();
  for (const zone of zones) {
    const province = zone.properties['province'];
    if (zone.kind !== 'port' || typeof province !== 'string') continue;
    const key = province.trim().toLowerCase();
    portsByProvince.set(key, [...(portsByProvince.get(key) ?? []), zone.id]);
  }
  const geoJson = {
    type: 'FeatureCollection',
    version,
    attribution: zoneAttribution(zones),
    features: zones.map(({ geometry, ...properties }) => ({
      type: 'Feature',
      id: properties.id,
      properties,
      geometry,
    })),
  };
  return { version, zones, geoJsonText: JSON.stringify(geoJson), portsByProvince };
}

/**
 * The active zone set, reloaded when another version was activated (by this server, the CLI or another
 * instance). The version is asked for at most every `checkIntervalMs`; `invalidate()` forces the next call to ask.
 */
export class ZoneSetCache {
  private cached: CachedZoneSet | null = null;
  private checkedAtMs = -Infinity;
  private loading: Promise<CachedZoneSet | null> | null = null;

  constructor(
    private readonly store: Pick<Store, 'activeZoneSetVersion' | 'loadZoneSet'>,
    private readonly now: () => number,
    private readonly checkIntervalMs = 5_000,
  ) {}

  invalidate(): void {
    this.checkedAtMs = -Infinity;
  }

  /** The active set, or null when the database has none. */
  current(): Promise<CachedZoneSet | null> {
    if (this.now() - this.checkedAtMs < this.checkIntervalMs) return Promise.resolve(this.cached);
    this.loading ??= this.refresh().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async refresh(): Promise<CachedZoneSet | null> {
    const version = await this.store.activeZoneSetVersion();
    if (version !== null && version !== this.cached?.version) {
      const set = await this.store.loadZoneSet(version);
      this.cached = set ? build(set.version, set.zones) : null;
    } else if (version === null) {
      this.cached = null;
    }
    this.checkedAtMs = this.now();
    return this.cached;
  }
}
