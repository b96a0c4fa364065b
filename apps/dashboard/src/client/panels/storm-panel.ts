import type { MapMouseEvent } from 'maplibre-gl';
import type { ForecastPoint, LonLat } from '../api/types';
import type { AppContext } from '../app-context';
import { clear, h } from '../ui/dom';
import { buildStormRequest, localInputToMs, msToLocalInput } from './storm-request';

const HOUR_MS = 3_600_000;

/**
 * Publishing a storm warning: a name, a validity window and either an area drawn on the map (click the
 * corners) or the storm's forecast positions with wind radii. The server saves it as a new zone-set
 * version with a storm_warning zone that the processor uses at once; the map then shows it.
 */
export function renderStormPanel(container: HTMLElement, ctx: AppContext): () => void {
  const { i18n } = ctx;
  const now = Date.now();
  let mode: 'area' | 'forecast' = 'area';
  const corners: LonLat[] = [];
  const name = h('input', { name: 'name', required: true, placeholder: i18n.t('storm.name') });
  const validFrom = h('input', { type: 'datetime-local', name: 'validFrom', value: msToLocalInput(now) });
  const validTo = h('input', {
    type: 'datetime-local',
    name: 'validTo',
    value: msToLocalInput(now + 48 * HOUR_MS),
  });
  const drawHelp = h('p', { class: 'muted', 'data-testid': 'storm-draw-help' });
  const forecastRows = h('tbody');
  const areaBox = h('div', { class: 'storm-area' });
  const forecastBox = h('div', { class: 'storm-forecast', hidden: true });

  const redrawCorners = () => {
    drawHelp.textContent = i18n.t('storm.drawHelp', { n: corners.length });
    ctx.tracks.showDrawing(mode === 'area' ? corners : []);
  };
  const addForecastRow = (point?: Partial<ForecastPoint>) => {
    const center = ctx.map.getCenter();
    forecastRows.append(
      h(
        'tr',
        {},
        h(
          'td',
          {},
          h('input', { type: 'datetime-local', name: 'at', value: msToLocalInput(point?.atMs ?? now) }),
        ),
        h(
          'td',
          {},
          h('input', {
            type: 'number',
            name: 'lon',
            step: 0.01,
            value: (point?.position?.[0] ?? center.lng).toFixed(2),
          }),
        ),
        h(
          'td',
          {},
          h('input', {
            type: 'number',
            name: 'lat',
            step: 0.01,
            value: (point?.position?.[1] ?? center.lat).toFixed(2),
          }),
        ),
        h(
          'td',
          {},
          h('input', { type: 'number', name: 'radius', min: 1, step: 1, value: point?.radiusNm ?? 60 }),
        ),
      ),
    );
  };
  const readForecast = (): ForecastPoint[] =>
    [...forecastRows.querySelectorAll('tr')].map((row) => {
      const value = (field: string) =>
        (row.querySelector(`input[name="${field}"]`) as HTMLInputElement).value;
      return {
        atMs: localInputToMs(value('at')),
        position: [Number(value('lon')), Number(value('lat'))] as LonLat,
        radiusNm: Number(value('radius')),
      };
    });

  const onMapClick = (event: MapMouseEvent) => {
    if (mode !== 'area') return;
    corners.push([Number(event.lngLat.lng.toFixed(4)), Number(event.lngLat.lat.toFixed(4))]);
    redrawCorners();
  };
  ctx.map.on('click', onMapClick);

  const modeButtons = (['area', 'forecast'] as const).map((value) =>
    h(
      'button',
      {
        type: 'button',
        class: value === mode ? 'tab active' : 'tab',
        'data-mode': value,
        onclick: () => {
          mode = value;
          for (const button of modeButtons) button.classList.toggle('active', button.dataset.mode === mode);
          areaBox.hidden = mode !== 'area';
          forecastBox.hidden = mode !== 'forecast';
          redrawCorners();
        },
      },
      i18n.t(value === 'area' ? 'storm.modeArea' : 'storm.modeForecast'),
    ),
  );
  areaBox.append(
    drawHelp,
    h(
      'button',
      { type: 'button', onclick: () => (corners.splice(0), redrawCorners()) },
      i18n.t('storm.clear'),
    ),
  );
  forecastBox.append(
    h(
      'table',
      { class: 'forecast' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...(['storm.at', 'storm.lon', 'storm.lat', 'storm.radius'] as const).map((k) =>
            h('th', {}, i18n.t(k)),
          ),
        ),
      ),
      forecastRows,
    ),
    h('button', { type: 'button', onclick: () => addForecastRow() }, i18n.t('storm.addPoint')),
  );
  addForecastRow();

  const form = h(
    'form',
    { class: 'storm-form' },
    h('label', {}, i18n.t('storm.name'), name),
    h('label', {}, i18n.t('storm.validFrom'), validFrom),
    h('label', {}, i18n.t('storm.validTo'), validTo),
    h('div', { class: 'tabs' }, ...modeButtons),
    areaBox,
    forecastBox,
    h('button', { class: 'primary', type: 'submit' }, i18n.t('storm.publish')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const built = buildStormRequest({
      name: name.value,
      validFromMs: localInputToMs(validFrom.value),
      validToMs: localInputToMs(validTo.value),
      mode,
      corners,
      forecast: readForecast(),
    });
    if ('problem' in built) {
      ctx.toast(i18n.t('storm.invalid', { problem: i18n.t(built.problem) }), 'error');
      return;
    }
    try {
      await ctx.api.publishStormWarning(built.request);
      corners.splice(0);
      redrawCorners();
      ctx.toast(i18n.t('storm.published'));
      // The whole zone set comes again (several MB): the map shows the storm when it has arrived.
      ctx
        .reloadZones()
        .catch((error: Error) => ctx.toast(i18n.t('error.generic', { message: error.message }), 'error'));
    } catch (error) {
      ctx.toast(i18n.t('error.generic', { message: (error as Error).message }), 'error');
    }
  });

  clear(container);
  container.append(h('h2', {}, i18n.t('storm.title')), form);
  redrawCorners();
  return () => {
    ctx.map.off('click', onMapClick);
    ctx.tracks.showDrawing([]);
  };
}
