import { DAY_MS, VesselWatchError } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';
import { authOf, requirePermission } from '../auth/require-auth';
import { forbidden, notFound } from '../http/api-error';
import { input } from '../http/validate';
import { DocumentedRouter, type RouteCatalogue } from '../http/documented-router';
import { viewOfRow } from './live-view';
import { PortCallQuerySchema, PositionsQuerySchema, TrackQuerySchema } from './query-schemas';
import { VesselIdParamSchema, readableVessel } from './vessels-routes';

/** Longest track one request may ask for (the store downsamples long ranges to maxPoints). */
export const TRACK_MAX_RANGE_MS = 5 * 366 * DAY_MS;
/** Default track range when `from` is not given: the last 24 hours before `to`. */
export const TRACK_DEFAULT_RANGE_MS = DAY_MS;

/** GET /api/positions, /api/vessels/:id/track, /api/port-calls, /api/fleet/counts. */
export function readRoutes(store: Store, now: () => number, catalogue: RouteCatalogue): DocumentedRouter {
  const router = new DocumentedRouter(catalogue, '/api');

  router.get(
    '/positions',
    {
      tag: 'live',
      summary:
        "Latest position of every vessel in a box, with status and open alerts (the live map's first picture)",
      query: PositionsQuerySchema,
      responses: { 200: { description: 'vessels ordered by id', schema: 'LiveVessels' } },
    },
    async (req, res) => {
      const { bbox, limit } = input(PositionsQuerySchema, req.query, 'positions query');
      const rows = await store.liveVessels({ bbox, scope: authOf(res).access.scope('read'), limit });
      res.json({ vessels: rows.map(viewOfRow) });
    },
  );

  router.get(
    '/vessels/:id/track',
    {
      tag: 'vessels',
      summary:
        "A vessel's accepted fixes between two times (default: the 24 h before to/now), downsampled for long ranges",
      params: VesselIdParamSchema,
      query: TrackQuerySchema,
      responses: {
        200: { description: 'the track', schema: 'Track' },
        404: { description: 'no such vessel, or outside your scope' },
      },
    },
    async (req, res) => {
      const { id } = input(VesselIdParamSchema, req.params, 'vessel id');
      const query = input(TrackQuerySchema, req.query, 'track query');
      await readableVessel(store, authOf(res).access, id);
      const toMs = query.to ?? now();
      const fromMs = query.from ?? toMs - TRACK_DEFAULT_RANGE_MS;
      if (toMs - fromMs > TRACK_MAX_RANGE_MS)
        throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
          detail: `a track may span at most ${TRACK_MAX_RANGE_MS / DAY_MS} days`,
          details: { problems: [{ path: 'from', problem: 'range too long' }] },
        });
      res.json(
        await store.track({
          vesselId: id,
          fromMs,
          toMs,
          ...(query.maxPoints === undefined ? {} : { maxPoints: query.maxPoints }),
        }),
      );
    },
  );

  router.get(
    '/port-calls',
    {
      tag: 'fleet',
      summary: 'The port-call log, latest arrival first',
      query: PortCallQuerySchema,
      responses: { 200: { description: 'one page', schema: 'PortCallPage' } },
    },
    async (req, res) => {
      const query = input(PortCallQuerySchema, req.query, 'port-call query');
      const access = authOf(res).access;
      if (query.vesselId) await readableVessel(store, access, query.vesselId);
      res.json(
        await store.portCalls({
          ...(query.portId ? { portId: query.portId } : {}),
          ...(query.vesselId ? { vesselId: query.vesselId } : {}),
          ...(query.from === undefined ? {} : { arrivedFromMs: query.from }),
          ...(query.to === undefined ? {} : { arrivedToMs: query.to }),
          scope: access.scope('read'),
          limit: query.limit,
          cursor: query.cursor ?? null,
        }),
      );
    },
  );

  router.get(
    '/fleet/counts',
    {
      tag: 'fleet',
      permission: 'admin, inspector, port_officer, viewer (not owner)',
      summary: 'Per home port: vessels at sea, in port, signal lost, without a position',
      responses: { 200: { description: 'counts per port in your scope', schema: 'FleetCounts' } },
    },
    requirePermission('fleet'),
    async (_req, res) => {
      const scope = authOf(res).access.scope('fleet');
      if (scope && scope.vesselIds.length > 0 && scope.homePortIds.length === 0)
        throw forbidden('fleet counts are per port');
      const asOfMs = now();
      const ports = await store.fleetCounts({
        asOfMs,
        ...(scope ? { homePortIds: scope.homePortIds } : {}),
      });
      res.json({ asOfMs, ports });
    },
  );
  return router;
}

/** 404 for an unknown alert and for one about a vessel the user may not read. */
export async function readableAlert(store: Store, access: ReturnType<typeof authOf>['access'], id: string) {
  const alert = await store.alert(id);
  if (!alert || !access.allows('read', await store.vessel(alert.vesselId))) throw notFound('alert', id);
  return alert;
}
