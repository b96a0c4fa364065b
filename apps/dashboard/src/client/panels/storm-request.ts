import type { ForecastPoint, LonLat, StormWarningRequest } from '../api/types';
import type { MessageKey } from '../i18n/i18n';

export interface StormForm {
  name: string;
  validFromMs: number;
  validToMs: number;
  mode: 'area' | 'forecast';
  corners: LonLat[];
  forecast: ForecastPoint[];
}

/**
 * The POST /api/storm-warnings body for a filled form, or the message key of the first problem. The
 * drawn ring is closed here; forecast positions are sorted by time.
 */
export function buildStormRequest(
  form: StormForm,
): { request: StormWarningRequest } | { problem: MessageKey } {
  const name = form.name.trim();
  if (!name) return { problem: 'storm.needName' };
  if (
    !Number.isFinite(form.validFromMs) ||
    !Number.isFinite(form.validToMs) ||
    form.validToMs <= form.validFromMs
  ) {
    return { problem: 'storm.needWindow' };
  }
  const window = { name, validFromMs: form.validFromMs, validToMs: form.validToMs };
  if (form.mode === 'area') {
    if (form.corners.length < 3) return { problem: 'storm.needArea' };
    const ring = [...form.corners, form.corners[0] as LonLat];
    return { request: { ...window, area: { type: 'Polygon', coordinates: [ring] } } };
  }
  const forecast = form.forecast.filter(
    (point) =>
      Number.isFinite(point.atMs) &&
      Math.abs(point.position[0]) <= 180 &&
      Math.abs(point.position[1]) <= 90 &&
      point.radiusNm > 0,
  );
  if (forecast.length === 0) return { problem: 'storm.needForecast' };
  return { request: { ...window, forecast: [...forecast].sort((a, b) => a.atMs - b.atMs) } };
}

/** A datetime-local input's value (local time) as epoch ms, NaN when empty. */
export function localInputToMs(value: string): number {
  return value ? new Date(value).getTime() : Number.NaN;
}

/** Epoch ms as a datetime-local input's value, in local time, to the minute. */
export function msToLocalInput(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
