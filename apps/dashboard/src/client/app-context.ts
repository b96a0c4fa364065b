import type { Map as MapLibreMap } from 'maplibre-gl';
import type { ApiClient } from './api/client';
import type { Alert, Permission, TrackPoint } from './api/types';
import type { I18n } from './i18n/i18n';
import type { LiveVessels } from './live/vessel-store';
import type { TrackLayer } from './map/track-layer';
import type { VesselLayer } from './map/vessels-layer';
import type { ZonesLayer } from './map/zones-layer';
import type { Alarm } from './ui/alarm';

/** What the panels share: the API, texts, the map and its layers, and the app's navigation. */
export interface AppContext {
  api: ApiClient;
  i18n: I18n;
  map: MapLibreMap;
  live: LiveVessels;
  vessels: VesselLayer;
  zones: ZonesLayer;
  tracks: TrackLayer;
  alarm: Alarm;
  /** Whether the signed-in user may do this at all: offer only what the server would allow. */
  can(permission: Permission): boolean;
  /** Port names by port id, from the zone set's port zones. */
  portNames: Map<string, string>;
  openVessel(vesselId: string, options?: { fly?: boolean }): void;
  openAlerts(filter?: { vesselId?: string }): void;
  startReplay(vesselId: string, label: string, points: TrackPoint[], fromMs: number, toMs: number): void;
  reloadZones(): Promise<void>;
  toast(message: string, kind?: 'info' | 'error'): void;
  /** Alerts changed (acknowledged, live transition): panels showing alerts re-read them. */
  onAlertsChanged(listener: (alert: Alert | null) => void): () => void;
  alertsChanged(alert: Alert | null): void;
}
