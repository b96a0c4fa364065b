import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raw } from 'express';
import { z } from 'zod';
import {
  CountryCodeSchema,
  LonLatSchema,
  PolygonSchema,
  VesselWatchError,
  ZoneKindSchema,
  ZoneSchema,
  isVesselWatchError,
  type Zone,
} from '@vesselwatch/domain';
import { ZoneIndex } from '@vesselwatch/geo';
import type { Store } from '@vesselwatch/store';
import { ImportMappingSchema, importZoneFile } from '@vesselwatch/zones';
import { authOf, requirePermission } from '../auth/require-auth';
import { input } from '../http/validate';
import { DocumentedRouter, type RouteCatalogue } from '../http/documented-router';
import type { ServerSettings } from '../settings';
import { stormForecastArea } from './storm-geometry';
import type { ZoneSetCache } from './zone-set-cache';

const booleanText = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ZoneImportQuerySchema = z.object({
  format: z.enum(['geojson', 'kml', 'shapefile']),
  dryRun: booleanText.default(false),
  kind: ZoneKindSchema.optional(),
  jurisdiction: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(CountryCodeSchema)
    .optional(),
  /** The file's name (ids of features without one are `<name>-<n>`): letters, digits, ".", "_", "-". */
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,80}$/)
    .default('upload'),
  /** A mapping of attribute names, kind words and defaults (docs/zones.md), as JSON. */
  mapping: z
    .string()
    .max(20_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(ImportMappingSchema)
    .optional(),
});

const EXTENSION = { geojson: '.geojson', kml: '.kml', shapefile: '.zip' } as const;

const StormBase = {
  name: z.string().trim().min(1).max(200),
  validFromMs: z.number().int().min(0),
  validToMs: z.number().int().min(0),
};
export const StormWarningSchema = z
  .union([
    z.object({ ...StormBase, area: PolygonSchema }).strict(),
    z
      .object({
        ...StormBase,
        forecast: z
          .array(
            z.object({
              atMs: z.number().int().min(0),
              position: LonLatSchema,
              radiusNm: z.number().positive().max(600),
            }),
          )
          .min(1)
          .max(100),
      })
      .strict(),
  ])
  .refine((w) => w.validFromMs < w.validToMs, {
    message: 'validFromMs must be before validToMs',
    path: ['validToMs'],
  });
export type StormWarningInput = z.infer<typeof StormWarningSchema>;

/** GET /api/zones, POST /api/zones/import, POST /api/storm-warnings. */
export function zonesRoutes(
  store: Store,
  zoneSets: ZoneSetCache,
  settings: ServerSettings,
  now: () => number,
  catalogue: RouteCatalogue,
): DocumentedRouter {
  const router = new DocumentedRouter(catalogue, '/api');
  const tag = 'zones';

  router.get(
    '/zones',
    {
      tag,
      summary: 'The active zone set as a GeoJSON FeatureCollection with version and attribution',
      description: 'Maps showing these zones must display every attribution line.',
      responses: {
        200: { description: 'the zones', schema: 'ZoneCollection', contentType: 'application/geo+json' },
      },
    },
    async (req, res) => {
      const set = await zoneSets.current();
      if (!set)
        throw new VesselWatchError('VW_ERR_NOT_FOUND', { detail: 'the database has no active zone set' });
      const { text, gzip, etag } = set.body;
      // Revalidated every time (a new version must show at once); unchanged, it is a 304 (express's fresh check).
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, no-cache');
      res.vary('Accept-Encoding');
      res.type('application/geo+json');
      if (req.acceptsEncodings('gzip') === 'gzip') {
        // Already compressed once per version; the compression middleware leaves an encoded body alone.
        res.setHeader('Content-Encoding', 'gzip');
        res.send(gzip);
      } else {
        res.send(text);
      }
    },
  );

  router.post(
    '/zones/import',
    {
      tag,
      permission: 'admin',
      summary: 'Import an official boundary file (the same code as `vesselwatch zones import`)',
      description:
        'Raw body: GeoJSON, KML or a zipped Shapefile. dryRun=true reports the plan and writes nothing; otherwise the new zone-set version is saved and activated (the processor re-evaluates every vessel). A bad file is refused whole (400 VW_ERR_ZONE_FILE_INVALID naming each feature).',
      query: ZoneImportQuerySchema,
      body: {
        contentType: [
          'application/geo+json',
          'application/json',
          'application/vnd.google-earth.kml+xml',
          'application/zip',
          'application/octet-stream',
        ],
        description: 'the file',
      },
      responses: {
        200: { description: 'the import plan and whether it was activated', schema: 'ZoneImportResult' },
      },
    },
    requirePermission('zones.import'),
    raw({ type: () => true, limit: settings.maxUploadBytes }),
    async (req, res) => {
      const query = input(ZoneImportQuerySchema, req.query, 'zone import query');
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
          detail: 'send the boundary file as the request body',
        });
      const mapping = query.mapping ?? ImportMappingSchema.parse({});
      const withDefaults = {
        ...mapping,
        defaults: {
          ...mapping.defaults,
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.jurisdiction ? { jurisdiction: query.jurisdiction } : {}),
        },
      };
      // The CLI's code path exactly: importZoneFile reads a file, so the body becomes one, in a private directory.
      const dir = await mkdtemp(join(tmpdir(), 'vesselwatch-zone-import-'));
      try {
        const path = join(dir, `${query.name}${EXTENSION[query.format]}`);
        await writeFile(path, req.body);
        const result = await importZoneFile(store, path, { mapping: withDefaults, dryRun: query.dryRun });
        if (result.activated) zoneSets.invalidate();
        const { plan } = result;
        res.json({
          dryRun: query.dryRun,
          activated: result.activated,
          version: plan.version,
          baseVersion: plan.baseVersion,
          format: plan.format,
          scope: plan.scope.map(([kind, jurisdiction]) => ({ kind, jurisdiction })),
          diff: plan.diff,
          importedBy: authOf(res).user.id,
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  router.post(
    '/storm-warnings',
    {
      tag,
      permission: 'admin, port_officer',
      summary: 'Publish a storm warning: a storm_warning zone in a new, activated zone-set version',
      description:
        'Either an area (GeoJSON Polygon) or a forecast (positions with radii: circles joined by hulls between consecutive positions). Storm zones expired before now are dropped from the new version.',
      body: { schema: StormWarningSchema, contentType: 'application/json' },
      responses: { 201: { description: 'the zone and the new zone-set version', schema: 'StormZone' } },
    },
    requirePermission('storm.publish'),
    async (req, res) => {
      const warning = input(StormWarningSchema, req.body, 'storm warning');
      const user = authOf(res).user;
      const zone = await publishStormWarning(store, warning, {
        jurisdiction: settings.stormWarningJurisdiction,
        byUserId: user.id,
        nowMs: now(),
      });
      zoneSets.invalidate();
      res.status(201).json(zone);
    },
  );
  return router;
}

function invalidGeometry(detail: string, details: Record<string, unknown> = {}): VesselWatchError {
  return new VesselWatchError('VW_ERR_INPUT_INVALID', { detail: `storm warning: ${detail}`, details });
}

/**
 * Adds a storm-warning zone to the active zone set as a new version (`storm-<hash>`) and activates it; the
 * processor picks it up at its next zone poll and re-evaluates every vessel. Storm zones that expired before
 * `nowMs` are dropped from the new version. Returns the new zone (with `properties.zoneSetVersion`).
 */
export async function publishStormWarning(
  store: Store,
  warning: StormWarningInput,
  options: { jurisdiction: string; byUserId: string; nowMs: number },
): Promise<Zone & { zoneSetVersion: string }> {
  let geometry: Zone['geometry'];
  try {
    geometry = 'area' in warning ? warning.area : stormForecastArea(warning.forecast);
  } catch (error) {
    if (error instanceof RangeError) throw invalidGeometry(error.message);
    throw error;
  }
  const active = await store.loadZoneSet();
  if (!active)
    throw new VesselWatchError('VW_ERR_NOT_FOUND', { detail: 'the database has no active zone set' });
  const slug = warning.name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 40);
  const zone = input(
    ZoneSchema,
    {
      id: `storm-${slug || 'warning'}-${warning.validFromMs}`,
      name: warning.name,
      kind: 'storm_warning',
      jurisdiction: options.jurisdiction,
      geometry,
      validFromMs: warning.validFromMs,
      validToMs: warning.validToMs,
      approximate: 'forecast' in warning,
      source: `storm warning published by ${options.byUserId}`,
      properties: {
        publishedBy: options.byUserId,
        publishedAtMs: options.nowMs,
        ...('forecast' in warning ? { forecast: warning.forecast } : {}),
      },
    },
    'storm-warning zone',
  );
  try {
    ZoneIndex.build([zone]);
  } catch (error) {
    if (isVesselWatchError(error)) throw invalidGeometry(error.message, error.details);
    throw error;
  }
  const kept = active.zones.filter(
    (z) =>
      z.id !== zone.id &&
      !(z.kind === 'storm_warning' && z.validToMs !== undefined && z.validToMs < options.nowMs),
  );
  const zones = [...kept, zone].sort((a, b) => a.id.localeCompare(b.id));
  const version = `storm-${createHash('sha256').update(JSON.stringify(zones)).digest('hex').slice(0, 12)}`;
  await store.saveZoneSet(version, zones, {
    activate: true,
    description: `storm warning "${warning.name}" by ${options.byUserId} over ${active.version}`.slice(
      0,
      2000,
    ),
  });
  return { ...zone, zoneSetVersion: version };
}
