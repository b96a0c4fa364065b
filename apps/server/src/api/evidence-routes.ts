import { DAY_MS, VesselWatchError, type Alert } from '@vesselwatch/domain';
import { PAGE_SIZE_MAX, type Store } from '@vesselwatch/store';
import { authOf, requirePermission } from '../auth/require-auth';
import { forbidden, notFound } from '../http/api-error';
import { input } from '../http/validate';
import { DocumentedRouter, type RouteCatalogue } from '../http/documented-router';
import {
  evidenceCsv,
  evidenceFileName,
  evidenceGeoJson,
  evidenceKml,
  type EvidencePackage,
} from './evidence';
import { EvidenceQuerySchema } from './query-schemas';
import { VesselIdParamSchema } from './vessels-routes';

/** Longest period of one evidence export. */
export const EVIDENCE_MAX_RANGE_MS = 366 * DAY_MS;
/** Up to this long every accepted fix is exported; longer periods get one point per bucket (store tracks). */
export const EVIDENCE_RAW_MAX_RANGE_MS = 31 * DAY_MS;
/** Most track points of a downsampled export. */
export const EVIDENCE_MAX_POINTS = 20_000;

const FORMATS = {
  geojson: { type: 'application/geo+json', extension: 'geojson', render: evidenceGeoJson },
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv', render: evidenceCsv },
  kml: { type: 'application/vnd.google-earth.kml+xml', extension: 'kml', render: evidenceKml },
} as const;

/** GET /api/vessels/:id/evidence?from=&to=&format=geojson|csv|kml: a download for inspectors' cases. */
export function evidenceRoutes(store: Store, now: () => number, catalogue: RouteCatalogue): DocumentedRouter {
  const router = new DocumentedRouter(catalogue, '/api');
  router.get(
    '/vessels/:id/evidence',
    {
      tag: 'vessels',
      permission: 'admin, inspector, port_officer of the home port',
      summary: 'Download the track and the alerts of a period (GeoJSON, CSV or KML) for a case file',
      description:
        'Includes the vessel, the period, generated-at and generated-by, the active zone-set version and those the alerts were computed with. Every accepted fix up to 31 days; longer periods (up to 366 days) one point per bucket.',
      params: VesselIdParamSchema,
      query: EvidenceQuerySchema,
      responses: {
        200: {
          description: 'the file (Content-Disposition: attachment)',
          contentType: ['application/geo+json', 'text/csv', 'application/vnd.google-earth.kml+xml'],
        },
      },
    },
    requirePermission('evidence'),
    async (req, res) => {
      const { id } = input(VesselIdParamSchema, req.params, 'vessel id');
      const { from, to, format } = input(EvidenceQuerySchema, req.query, 'evidence query');
      if (to - from > EVIDENCE_MAX_RANGE_MS)
        throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
          detail: `an evidence export may span at most ${EVIDENCE_MAX_RANGE_MS / DAY_MS} days`,
          details: { problems: [{ path: 'from', problem: 'range too long' }] },
        });
      const { access, user } = authOf(res);
      const vessel = await store.vessel(id);
      if (!access.allows('read', vessel)) throw notFound('vessel', id);
      if (!access.allows('evidence', vessel)) throw forbidden(`you may not export evidence of vessel ${id}`);
      const track = await store.track({
        vesselId: id,
        fromMs: from,
        toMs: to,
        rawMaxRangeMs: EVIDENCE_RAW_MAX_RANGE_MS,
        maxPoints: EVIDENCE_MAX_POINTS,
      });
      const alerts: Alert[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.alerts({
          vesselId: id,
          activeBetween: { fromMs: from, toMs: to },
          limit: PAGE_SIZE_MAX,
          cursor,
        });
        alerts.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      alerts.sort((a, b) => a.openedAtMs - b.openedAtMs || a.id.localeCompare(b.id));
      const evidence: EvidencePackage = {
        vessel: vessel
          ? {
              id: vessel.id,
              registrationNumber: vessel.registrationNumber,
              name: vessel.name,
              flagState: vessel.flagState,
              homePortId: vessel.homePortId,
            }
          : { id },
        fromMs: from,
        toMs: to,
        generatedAtMs: now(),
        generatedBy: user.id,
        activeZoneSetVersion: await store.activeZoneSetVersion(),
        track,
        alerts,
      };
      const chosen = FORMATS[format];
      res
        .attachment(evidenceFileName(evidence, chosen.extension))
        .type(chosen.type)
        .setHeader('Cache-Control', 'no-store')
        .send(chosen.render(evidence));
    },
  );
  return router;
}
