import { text } from 'express';
import { z } from 'zod';
import { VesselIdSchema, VesselSchema, VesselWatchError, type Vessel } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';
import type { Access } from '../auth/access';
import { authOf, requirePermission } from '../auth/require-auth';
import { forbidden, notFound } from '../http/api-error';
import { input } from '../http/validate';
import { DocumentedRouter, type RouteCatalogue } from '../http/documented-router';
import type { ServerSettings } from '../settings';
import { parseVesselCsv, type CsvRowProblem } from './vessel-csv';

export const VesselListQuerySchema = z.object({
  q: z.string().trim().max(64).optional(),
  portId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(500).optional(),
});

export const VesselIdParamSchema = z.object({ id: VesselIdSchema });

/** What vessel routes need from whoever keeps registry labels in memory (the live hub). */
export interface RegistryListener {
  vesselsChanged(vessels: readonly Vessel[]): void;
}

/** A vessel as the user may see it: without owner and crew contacts for roles that may not see them. */
export function vesselView(vessel: Vessel, access: Access) {
  if (access.allows('contacts', vessel)) return vessel;
  const { owner, ...rest } = vessel;
  return { ...rest, owner: { name: owner.name, role: owner.role, language: owner.language }, contacts: [] };
}

/**
 * The vessel a user may read, or 404 (also for vessels outside the scope, so ids cannot be probed).
 * Vessels missing from the registry (unregistered terminals) are readable only with an unlimited scope.
 */
export async function readableVessel(store: Store, access: Access, id: string): Promise<Vessel | null> {
  const vessel = await store.vessel(id);
  if (!access.allows('read', vessel)) throw notFound('vessel', id);
  return vessel;
}

async function checkRegistrationFree(store: Store, vessel: Vessel): Promise<void> {
  const taken = await store.searchVessels({ q: vessel.registrationNumber, limit: 1000 });
  const other = taken.items.find(
    (v) => v.registrationNumber === vessel.registrationNumber && v.id !== vessel.id,
  );
  if (other)
    throw new VesselWatchError('VW_ERR_CONFLICT', {
      detail: `registration number ${vessel.registrationNumber} belongs to vessel ${other.id}`,
      details: { registrationNumber: vessel.registrationNumber },
    });
}

function checkWritable(access: Access, homePortId: string): void {
  if (!access.allowsPort('vessels.write', homePortId))
    throw forbidden(`you may not register or edit vessels of home port "${homePortId}"`);
}

/** GET/POST /api/vessels, GET/PUT /api/vessels/:id, POST /api/vessels/import. */
export function vesselsRoutes(
  store: Store,
  settings: ServerSettings,
  registry: RegistryListener,
  catalogue: RouteCatalogue,
): DocumentedRouter {
  const router = new DocumentedRouter(catalogue, '/api/vessels');
  const tag = 'vessels';
  const writers = 'admin, or port_officer of the home port';

  router.get(
    '/',
    {
      tag,
      summary:
        'Search the registry by registration number or name (substring; case and Vietnamese diacritics ignored), by home port',
      description: 'Only vessels the roles may read; owner and crew contacts are left out for viewers.',
      query: VesselListQuerySchema,
      responses: { 200: { description: 'one page, ordered by registration number', schema: 'VesselPage' } },
    },
    async (req, res) => {
      const query = input(VesselListQuerySchema, req.query, 'vessel search');
      const access = authOf(res).access;
      const page = await store.searchVessels({
        ...(query.q ? { q: query.q } : {}),
        ...(query.portId ? { homePortId: query.portId } : {}),
        scope: access.scope('read'),
        limit: query.limit,
        cursor: query.cursor ?? null,
      });
      res.json({ items: page.items.map((v) => vesselView(v, access)), nextCursor: page.nextCursor });
    },
  );

  router.get(
    '/:id',
    {
      tag,
      summary: 'One vessel of the registry',
      params: VesselIdParamSchema,
      responses: {
        200: { description: 'the vessel', schema: 'Vessel' },
        404: { description: 'no such vessel, or outside your scope' },
      },
    },
    async (req, res) => {
      const { id } = input(VesselIdParamSchema, req.params, 'vessel id');
      const access = authOf(res).access;
      const vessel = await readableVessel(store, access, id);
      if (!vessel) throw notFound('vessel', id);
      res.json(vesselView(vessel, access));
    },
  );

  router.post(
    '/',
    {
      tag,
      permission: writers,
      summary: 'Register a vessel (owner, contacts, terminals)',
      body: { schema: VesselSchema, contentType: 'application/json' },
      responses: {
        201: { description: 'registered', schema: 'Vessel' },
        409: { description: 'the id or registration number is taken' },
      },
    },
    requirePermission('vessels.write'),
    async (req, res) => {
      const vessel = input(VesselSchema, req.body, 'vessel');
      checkWritable(authOf(res).access, vessel.homePortId);
      if (await store.vessel(vessel.id))
        throw new VesselWatchError('VW_ERR_CONFLICT', {
          detail: `vessel ${vessel.id} exists; change it with PUT /api/vessels/${vessel.id}`,
          details: { vesselId: vessel.id },
        });
      await checkRegistrationFree(store, vessel);
      await store.upsertVessels([vessel]);
      registry.vesselsChanged([vessel]);
      res.status(201).json(vessel);
    },
  );

  router.put(
    '/:id',
    {
      tag,
      permission: writers,
      summary: "Replace a vessel's registry entry (the id in the path wins)",
      params: VesselIdParamSchema,
      body: { schema: VesselSchema, contentType: 'application/json' },
      responses: {
        200: { description: 'saved', schema: 'Vessel' },
        404: { description: 'no such vessel' },
        409: { description: 'the registration number belongs to another vessel' },
      },
    },
    requirePermission('vessels.write'),
    async (req, res) => {
      const { id } = input(VesselIdParamSchema, req.params, 'vessel id');
      const access = authOf(res).access;
      const body = req.body && typeof req.body === 'object' ? { ...req.body, id } : req.body;
      const vessel = input(VesselSchema, body, 'vessel');
      const existing = await readableVessel(store, access, id);
      if (!existing) throw notFound('vessel', id);
      checkWritable(access, existing.homePortId);
      checkWritable(access, vessel.homePortId);
      await checkRegistrationFree(store, vessel);
      await store.upsertVessels([vessel]);
      registry.vesselsChanged([vessel]);
      res.json(vessel);
    },
  );

  router.post(
    '/import',
    {
      tag,
      permission: writers,
      summary: 'Bulk registration from CSV with a per-row report',
      description:
        'Columns (header row, any order): registrationNumber, name, lengthOverallM, gear, homePortId, ownerName (required); id, flagState, ownerPhone, ownerEmail, ownerLanguage, captainName, captainPhone, terminalIds (";"-separated), expectedReportIntervalMin. Good rows are written in one transaction; bad rows are reported and not written.',
      body: { contentType: ['text/csv', 'text/plain'], description: 'UTF-8 CSV' },
      responses: { 200: { description: 'per-row report', schema: 'ImportReport' } },
    },
    requirePermission('vessels.write'),
    text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: settings.maxUploadBytes }),
    async (req, res) => {
      if (typeof req.body !== 'string')
        throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
          detail: 'send the CSV as the request body with Content-Type: text/csv',
        });
      const access = authOf(res).access;
      const parsed = parseVesselCsv(req.body);
      if ('headerErrors' in parsed)
        throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
          detail: `the CSV header is not usable: ${parsed.headerErrors.map((e) => `${e.path}: ${e.problem}`).join('; ')}`,
          details: { problems: parsed.headerErrors },
        });
      const report: Array<{
        line: number;
        status: 'created' | 'updated' | 'error';
        vesselId?: string;
        errors?: CsvRowProblem[];
      }> = [];
      const accepted: Vessel[] = [];
      const seenRegistrations = new Map<string, number>();
      const seenIds = new Map<string, number>();
      // One read of the registry for the whole file, not one query per row.
      const directory = await store.vesselDirectory();
      const byId = new Map(directory.map((entry) => [entry.vesselId, entry]));
      const byRegistrationNumber = new Map(directory.map((entry) => [entry.registrationNumber, entry]));
      for (const row of parsed.rows) {
        if (!row.ok) {
          report.push({ line: row.line, status: 'error', errors: row.errors });
          continue;
        }
        let vessel = row.vessel;
        const errors: CsvRowProblem[] = [];
        const byRegistration = byRegistrationNumber.get(vessel.registrationNumber);
        if (!row.idGiven && byRegistration) vessel = { ...vessel, id: byRegistration.vesselId };
        if (byRegistration && byRegistration.vesselId !== vessel.id)
          errors.push({
            path: 'registrationNumber',
            problem: `belongs to vessel ${byRegistration.vesselId}`,
          });
        const existing = byId.get(vessel.id);
        const firstLine = seenRegistrations.get(vessel.registrationNumber) ?? seenIds.get(vessel.id);
        if (firstLine !== undefined)
          errors.push({ path: 'registrationNumber', problem: `repeats line ${firstLine}` });
        if (!access.allowsPort('vessels.write', vessel.homePortId))
          errors.push({
            path: 'homePortId',
            problem: `you may not register vessels of home port "${vessel.homePortId}"`,
          });
        if (existing && !access.allowsPort('vessels.write', existing.homePortId))
          errors.push({
            path: 'id',
            problem: `vessel ${existing.vesselId} is registered at a port outside your scope`,
          });
        if (errors.length > 0) {
          report.push({ line: row.line, status: 'error', vesselId: vessel.id, errors });
          continue;
        }
        seenRegistrations.set(vessel.registrationNumber, row.line);
        seenIds.set(vessel.id, row.line);
        accepted.push(vessel);
        report.push({ line: row.line, status: existing ? 'updated' : 'created', vesselId: vessel.id });
      }
      // Every good row in one transaction; rows with errors are reported and not written.
      await store.upsertVessels(accepted);
      registry.vesselsChanged(accepted);
      res.json({ rows: report });
    },
  );
  return router;
}
