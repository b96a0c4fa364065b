import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Zone } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';
import { zoneAttribution } from '@vesselwatch/zones';

/** The active zone set as the server serves it, built once per version. */
export interface CachedZoneSet {
  version: string;
  zones: Zone[];
  /**
   * GET /api/zones body, serialised and gzipped once per version: the default set is 7.3 MB of JSON (2.4 MB
   * gzipped), too much to compress again for every dashboard that opens, and its ETag lets a phone that has
   * it already get a 304 instead.
   */
  body: { text: string; gzip: Buffer; etag: string };
  /** Port ids per province (lower case), from the port zones' `properties.province`. */
  portsByProvince: Map<string, string[]>;
}

const gzipAsync = promisify(gzip);

async function build(version: string, zones: Zone[]): Promise<CachedZoneSet> {
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
  const text = JSON.stringify(geoJson);
  // Weak: the same zones whether sent gzipped or not.
  const etag = `W/"zones-${encodeURIComponent(version)}"`;
  return { version, zones, body: { text, gzip: await gzipAsync(text), etag }, portsByProvince };
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
      this.cached = set ? await build(set.version, set.zones) : null;
    } else if (version === null) {
      this.cached = null;
    }
    this.checkedAtMs = this.now();
    return this.cached;
  }
}
