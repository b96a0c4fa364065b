import type { GeoJSONFeatureDiff, GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { LiveVessels, VesselFeature } from '../live/vessel-store';
import { STATUS_RANK } from '../live/vessel-store';
import type { VesselLiveStatus } from '../api/types';
import {
  CLUSTER_ICON_PREFIX,
  STATUS_COLOURS,
  addCountImage,
  addVesselIcons,
  vesselIconId,
} from './vessel-icons';

export const VESSEL_SOURCE = 'vessels';
export const VESSEL_LAYER = 'vessels';
export const CLUSTER_LAYER = 'vessel-clusters';
const CLUSTER_COUNT_LAYER = 'vessel-cluster-counts';
const SELECTED_LAYER = 'vessel-selected';
/** Below this zoom vessels near each other merge into a cluster showing their count and worst state. */
export const CLUSTER_MAX_ZOOM = 7;
const CLUSTER_RADIUS_PX = 45;

/**
 * How the live fleet reaches the GeoJSON source: `diff` (the dashboard's) sends only the vessels that
 * changed (GeoJSONSource.updateData, ids from LiveVessels); `full` sends every vessel again (setData) — the
 * naive way, kept as the benchmark's baseline. Measured with every one of 30,000 vessels changing each
 * second, `diff` still kept the main thread freer and applied every update where `full` fell behind
 * (npm run bench:dashboard, docs/dashboard.md).
 */
export type FlushMode = 'diff' | 'full';

function statusColourExpression(rankGetter: unknown): unknown {
  const byRank = Object.entries(STATUS_RANK).sort((a, b) => a[1] - b[1]);
  const expression: unknown[] = ['match', rankGetter];
  for (const [status, rank] of byRank) expression.push(rank, STATUS_COLOURS[status as VesselLiveStatus]);
  expression.push(STATUS_COLOURS.normal);
  return expression;
}

export class VesselLayer {
  private inFlight = false;
  private flushAgain = false;
  /** Main-thread milliseconds spent handing each flush to the source (for the benchmark and /status). */
  readonly flushDurationsMs: number[] = [];
  flushes = 0;

  constructor(
    private readonly map: MapLibreMap,
    private readonly vessels: LiveVessels,
    private readonly mode: FlushMode = 'diff',
  ) {}

  /** Adds the source and the layers (vessels above everything else). Call on the style's load. */
  install(): void {
    const map = this.map;
    addVesselIcons(map);
    // Resolved before the tile is laid out (an event listener would only help the next layout).
    map.setMissingStyleImageResolver((id) => {
      if (id.startsWith(CLUSTER_ICON_PREFIX)) addCountImage(map, id);
    });
    map.addSource(VESSEL_SOURCE, {
      type: 'geojson',
      data: this.vessels.takeAll(),
      cluster: true,
      clusterMaxZoom: CLUSTER_MAX_ZOOM,
      clusterRadius: CLUSTER_RADIUS_PX,
      clusterProperties: { worst: ['max', ['get', 'rank']] },
    });
    map.addLayer({
      id: CLUSTER_LAYER,
      type: 'circle',
      source: VESSEL_SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': statusColourExpression(['get', 'worst']) as never,
        'circle-opacity': 0.85,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
        'circle-radius': ['step', ['get', 'point_count'], 12, 10, 15, 100, 19, 1000, 24],
      },
    });
    map.addLayer({
      id: CLUSTER_COUNT_LAYER,
      type: 'symbol',
      source: VESSEL_SOURCE,
      filter: ['has', 'point_count'],
      layout: {
        'icon-image': ['concat', CLUSTER_ICON_PREFIX, ['get', 'point_count_abbreviated']],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    });
    map.addLayer({
      id: SELECTED_LAYER,
      type: 'circle',
      source: VESSEL_SOURCE,
      filter: ['==', ['get', 'vesselId'], ''],
      paint: {
        'circle-radius': 17,
        'circle-color': 'rgba(255, 214, 10, 0.35)',
        'circle-stroke-color': '#ffb703',
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: VESSEL_LAYER,
      type: 'symbol',
      source: VESSEL_SOURCE,
      filter: ['!', ['has', 'point_count']],
      layout: {
        'icon-image': ['match', ['get', 'status'], ...statusIconPairs(), vesselIconId('normal')] as never,
        'icon-rotate': ['get', 'courseDeg'],
        'icon-rotation-alignment': 'map',
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'symbol-sort-key': ['get', 'rank'],
      },
    });
  }

  /** Click handlers: a vessel opens its panel, a cluster zooms in. */
  onVesselClick(handler: (vesselId: string) => void): void {
    const map = this.map;
    map.on('click', VESSEL_LAYER, (event: MapLayerMouseEvent) => {
      const vesselId = event.features?.[0]?.properties?.vesselId;
      if (typeof vesselId === 'string') handler(vesselId);
    });
    map.on('click', CLUSTER_LAYER, async (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      const clusterId = feature?.properties?.cluster_id;
      if (feature?.geometry.type !== 'Point' || typeof clusterId !== 'number') return;
      const source = map.getSource(VESSEL_SOURCE) as GeoJSONSource;
      const zoom = await source.getClusterExpansionZoom(clusterId);
      map.easeTo({ center: feature.geometry.coordinates as [number, number], zoom });
    });
    for (const layer of [VESSEL_LAYER, CLUSTER_LAYER]) {
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
    }
  }

  select(vesselId: string | null): void {
    this.map.setFilter(SELECTED_LAYER, ['==', ['get', 'vesselId'], vesselId ?? '']);
  }

  setVisible(visible: boolean): void {
    for (const layer of [VESSEL_LAYER, CLUSTER_LAYER, CLUSTER_COUNT_LAYER, SELECTED_LAYER]) {
      this.map.setLayoutProperty(layer, 'visibility', visible ? 'visible' : 'none');
    }
  }

  /**
   * Hands what changed to the map. While the worker still digests the previous flush, changes keep
   * accumulating in LiveVessels and go in one flush afterwards: a slow device sees fewer, larger updates
   * instead of a growing queue.
   */
  flush(): void {
    if (this.inFlight) {
      this.flushAgain = true;
      return;
    }
    if (!this.vessels.dirty) return;
    const source = this.map.getSource(VESSEL_SOURCE) as GeoJSONSource | undefined;
    if (!source) return;
    const started = performance.now();
    let done: Promise<void>;
    if (this.mode === 'full') {
      done = source.setData(this.vessels.takeAll());
    } else {
      const diff = this.vessels.takeDiff();
      done = source.updateData({ add: diff.add, update: diff.update.map(toFeatureUpdate) });
    }
    this.flushDurationsMs.push(performance.now() - started);
    if (this.flushDurationsMs.length > 600) this.flushDurationsMs.shift();
    this.flushes++;
    this.inFlight = true;
    done
      .catch((error: unknown) => console.error('vessel layer update failed', error))
      .finally(() => {
        this.inFlight = false;
        if (this.flushAgain) {
          this.flushAgain = false;
          this.flush();
        }
      });
  }
}

function statusIconPairs(): string[] {
  return (Object.keys(STATUS_COLOURS) as VesselLiveStatus[]).flatMap((status) => [
    status,
    vesselIconId(status),
  ]);
}

/** A changed vessel as a GeoJSON source diff entry: new point and all its properties. */
function toFeatureUpdate(feature: VesselFeature): GeoJSONFeatureDiff {
  return {
    id: feature.id,
    newGeometry: feature.geometry,
    addOrUpdateProperties: Object.entries(feature.properties).map(([key, value]) => ({ key, value })),
  };
}
