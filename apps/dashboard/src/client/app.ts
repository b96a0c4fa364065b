import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import mapWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { ApiClient } from './api/client';
import type { Alert, AlertFrame, PositionsFrame, SessionUser, TrackPoint, ZoneCollection } from './api/types';
import type { AppContext } from './app-context';
import type { I18n } from './i18n/i18n';
import { LiveConnection, type Viewport } from './live/live-socket';
import { LiveVessels } from './live/vessel-store';
import { NATURAL_EARTH_ATTRIBUTION, loadOfflineBasemap, offlineStyle } from './map/basemap';
import { TrackLayer } from './map/track-layer';
import { CLUSTER_LAYER, VesselLayer } from './map/vessels-layer';
import { ZonesLayer } from './map/zones-layer';
import { renderAlertsPanel } from './panels/alerts-panel';
import { renderFleetPanel } from './panels/fleet-panel';
import { renderLegend } from './panels/legend';
import { renderReplayBar } from './panels/replay-bar';
import { searchBox } from './panels/search-box';
import { renderStormPanel } from './panels/storm-panel';
import { renderUsersPanel } from './panels/users-panel';
import { renderVesselPanel } from './panels/vessel-panel';
import { Alarm } from './ui/alarm';
import { clear, h } from './ui/dom';

export interface DashboardConfig {
  /** An online MapLibre style to use instead of the bundled offline basemap (VW_DASHBOARD_STYLE_URL). */
  styleUrl: string | null;
  /** Where the map opens: [lon, lat] and zoom. */
  center: [number, number];
  zoom: number;
}

export const DEFAULT_CONFIG: DashboardConfig = { styleUrl: null, center: [108.2, 14.5], zoom: 5 };
/** The viewport sent to the server is padded, so that vessels just outside arrive before a pan reveals them. */
const VIEWPORT_PADDING = 0.25;

export interface RunningDashboard {
  context: AppContext;
  connection: LiveConnection;
  /** Frames received on the socket (tests and the status line read it). */
  stats: { frames: number; snapshotVessels: number };
}

function paddedViewport(map: MapLibreMap): Viewport {
  const bounds = map.getBounds();
  const dx = (bounds.getEast() - bounds.getWest()) * VIEWPORT_PADDING;
  const dy = (bounds.getNorth() - bounds.getSouth()) * VIEWPORT_PADDING;
  return {
    west: Math.max(-180, bounds.getWest() - dx),
    south: Math.max(-90, bounds.getSouth() - dy),
    east: Math.min(180, bounds.getEast() + dx),
    north: Math.min(90, bounds.getNorth() + dy),
    zoom: map.getZoom(),
  };
}

/**
 * The signed-in dashboard: the map (offline basemap, zones, vessels), the top bar (search, panels,
 * language, sign-out), the side panel (one of vessel, alerts, fleet, storm warning), the legend and the
 * replay bar; live positions and alerts over socket.io.
 */
export function startDashboard(
  root: HTMLElement,
  api: ApiClient,
  i18n: I18n,
  user: SessionUser,
  config: DashboardConfig,
  languageSwitch: () => HTMLElement,
  onSignOut: () => void,
): RunningDashboard {
  // The map's worker is bundled as an asset of its own (same origin: no blob: or CDN).
  setWorkerUrl(mapWorkerUrl);
  clear(root);
  const mapBox = h('div', { id: 'map', 'data-testid': 'map' });
  const panel = h('aside', { id: 'panel', hidden: true, 'data-testid': 'panel' });
  const panelBody = h('div', { class: 'panel-body' });
  const legendBox = h('div', { id: 'legend' });
  const replayBox = h('div', { id: 'replay', hidden: true, 'data-testid': 'replay-bar' });
  const toastBox = h('div', { id: 'toast', role: 'status', 'aria-live': 'polite' });
  const liveBadge = h(
    'span',
    { class: 'live-badge offline', 'data-testid': 'live-badge' },
    i18n.t('app.offline'),
  );
  const alertBadge = h('span', { class: 'count-badge', hidden: true, 'data-testid': 'alert-count' });

  const map = new MapLibreMap({
    container: mapBox,
    style: config.styleUrl ?? offlineStyle(),
    center: config.center,
    zoom: config.zoom,
    // The offline basemap's credit always shows, whichever land source is in view.
    attributionControl: {
      compact: true,
      customAttribution: config.styleUrl ? undefined : NATURAL_EARTH_ATTRIBUTION,
    },
    maxPitch: 0,
    dragRotate: false,
  });
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'nautical' }), 'bottom-right');
  map.touchZoomRotate.disableRotation();

  const live = new LiveVessels();
  const vessels = new VesselLayer(map, live);
  const tracks = new TrackLayer(map, CLUSTER_LAYER);
  const zones = new ZonesLayer(map, 'track-line');
  const alarm = new Alarm();
  alarm.unlock();
  const alertListeners = new Set<(alert: Alert | null) => void>();
  let closePanel: (() => void) | null = null;
  let closeReplay: (() => void) | null = null;
  let selected: string | null = null;
  const stats = { frames: 0, snapshotVessels: 0 };

  const toast = (message: string, kind: 'info' | 'error' = 'info') => {
    const item = h('div', { class: `toast ${kind}` }, message);
    toastBox.append(item);
    window.setTimeout(() => item.remove(), kind === 'error' ? 8_000 : 4_000);
  };

  const showPanel = (name: string, render: (container: HTMLElement) => () => void) => {
    closePanel?.();
    panel.hidden = false;
    panel.dataset.panel = name;
    closePanel = render(panelBody);
  };
  const hidePanel = () => {
    closePanel?.();
    closePanel = null;
    panel.hidden = true;
    delete panel.dataset.panel;
    selected = null;
    vessels.select(null);
  };

  const context: AppContext = {
    api,
    i18n,
    map,
    can: (permission) => user.permissions.includes(permission),
    live,
    vessels,
    zones,
    tracks,
    alarm,
    portNames: new Map(),
    openVessel(vesselId, options = {}) {
      selected = vesselId;
      vessels.select(vesselId);
      const position = live.get(vesselId)?.fix.position;
      if (options.fly && position) map.flyTo({ center: position, zoom: Math.max(map.getZoom(), 9) });
      showPanel('vessel', (container) => renderVesselPanel(container, context, vesselId));
    },
    openAlerts(filter = {}) {
      showPanel('alerts', (container) => renderAlertsPanel(container, context, filter));
    },
    startReplay(vesselId, label, points: TrackPoint[], fromMs, toMs) {
      closeReplay?.();
      closeReplay = renderReplayBar(replayBox, context, { vesselId, label, points, fromMs, toMs }, () => {
        closeReplay?.();
        closeReplay = null;
        if (selected === vesselId) tracks.showTrack(points);
      });
    },
    async reloadZones() {
      const collection = await api.zones();
      showZones(collection);
    },
    toast,
    onAlertsChanged(listener) {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },
    alertsChanged(alert) {
      for (const listener of [...alertListeners]) listener(alert);
      void refreshAlertCount();
    },
  };

  const showZones = (collection: ZoneCollection) => {
    for (const zone of collection.features) {
      if (zone.properties.kind === 'port') context.portNames.set(zone.properties.id, zone.properties.name);
    }
    zones.show(collection);
    root.dataset.zoneSetVersion = collection.version;
  };

  const refreshAlertCount = async () => {
    try {
      const page = await api.alerts({ status: 'open', limit: 100 });
      const unacknowledged = page.items.filter(
        (alert) => !alert.acknowledgement && alert.severity !== 'info',
      ).length;
      alertBadge.hidden = unacknowledged === 0;
      alertBadge.textContent = page.nextCursor && unacknowledged >= 100 ? '99+' : String(unacknowledged);
    } catch {
      // The alerts panel reports errors; the badge just keeps its last count.
    }
  };

  const navButton = (
    key: 'nav.alerts' | 'nav.fleet' | 'nav.storm' | 'nav.users',
    name: string,
    open: () => void,
    extra?: Node,
  ) =>
    h(
      'button',
      { type: 'button', class: 'nav', 'data-nav': name, onclick: open },
      i18n.t(key),
      extra ?? null,
    );

  const header = h(
    'header',
    { class: 'topbar' },
    h('strong', { class: 'brand' }, i18n.t('app.title')),
    searchBox(context),
    h(
      'nav',
      {},
      navButton('nav.alerts', 'alerts', () => context.openAlerts(), alertBadge),
      context.can('fleet')
        ? navButton('nav.fleet', 'fleet', () => showPanel('fleet', (c) => renderFleetPanel(c, context)))
        : null,
      context.can('storm.publish')
        ? navButton('nav.storm', 'storm', () => showPanel('storm', (c) => renderStormPanel(c, context)))
        : null,
      context.can('users.manage')
        ? navButton('nav.users', 'users', () => showPanel('users', (c) => renderUsersPanel(c, context)))
        : null,
    ),
    liveBadge,
    languageSwitch(),
    h('span', { class: 'user', title: user.roles.map((r) => r.role).join(', ') }, user.displayName),
    h(
      'button',
      { type: 'button', class: 'nav', 'data-nav': 'logout', onclick: onSignOut },
      i18n.t('login.logout'),
    ),
  );
  panel.append(
    h(
      'button',
      { type: 'button', class: 'close', 'aria-label': i18n.t('nav.close'), onclick: hidePanel },
      '×',
    ),
    panelBody,
  );
  root.append(
    h(
      'div',
      { class: 'layout' },
      header,
      h('div', { class: 'stage' }, mapBox, panel, legendBox, replayBox, toastBox),
    ),
  );

  const publishStats = () => {
    root.dataset.vessels = String(live.size);
    root.dataset.frames = String(stats.frames);
  };
  let snapshotGeneration = 0;
  const loadSnapshot = async () => {
    const mine = ++snapshotGeneration;
    const viewport = paddedViewport(map);
    try {
      const snapshot = await api.positions(viewport);
      if (mine !== snapshotGeneration) return;
      stats.snapshotVessels = snapshot.vessels.length;
      live.merge(snapshot.vessels);
      vessels.flush();
      publishStats();
    } catch (error) {
      toast(i18n.t('error.generic', { message: (error as Error).message }), 'error');
    }
  };

  const connection = new LiveConnection({
    positions(frame: PositionsFrame) {
      stats.frames++;
      live.merge(frame.updates);
      vessels.flush();
      publishStats();
    },
    alert(frame: AlertFrame) {
      if (frame.transition === 'opened' && frame.alert.severity === 'danger') alarm.play();
      if (frame.transition === 'updated' && frame.alert.severity === 'danger') alarm.play();
      context.alertsChanged(frame.alert);
    },
    connected() {
      liveBadge.textContent = i18n.t('app.live');
      liveBadge.classList.remove('offline');
      void loadSnapshot();
    },
    disconnected() {
      liveBadge.textContent = i18n.t('app.offline');
      liveBadge.classList.add('offline');
    },
  });

  map.on('load', () => {
    if (!config.styleUrl)
      loadOfflineBasemap(map, (error) => toast(i18n.t('error.generic', { message: String(error) }), 'error'));
    vessels.install();
    vessels.onVesselClick((vesselId) => context.openVessel(vesselId));
    tracks.install();
    renderLegend(legendBox, context);
    api
      .zones()
      .then(showZones)
      .then(() => renderLegend(legendBox, context))
      .catch((error: Error) => toast(i18n.t('error.generic', { message: error.message }), 'error'));
    connection.setViewport(paddedViewport(map));
    connection.connect();
    void loadSnapshot();
    void refreshAlertCount();
    root.dataset.ready = 'true';
  });
  let moveTimer = 0;
  map.on('moveend', () => {
    window.clearTimeout(moveTimer);
    moveTimer = window.setTimeout(() => {
      connection.setViewport(paddedViewport(map));
      void loadSnapshot();
    }, 300);
  });
  api.onUnauthorized = onSignOut;
  return { context, connection, stats };
}
