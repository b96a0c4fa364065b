import { VESSEL_LIVE_STATUSES, ZONE_KINDS } from '../api/constants';
import type { AppContext } from '../app-context';
import { STATUS_COLOURS } from '../map/vessel-icons';
import { ZONE_COLOURS } from '../map/zones-layer';
import { clear, h } from '../ui/dom';

/**
 * The legend: vessel states (symbol colours; the vessel layer can be hidden) and zone kinds, each with a
 * switch. Small and collapsible, so it stays readable on a phone.
 */
export function renderLegend(container: HTMLElement, ctx: AppContext): void {
  const { i18n } = ctx;
  clear(container);
  const vesselsToggle = h('input', { type: 'checkbox', checked: true, name: 'layer-vessels' });
  vesselsToggle.addEventListener('change', () => ctx.vessels.setVisible(vesselsToggle.checked));
  const statuses = VESSEL_LIVE_STATUSES.map((status) =>
    h(
      'li',
      { 'data-status': status },
      h('span', { class: `swatch vessel status-${status}`, style: `background:${STATUS_COLOURS[status]}` }),
      i18n.tDynamic('status', status),
    ),
  );
  const zones = ZONE_KINDS.map((kind) => {
    const toggle = h('input', { type: 'checkbox', name: `zone-${kind}`, checked: ctx.zones.kinds.has(kind) });
    toggle.addEventListener('change', () => ctx.zones.setKindVisible(kind, toggle.checked));
    return h(
      'li',
      {},
      h(
        'label',
        {},
        toggle,
        h('span', {
          class: 'swatch',
          style: `border-color:${ZONE_COLOURS[kind]};background:${ZONE_COLOURS[kind]}33`,
        }),
        i18n.tDynamic('zoneKind', kind),
      ),
    );
  });
  container.append(
    h(
      'details',
      { class: 'legend', open: window.matchMedia('(min-width: 701px)').matches },
      h('summary', {}, i18n.t('layers.title')),
      h('label', { class: 'legend-title' }, vesselsToggle, ' ', i18n.t('layers.vessels')),
      h('ul', {}, ...statuses),
      h('div', { class: 'legend-title' }, i18n.t('legend.zones')),
      h('ul', {}, ...zones),
    ),
  );
}
