import {
  type ApproachTiersNm,
  type Zone,
  type ZoneAlertSettings,
  zoneAlertSettings,
} from '@vesselwatch/domain';
import type { BoundaryFilter, Crossing, NearestBoundary, ZoneIndex } from '@vesselwatch/geo';
import type { RulesConfig } from './config';

/** Deepest zone overlap recorded for one point (the default set is at most a handful deep). */
const MAX_OVERLAP = 256;

/**
 * The geofence questions the rules ask about one zone set, with what can be prepared once: boundary
 * filters per flag state and each zone's alert settings (parsed once, not per fix).
 */
export class ZoneFacts {
  private readonly foreignFilters = new Map<string, BoundaryFilter>();
  private readonly settings: ZoneAlertSettings[];
  private readonly scratch = new Int32Array(MAX_OVERLAP);
  readonly stormFilter: BoundaryFilter;
  /** Whether the zone set has any storm-warning zone (most of the time it has none: skip the queries). */
  readonly hasStormZones: boolean;
  private readonly portFilters = new Map<string, BoundaryFilter>();

  constructor(
    readonly zones: ZoneIndex,
    private readonly config: RulesConfig,
    private readonly land: ZoneIndex | null,
  ) {
    this.settings = zones.zones.map((zone) => zoneAlertSettings(zone));
    this.stormFilter = zones.filter({ kinds: ['storm_warning'] });
    this.hasStormZones = zones.zones.some((zone) => zone.kind === 'storm_warning');
  }

  /** Foreign waters for a flag: other states' territorial seas and EEZs, and treaty lines it is party to. */
  foreignFilter(flag: string): BoundaryFilter {
    let filter = this.foreignFilters.get(flag);
    if (!filter) {
      filter = this.zones.foreignWatersFilter(flag);
      this.foreignFilters.set(flag, filter);
    }
    return filter;
  }

  /** Area zones containing the point and valid at atMs, as indices into `zones.zones`. */
  areasAt(lon: number, lat: number, atMs: number): number[] {
    const count = this.zones.zonesAtInto(lon, lat, atMs, this.scratch);
    return Array.from(this.scratch.subarray(0, count));
  }

  zone(index: number): Zone {
    return this.zones.zones[index]!;
  }

  settingsOf(index: number): ZoneAlertSettings {
    return this.settings[index]!;
  }

  /** Whether an area counts as foreign waters for the flag (boundary lines are handled by crossings). */
  isForeignArea(index: number, flag: string): boolean {
    return this.foreignFilter(flag).matches(index) && this.zones.isArea(index);
  }

  nearestForeign(lon: number, lat: number, flag: string): NearestBoundary | null {
    return this.zones.nearestBoundary(lon, lat, this.foreignFilter(flag));
  }

  /** Foreign-waters boundaries crossed between two fixes, in track order. */
  foreignCrossings(
    from: { lon: number; lat: number; atMs: number },
    to: { lon: number; lat: number; atMs: number },
    flag: string,
  ): readonly Crossing[] {
    return this.zones.crossings(from, to, this.foreignFilter(flag));
  }

  /** Minutes until foreign waters on the current course and speed, or null beyond the horizon. */
  timeToForeignMin(
    lon: number,
    lat: number,
    speedKnots: number,
    courseDeg: number,
    flag: string,
    horizonMin: number,
  ): number | null {
    return this.zones.timeToBoundary(lon, lat, speedKnots, courseDeg, this.foreignFilter(flag), horizonMin);
  }

  /** Approach tiers for a boundary zone: its own settings, else the configured defaults. */
  approachTiers(index: number): ApproachTiersNm {
    return this.settings[index]!.approachTiersNm ?? this.config.approachTiersNm;
  }

  horizonMin(index: number): number {
    return this.settings[index]!.timeToBoundaryHorizonMin ?? this.config.timeToBoundaryHorizonMin;
  }

  /** Distance (nm) from the point to the edge of one port area. */
  distanceToPortNm(portIndex: number, lon: number, lat: number): number {
    const id = this.zones.zones[portIndex]!.id;
    let filter = this.portFilters.get(id);
    if (!filter) {
      filter = this.zones.filter({ zoneIds: [id] });
      this.portFilters.set(id, filter);
    }
    return this.zones.nearestBoundaryNm(lon, lat, filter);
  }

  portExitMarginNm(portIndex: number): number {
    return this.settings[portIndex]!.portExitMarginNm ?? this.config.portExitMarginNm;
  }

  /** Whether the point is on land by more than the configured inland margin (false without a land mask). */
  onLand(lon: number, lat: number): boolean {
    if (!this.land || this.land.zonesAtInto(lon, lat, Number.NaN, this.scratch) === 0) return false;
    return this.land.nearestBoundaryNm(lon, lat) > this.config.onLandMinInlandNm;
  }
}
