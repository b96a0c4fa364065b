import 'maplibre-gl/dist/maplibre-gl.css';
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import mapWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { PositionsFrame } from '../api/types';
import { LiveVessels } from '../live/vessel-store';
import { loadOfflineBasemap, offlineStyle } from '../map/basemap';
import { VesselLayer, type FlushMode } from '../map/vessels-layer';
import { SyntheticFleet } from './synthetic-fleet';

/**
 * The dashboard benchmark page (bench/dashboard/dashboard-bench.ts drives it in headless Chromium): the
 * real basemap and vessel layer, fed every second with a frame of every vessel (parsed from JSON as the
 * socket would deliver it), while the camera pans so that the map renders every frame.
 */
export interface BenchResult {
  mode: FlushMode | 'none';
  view: string;
  vessels: number;
  seconds: number;
  fps: number;
  updates: number;
  updateMs: number[];
  longTaskMs: number;
  renderer: string;
  error?: string;
}

const params = new URLSearchParams(location.search);
/** `none`: the basemap alone, no vessels — the rendering ceiling of this browser and machine. */
const mode = (params.get('mode') ?? 'diff') as FlushMode | 'none';
const view = params.get('view') ?? 'overview';
const vesselCount = Number(params.get('vessels') ?? 30_000);
const seconds = Number(params.get('seconds') ?? 10);
const warmupSeconds = Number(params.get('warmup') ?? 3);
const VIEWS: Record<string, { center: [number, number]; zoom: number; pan: [number, number] }> = {
  // The whole fleet: clusters below zoom 8.
  overview: { center: [110, 14], zoom: 5, pan: [2, 0] },
  // A busy coast at zoom 8, every vessel drawn as its own symbol.
  coast: { center: [109.5, 12.5], zoom: 8, pan: [0.4, 0] },
};

function glRenderer(map: MapLibreMap): string {
  const gl = map.painter.context.gl as WebGL2RenderingContext;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
}

async function run(): Promise<BenchResult> {
  setWorkerUrl(mapWorkerUrl);
  const camera = VIEWS[view] ?? VIEWS.overview!;
  const map = new MapLibreMap({
    container: 'map',
    style: offlineStyle(),
    center: camera.center,
    zoom: camera.zoom,
    fadeDuration: 0,
  });
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  loadOfflineBasemap(map, (error) => console.error(error));
  const live = new LiveVessels();
  const layer = mode === 'none' ? null : new VesselLayer(map, live, mode);
  layer?.install();
  const fleet = new SyntheticFleet(mode === 'none' ? 0 : vesselCount, 20261127);
  let simulatedNowMs = 1_000;
  const update = (record: number[] | null) => {
    const text = fleet.step((simulatedNowMs += 1_000));
    const started = performance.now();
    const frame = JSON.parse(text) as PositionsFrame;
    live.merge(frame.updates);
    layer?.flush();
    record?.push(performance.now() - started);
  };
  update(null);
  await new Promise<void>((resolve) => map.once('idle', () => resolve()));

  let longTaskMs = 0;
  let measuring = false;
  new PerformanceObserver((list) => {
    if (measuring) for (const entry of list.getEntries()) longTaskMs += entry.duration;
  }).observe({ type: 'longtask', buffered: false });

  const updateMs: number[] = [];
  const timer = window.setInterval(() => update(measuring ? updateMs : null), 1_000);
  await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1_000));

  measuring = true;
  let frames = 0;
  let counting = true;
  const count = () => {
    frames++;
    if (counting) requestAnimationFrame(count);
  };
  const started = performance.now();
  requestAnimationFrame(count);
  map.easeTo({
    center: [camera.center[0] + camera.pan[0], camera.center[1] + camera.pan[1]],
    duration: seconds * 1_000,
    easing: (t) => t,
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  counting = false;
  measuring = false;
  const elapsedS = (performance.now() - started) / 1_000;
  window.clearInterval(timer);
  return {
    mode,
    view,
    vessels: live.size,
    seconds: elapsedS,
    fps: frames / elapsedS,
    updates: updateMs.length,
    updateMs,
    longTaskMs,
    renderer: glRenderer(map),
  };
}

declare global {
  interface Window {
    benchResult?: BenchResult | { error: string };
  }
}

run().then(
  (result) => (window.benchResult = result),
  (error: unknown) => (window.benchResult = { error: String((error as Error)?.stack ?? error) }),
);
