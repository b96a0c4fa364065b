import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import land50mUrl from 'world-atlas/land-50m.json?url';
import land10mUrl from 'world-atlas/land-10m.json?url';
import countries50mUrl from 'world-atlas/countries-50m.json?url';

/** Natural Earth via npm `world-atlas` (public domain; ISC-licensed packaging). */
export const NATURAL_EARTH_ATTRIBUTION = 'Made with Natural Earth';
/** From this zoom on, the 1:10m coast replaces the 1:50m one (loaded only when first needed). */
export const DETAILED_LAND_MIN_ZOOM = 5;

export const BASEMAP_COLOURS = {
  sea: '#cfe3ef',
  land: '#f2efe6',
  coast: '#8d9aa3',
  border: '#b9a98c',
};

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The offline basemap: sea as the background, Natural Earth land (1:50m, then 1:10m when zoomed in) as
 * fill plus coastline, and land borders between countries. Every file is bundled by Vite from the
 * npm package, so the dashboard needs no network beyond its own server. The land arrives after the
 * first paint (a few hundred kB), so the map and the vessels show at once.
 */
export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'VesselWatch offline',
    sources: {
      'land-low': { type: 'geojson', data: EMPTY, attribution: NATURAL_EARTH_ATTRIBUTION },
      'land-high': { type: 'geojson', data: EMPTY, attribution: NATURAL_EARTH_ATTRIBUTION },
      borders: { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': BASEMAP_COLOURS.sea } },
      {
        id: 'land-low',
        type: 'fill',
        source: 'land-low',
        maxzoom: DETAILED_LAND_MIN_ZOOM,
        paint: { 'fill-color': BASEMAP_COLOURS.land },
      },
      {
        id: 'land-high',
        type: 'fill',
        source: 'land-high',
        minzoom: DETAILED_LAND_MIN_ZOOM,
        paint: { 'fill-color': BASEMAP_COLOURS.land },
      },
      {
        id: 'coast-low',
        type: 'line',
        source: 'land-low',
        maxzoom: DETAILED_LAND_MIN_ZOOM,
        paint: { 'line-color': BASEMAP_COLOURS.coast, 'line-width': 0.7 },
      },
      {
        id: 'coast-high',
        type: 'line',
        source: 'land-high',
        minzoom: DETAILED_LAND_MIN_ZOOM,
        paint: { 'line-color': BASEMAP_COLOURS.coast, 'line-width': 0.8 },
      },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': BASEMAP_COLOURS.border, 'line-width': 0.8, 'line-dasharray': [3, 2] },
      },
    ],
  };
}

async function topology(url: string): Promise<Topology> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`basemap file ${url} answered ${response.status}`);
  return (await response.json()) as Topology;
}

/** Land of a world-atlas topology as GeoJSON (the object is called `land`). */
export function landOf(topo: Topology): GeoJSON.FeatureCollection | GeoJSON.Feature {
  const object = topo.objects.land as GeometryCollection;
  return feature(topo, object) as GeoJSON.FeatureCollection | GeoJSON.Feature;
}

/** Borders between two different countries (no coastlines), as one MultiLineString. */
export function bordersOf(topo: Topology): GeoJSON.MultiLineString {
  const object = topo.objects.countries as GeometryCollection;
  return mesh(topo, object, (a, b) => a !== b);
}

/**
 * Fills the offline basemap's sources. Only for the offline style: an online style (configured with
 * `VW_DASHBOARD_STYLE_URL`) brings its own land.
 */
export function loadOfflineBasemap(map: MapLibreMap, onError: (error: unknown) => void): void {
  const setData = (source: string, data: GeoJSON.GeoJSON) => {
    const target = map.getSource(source) as { setData?: (data: GeoJSON.GeoJSON) => unknown } | undefined;
    target?.setData?.(data);
  };
  topology(land50mUrl)
    .then((topo) => setData('land-low', landOf(topo)))
    .catch(onError);
  topology(countries50mUrl)
    .then((topo) => setData('borders', { type: 'Feature', properties: {}, geometry: bordersOf(topo) }))
    .catch(onError);
  let detailedRequested = false;
  const loadDetailed = () => {
    if (detailedRequested || map.getZoom() < DETAILED_LAND_MIN_ZOOM - 0.5) return;
    detailedRequested = true;
    topology(land10mUrl)
      .then((topo) => setData('land-high', landOf(topo)))
      .catch(onError);
  };
  map.on('zoomend', loadDetailed);
  loadDetailed();
}
