import type { FleetCountsRow } from '../api/types';
import type { AppContext } from '../app-context';
import { clear, h } from '../ui/dom';

const COLUMNS = ['total', 'atSea', 'inPort', 'signalLost', 'noPosition'] as const;

/** Sums the rows for the table's last line. */
export function fleetTotals(rows: readonly FleetCountsRow[]): Omit<FleetCountsRow, 'portId'> {
  const totals = { total: 0, atSea: 0, inPort: 0, signalLost: 0, noPosition: 0 };
  for (const row of rows) for (const column of COLUMNS) totals[column] += row[column];
  return totals;
}

/** Fleet counts per home port (GET /api/fleet/counts), refreshed every 30 s while open. */
export function renderFleetPanel(container: HTMLElement, ctx: AppContext): () => void {
  const { i18n } = ctx;
  const table = h('table', { class: 'fleet', 'data-testid': 'fleet-table' });
  const liveCount = h('p', { class: 'muted' });
  clear(container);
  container.append(h('h2', {}, i18n.t('fleet.title')), liveCount, table);

  const draw = (rows: FleetCountsRow[]) => {
    clear(table);
    const sorted = [...rows].sort((a, b) => b.total - a.total);
    const headers = COLUMNS.map((column) => h('th', { class: 'num' }, i18n.t(`fleet.${column}`)));
    table.append(h('thead', {}, h('tr', {}, h('th', {}, i18n.t('fleet.port')), ...headers)));
    const tbody = h('tbody');
    for (const row of sorted) {
      tbody.append(
        h(
          'tr',
          { 'data-port-id': row.portId },
          h('td', {}, ctx.portNames.get(row.portId) ?? row.portId),
          ...COLUMNS.map((column) => h('td', { class: `num ${column}` }, row[column])),
        ),
      );
    }
    table.append(tbody);
    const totals = fleetTotals(rows);
    table.append(
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', {}, i18n.t('fleet.total')),
          ...COLUMNS.map((c) => h('th', { class: 'num' }, totals[c])),
        ),
      ),
    );
    liveCount.textContent = i18n.t('fleet.live', { n: ctx.live.size });
  };
  const load = () =>
    ctx.api
      .fleetCounts()
      .then(draw)
      .catch((error: Error) => ctx.toast(i18n.t('error.generic', { message: error.message }), 'error'));
  void load();
  const timer = window.setInterval(load, 30_000);
  return () => window.clearInterval(timer);
}
