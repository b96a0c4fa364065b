import { VesselWatchError } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';
import { authOf, requirePermission } from '../auth/require-auth';
import { forbidden } from '../http/api-error';
import { input } from '../http/validate';
import { DocumentedRouter, type RouteCatalogue } from '../http/documented-router';
import { AlertIdParamSchema, AlertListQuerySchema, CommentSchema } from './query-schemas';
import { readableAlert } from './read-routes';

/** GET /api/alerts, GET /api/alerts/:id, POST .../acknowledge, POST .../resolve, GET .../deliveries. */
export function alertsRoutes(store: Store, now: () => number, catalogue: RouteCatalogue): DocumentedRouter {
  const router = new DocumentedRouter(catalogue, '/api/alerts');
  const tag = 'alerts';
  const actors = "admin, or port_officer of the vessel's home port";

  router.get(
    '/',
    {
      tag,
      summary: 'Alerts with filters, newest opened first (keyset pages); type is a comma-separated list',
      query: AlertListQuerySchema,
      responses: { 200: { description: 'one page', schema: 'AlertPage' } },
    },
    async (req, res) => {
      const query = input(AlertListQuerySchema, req.query, 'alert query');
      res.json(
        await store.alerts({
          ...(query.status ? { status: query.status } : {}),
          ...(query.type ? { types: query.type } : {}),
          ...(query.vesselId ? { vesselId: query.vesselId } : {}),
          ...(query.zoneId ? { zoneId: query.zoneId } : {}),
          ...(query.from === undefined ? {} : { openedFromMs: query.from }),
          ...(query.to === undefined ? {} : { openedToMs: query.to }),
          scope: authOf(res).access.scope('read'),
          limit: query.limit,
          cursor: query.cursor ?? null,
        }),
      );
    },
  );

  const withAudit = async (id: string) => ({
    alert: await store.alert(id),
    audit: await store.alertAudit(id),
  });

  router.get(
    '/:id',
    {
      tag,
      summary: 'One alert and its audit trail',
      params: AlertIdParamSchema,
      responses: {
        200: { description: 'the alert', schema: 'AlertWithAudit' },
        404: { description: 'no such alert, or outside your scope' },
      },
    },
    async (req, res) => {
      const { id } = input(AlertIdParamSchema, req.params, 'alert id');
      await readableAlert(store, authOf(res).access, id);
      res.json(await withAudit(id));
    },
  );

  /** The alert if the user may act on it: 404 when it cannot be read, 403 when it can only be read. */
  const actionable = async (id: string, access: ReturnType<typeof authOf>['access']) => {
    const alert = await readableAlert(store, access, id);
    if (!access.allows('alerts.act', await store.vessel(alert.vesselId)))
      throw forbidden(`you may read alert ${id} but not act on it`);
    return alert;
  };

  router.post(
    '/:id/acknowledge',
    {
      tag,
      permission: actors,
      summary:
        'Acknowledge with a comment (the first acknowledgement counts; later ones are audited comments)',
      params: AlertIdParamSchema,
      body: { schema: CommentSchema, contentType: 'application/json' },
      responses: { 200: { description: 'the alert and its audit trail', schema: 'AlertWithAudit' } },
    },
    requirePermission('alerts.act'),
    async (req, res) => {
      const { id } = input(AlertIdParamSchema, req.params, 'alert id');
      const { comment } = input(CommentSchema, req.body, 'acknowledgement');
      const { access, user } = authOf(res);
      await actionable(id, access);
      await store.acknowledgeAlert(id, { byUserId: user.id, atMs: now(), comment });
      res.json(await withAudit(id));
    },
  );

  router.post(
    '/:id/resolve',
    {
      tag,
      permission: actors,
      summary:
        'Resolve an open alert with a comment (audited); the rules open it again if the condition goes on',
      params: AlertIdParamSchema,
      body: { schema: CommentSchema, contentType: 'application/json' },
      responses: {
        200: { description: 'the alert and its audit trail', schema: 'AlertWithAudit' },
        409: { description: 'already resolved' },
      },
    },
    requirePermission('alerts.act'),
    async (req, res) => {
      const { id } = input(AlertIdParamSchema, req.params, 'alert id');
      const { comment } = input(CommentSchema, req.body, 'resolution');
      const { access, user } = authOf(res);
      await actionable(id, access);
      const outcome = await store.resolveAlert(id, { byUserId: user.id, atMs: now(), comment });
      if (outcome === 'already_resolved')
        throw new VesselWatchError('VW_ERR_CONFLICT', {
          detail: `alert ${id} is already resolved`,
          details: { alertId: id },
        });
      res.json(await withAudit(id));
    },
  );

  router.get(
    '/:id/deliveries',
    {
      tag,
      summary: "Notifications sent for the alert (the notifier's delivery log)",
      params: AlertIdParamSchema,
      responses: {
        200: {
          description: 'deliveries',
          schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } },
        },
        404: { description: 'no such alert, or outside your scope' },
      },
    },
    async (req, res) => {
      const { id } = input(AlertIdParamSchema, req.params, 'alert id');
      const access = authOf(res).access;
      const alert = await readableAlert(store, access, id);
      // Recipients' phone numbers and e-mail addresses only for roles that may see the vessel's contacts.
      const contacts = access.allows('contacts', await store.vessel(alert.vesselId));
      const items = await store.notificationDeliveries(id);
      res.json({ items: contacts ? items : items.map((d) => ({ ...d, address: null })) });
    },
  );
  return router;
}
