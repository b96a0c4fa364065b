import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { LonLat, TrackPoint } from '../api/types';

const TRACK_SOURCE = 'track';
const REPLAY_SOURCE = 'replay-position';
const DRAW_SOURCE = 'storm-draw';
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The selected vessel's track (a line with its fixes as dots), the replay's moving marker, and the
 * storm-warning area being drawn. All below the vessels.
 */
export class TrackLayer {
  constructor(
    private readonly map: MapLibreMap,
    private readonly beforeLayer: string | undefined,
  ) {}

  install(): void {
    const map = this.map;
    for (const id of [TRACK_SOURCE, REPLAY_SOURCE, DRAW_SOURCE])
      map.addSource(id, { type: 'geojson', data: EMPTY });
    map.addLayer(
      {
        id: 'track-line',
        type: 'line',
        source: TRACK_SOURCE,
        filter: ['==', ['geometry-type'], 'LineString'],
        paint: { 'line-color': '#0b3954', 'line-width': 2.5, 'line-opacity': 0.85 },
      },
      this.beforeLayer,
    );
    map.addLayer(
      {
        id: 'track-points',
        type: 'circle',
        source: TRACK_SOURCE,
        // A day of 15-second fixes is thousands of dots: only when zoomed in enough to tell them apart.
        minzoom: 10,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': 3,
          'circle-color': '#ffffff',
          'circle-stroke-color': '#0b3954',
          'circle-stroke-width': 1.5,
        },
      },
      this.beforeLayer,
    );
    map.addLayer({
      id: 'replay-position',
      type: 'circle',
      source: REPLAY_SOURCE,
      paint: {
        'circle-radius': 8,
        'circle-color': '#ffb703',
        'circle-stroke-color': '#0b3954',
        'circle-stroke-width': 3,
      },
    });
    map.addLayer({
      id: 'storm-draw-fill',
      type: 'fill',
      source: DRAW_SOURCE,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#7b2cbf', 'fill-opacity': 0.2 },
    });
    map.addLayer({
      id: 'storm-draw-line',
      type: 'line',
      source: DRAW_SOURCE,
      paint: { 'line-color': '#7b2cbf', 'line-width': 2, 'line-dasharray': [2, 1] },
    });
    map.addLayer({
      id: 'storm-draw-points',
      type: 'circle',
      source: DRAW_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 5, 'circle-color': '#7b2cbf' },
    });
  }

  private set(source: string, data: GeoJSON.GeoJSON): void {
    (this.map.getSource(source) as GeoJSONSource | undefined)?.setData(data);
  }

  /** Shows a track; with `untilMs`, only the part already sailed at that time (replay). */
  showTrack(points: readonly TrackPoint[], untilMs = Infinity): void {
    const shown = points.filter((point) => point.reportedAtMs <= untilMs);
    const features: GeoJSON.Feature[] = shown.map((point) => ({
      type: 'Feature',
      properties: { reportedAtMs: point.reportedAtMs },
      geometry: { type: 'Point', coordinates: point.position },
    }));
    if (shown.length >= 2) {
      features.unshift({
        type: 'Feature',
        properties: {},
        geometry: { type: 'LineString', coordinates: shown.map((point) => point.position) },
      });
    }
    this.set(TRACK_SOURCE, { type: 'FeatureCollection', features });
  }

  showReplayPosition(position: LonLat | null): void {
    this.set(
      REPLAY_SOURCE,
      position
        ? { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: position } }
        : EMPTY,
    );
  }

  clearTrack(): void {
    this.set(TRACK_SOURCE, EMPTY);
    this.set(REPLAY_SOURCE, EMPTY);
  }

  /** The storm area being drawn: its corners, and the polygon once there are three. */
  showDrawing(corners: readonly LonLat[]): void {
    const features: GeoJSON.Feature[] = corners.map((corner) => ({
      type: 'Feature',
      properties: {},
      geometry: { type: 'Point', coordinates: corner },
    }));
    if (corners.length >= 3) {
      features.push({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Polygon', coordinates: [[...corners, corners[0] as LonLat]] },
      });
    } else if (corners.length === 2) {
      features.push({
        type: 'Feature',
        properties: {},
        geometry: { type: 'LineString', coordinates: [...corners] },
      });
    }
    this.set(DRAW_SOURCE, { type: 'FeatureCollection', features });
  }
}
