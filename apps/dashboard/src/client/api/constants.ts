import type { AlertSeverity, AlertType, VesselLiveStatus, ZoneKind } from './types';

/*
 * The domain's enumerations, copied so that the browser bundle does not carry zod and every schema of
 * packages/domain; constants.test.ts proves the copies equal the domain's.
 */
export const ALERT_TYPES: readonly AlertType[] = [
  'border.approach',
  'border.crossed',
  'zone.violation',
  'signal.lost',
  'signal.restored',
  'port.departure',
  'port.arrival',
  'position.rejected',
  'weather.warning',
];
/** Least to most urgent. */
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['info', 'notice', 'warning', 'danger'];
export const VESSEL_LIVE_STATUSES: readonly VesselLiveStatus[] = [
  'normal',
  'near_border',
  'crossed',
  'signal_lost',
  'in_port',
];
export const ZONE_KINDS: readonly ZoneKind[] = [
  'territorial_sea',
  'eez',
  'fishing_zone',
  'protected_area',
  'port',
  'storm_warning',
  'boundary_line',
  'custom',
];
