import { ALERT_SEVERITIES, ALERT_TYPES } from '../api/constants';
import type { Alert, AlertSeverity, AlertStatus } from '../api/types';
import type { AppContext } from '../app-context';
import { clear, h } from '../ui/dom';
import { alertCard } from './alert-item';

export interface AlertFilter {
  status: AlertStatus;
  type: string;
  severity: AlertSeverity | '';
  vesselId?: string;
}

const PAGE_SIZE = 50;

/** Most urgent first, then newest first. */
export function sortAlerts(alerts: Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      ALERT_SEVERITIES.indexOf(b.severity) - ALERT_SEVERITIES.indexOf(a.severity) ||
      b.lastUpdatedAtMs - a.lastUpdatedAtMs,
  );
}

/**
 * The alerts panel: open (or resolved) alerts, most urgent first, filtered by type and severity, with
 * acknowledgement and a switch for the danger sound. Live `alert` frames and acknowledgements re-read it.
 */
export function renderAlertsPanel(
  container: HTMLElement,
  ctx: AppContext,
  initial: Partial<AlertFilter> = {},
): () => void {
  const { i18n } = ctx;
  const filter: AlertFilter = { status: 'open', type: '', severity: '', ...initial };
  let items: Alert[] = [];
  let nextCursor: string | null = null;
  const list = h('ul', { class: 'alert-list', 'data-testid': 'alert-list' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, i18n.t('alerts.more'));

  const statusSelect = h(
    'select',
    { name: 'status', 'aria-label': i18n.t('alerts.open') },
    h('option', { value: 'open' }, i18n.t('alerts.open')),
    h('option', { value: 'resolved' }, i18n.t('alerts.resolved')),
  );
  statusSelect.value = filter.status;
  const typeSelect = h(
    'select',
    { name: 'type', 'aria-label': i18n.t('alerts.allTypes') },
    h('option', { value: '' }, i18n.t('alerts.allTypes')),
    ...ALERT_TYPES.map((type) => h('option', { value: type }, i18n.tDynamic('alertType', type))),
  );
  typeSelect.value = filter.type;
  const severitySelect = h(
    'select',
    { name: 'severity', 'aria-label': i18n.t('alerts.allSeverities') },
    h('option', { value: '' }, i18n.t('alerts.allSeverities')),
    ...[...ALERT_SEVERITIES]
      .reverse()
      .map((severity) => h('option', { value: severity }, i18n.tDynamic('severity', severity))),
  );
  severitySelect.value = filter.severity;
  const sound = h('input', { type: 'checkbox', name: 'sound', checked: ctx.alarm.enabled });
  sound.addEventListener('change', () => {
    ctx.alarm.enabled = sound.checked;
    if (sound.checked) ctx.alarm.unlock();
  });

  const draw = () => {
    clear(list);
    const shown = sortAlerts(items.filter((alert) => !filter.severity || alert.severity === filter.severity));
    if (shown.length === 0) list.append(h('li', { class: 'muted' }, i18n.t('alerts.empty')));
    for (const alert of shown) list.append(alertCard(alert, ctx, { showVessel: !filter.vesselId }));
    more.hidden = nextCursor === null;
  };

  let generation = 0;
  const load = async (append: boolean) => {
    const mine = ++generation;
    try {
      const page = await ctx.api.alerts({
        status: filter.status,
        type: filter.type || undefined,
        vesselId: filter.vesselId,
        limit: PAGE_SIZE,
        cursor: append ? nextCursor : undefined,
      });
      if (mine !== generation) return;
      items = append ? [...items, ...page.items] : page.items;
      nextCursor = page.nextCursor;
      draw();
    } catch (error) {
      ctx.toast(i18n.t('error.generic', { message: (error as Error).message }), 'error');
    }
  };

  for (const select of [statusSelect, typeSelect, severitySelect]) {
    select.addEventListener('change', () => {
      filter.status = statusSelect.value as AlertStatus;
      filter.type = typeSelect.value;
      filter.severity = severitySelect.value as AlertSeverity | '';
      void load(false);
    });
  }
  more.addEventListener('click', () => void load(true));

  clear(container);
  container.append(
    h('h2', {}, i18n.t('alerts.title')),
    h('div', { class: 'filters' }, statusSelect, typeSelect, severitySelect),
    h('label', { class: 'switch' }, sound, ' ', i18n.t('alerts.sound')),
    list,
    more,
  );
  void load(false);
  return ctx.onAlertsChanged(() => void load(false));
}
