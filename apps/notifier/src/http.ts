import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bus } from '@vesselwatch/bus';
import type { Store } from '@vesselwatch/store';
import type { Notifier } from './notifier';

/** How long one readiness check (bus, database) may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2_000;

function bounded(check: () => Promise<void>): Promise<void> {
  return Promise.race([
    check(),
    new Promise<void>((_resolve, reject) =>
      setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

/**
 * Prometheus text format: the notifier's counters since start and the outbox by status and channel (read from
 * the database at scrape time, so it covers every notifier sharing the outbox).
 */
export async function notifierMetricsText(notifier: Notifier, store: Store): Promise<string> {
  const status = notifier.status();
  const lines = [
    '# HELP vesselwatch_notifier_events_total Alert events consumed from vms.alerts.',
    '# TYPE vesselwatch_notifier_events_total counter',
    `vesselwatch_notifier_events_total ${status.events}`,
    '# HELP vesselwatch_notifier_deliveries_written_total Deliveries written to the outbox (new, or already there: duplicate).',
    '# TYPE vesselwatch_notifier_deliveries_written_total counter',
    `vesselwatch_notifier_deliveries_written_total{outcome="new"} ${status.deliveriesWritten}`,
    `vesselwatch_notifier_deliveries_written_total{outcome="duplicate"} ${status.deliveriesDuplicate}`,
    '# HELP vesselwatch_notifier_rejected_messages_total Messages on vms.alerts that were not alert events.',
    '# TYPE vesselwatch_notifier_rejected_messages_total counter',
    `vesselwatch_notifier_rejected_messages_total ${status.rejected}`,
    '# HELP vesselwatch_notifier_escalations_total Alerts escalated by this notifier.',
    '# TYPE vesselwatch_notifier_escalations_total counter',
    `vesselwatch_notifier_escalations_total ${status.escalations}`,
    '# HELP vesselwatch_notifier_send_outcomes_total Send attempts of this notifier by outcome.',
    '# TYPE vesselwatch_notifier_send_outcomes_total counter',
    ...Object.entries(status.senders).map(
      ([outcome, count]) => `vesselwatch_notifier_send_outcomes_total{outcome="${outcome}"} ${count}`,
    ),
    '# HELP vesselwatch_notifier_outbox_deliveries Outbox rows by status and channel.',
    '# TYPE vesselwatch_notifier_outbox_deliveries gauge',
    ...(await store.notifications.counts()).map(
      (row) =>
        `vesselwatch_notifier_outbox_deliveries{status="${row.status}",channel="${row.channel}"} ${row.count}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** /healthz (the process lives), /readyz (bus and database answer), /metrics (Prometheus). */
export function notifierHttpHandler(deps: { notifier: Notifier; bus: Bus; store: Store }) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const json = (status: number, body: unknown) => send(status, 'application/json', JSON.stringify(body));
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return json(405, { error: 'only GET' });
    if (path === '/healthz') return json(200, { status: 'ok', notifier: deps.notifier.status() });
    if (path === '/readyz') {
      void Promise.allSettled([
        bounded(() => deps.bus.checkHealth()),
        bounded(() => deps.store.checkHealth()),
      ]).then(([bus, database]) => {
        const checks = {
          bus: bus.status === 'fulfilled' ? 'ok' : String(bus.reason),
          database: database.status === 'fulfilled' ? 'ok' : String(database.reason),
        };
        const ready = bus.status === 'fulfilled' && database.status === 'fulfilled';
        json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      });
      return;
    }
    if (path === '/metrics') {
      notifierMetricsText(deps.notifier, deps.store).then(
        (text) => send(200, 'text/plain; version=0.0.4', text),
        (error: unknown) => json(503, { error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    json(404, { error: `no route ${path}` });
  };
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
