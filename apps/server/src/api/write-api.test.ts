import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Zone } from '@vesselwatch/domain';
import type { Store } from '@vesselwatch/store';
import { vesselIdForRegistration } from './vessel-csv';
import {
  createTestUser,
  loginAs,
  openTestStore,
  startTestServer,
  storePositions,
  testAlert,
  testFix,
  testVessel,
  type TestServer,
} from '../test-support/server-harness';

/** Registry writes, CSV import, zones, zone import, storm warnings, evidence and the OpenAPI document. */
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/zones/${name}`, import.meta.url)));

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const T0 = NOW - 6 * 3_600_000;

const BASE_ZONES: Zone[] = [
  {
    id: 'vn-nha-trang',
    name: 'Nha Trang',
    kind: 'port',
    jurisdiction: 'VNM',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [109.2, 12.2],
          [109.25, 12.2],
          [109.25, 12.25],
          [109.2, 12.25],
          [109.2, 12.2],
        ],
      ],
    },
    approximate: false,
    source: 'World Port Index (NGA Pub. 150) no. 57620',
    properties: { province: 'Khanh Hoa' },
  },
  {
    id: 'osm-ts-VNM',
    name: 'Vietnam territorial sea',
    kind: 'territorial_sea',
    jurisdiction: 'VNM',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [108, 10],
          [110, 10],
          [110, 14],
          [108, 14],
          [108, 10],
        ],
      ],
    },
    approximate: false,
    properties: { licence: 'ODbL-1.0', attribution: '© OpenStreetMap contributors' },
  },
];

const CSV = [
  'registrationNumber,name,lengthOverallM,gear,homePortId,ownerName,ownerPhone,terminalIds,expectedReportIntervalMin',
  'KH-91001-TS,Hai Au 01,16.5,longline,vn-nha-trang,Nguyen Van A,+84912000001,T-91001,120',
  'KH-91002-TS,"Hai Au, 02",13,gillnet,vn-nha-trang,Tran Thi B,,T-91002;IMEI-2,',
  'KH-91003-TS,Bad Length,-4,longline,vn-nha-trang,Le Van C,,,',
  'BD-91004-TS,Other Port,16,trawl,vn-quy-nhon,Pham Van D,,,',
  'KH-91001-TS,Duplicate,16,longline,vn-nha-trang,Nguyen Van A,,,',
  'KH-91005-TS,"unclosed,16,longline,vn-nha-trang,X,,,',
].join('\n');

describe('server writes, imports, exports and documents', () => {
  let store: Store;
  let server: TestServer;

  beforeAll(async () => {
    store = await openTestStore();
    await store.saveZoneSet('base-1', BASE_ZONES, { activate: true });
    await createTestUser(store, 'root', [{ role: 'admin', scope: '' }]);
    await createTestUser(store, 'lan', [{ role: 'port_officer', scope: 'province:Khanh Hoa' }]);
    await createTestUser(store, 'thu', [{ role: 'inspector', scope: '' }]);
    server = await startTestServer({ store, now: () => NOW });
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  it("registers and edits vessels within the officer's province, validating every field", async () => {
    const { agent } = await loginAs(server.url, 'lan');
    const vessel = testVessel('kh-1', 'vn-nha-trang');
    const created = await agent.post('/api/vessels').send(vessel).expect(201);
    expect(created.body).toMatchObject({ id: 'kh-1', homePortId: 'vn-nha-trang' });
    expect((await agent.post('/api/vessels').send(vessel).expect(409)).body.error.code).toBe(
      'VW_ERR_CONFLICT',
    );
    const sameRegistration = await agent
      .post('/api/vessels')
      .send({ ...vessel, id: 'kh-2' })
      .expect(409);
    expect(sameRegistration.body.error.message).toContain(vessel.registrationNumber);
    const elsewhere = await agent.post('/api/vessels').send(testVessel('bd-1', 'vn-quy-nhon')).expect(403);
    expect(elsewhere.body.error.code).toBe('VW_ERR_FORBIDDEN');
    const invalid = await agent
      .post('/api/vessels')
      .send({ ...testVessel('kh-3', 'vn-nha-trang'), registrationNumber: 'nope', lengthOverallM: 0 })
      .expect(400);
    expect(invalid.body.error.details.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      'lengthOverallM',
      'registrationNumber',
    ]);
    const edited = await agent
      .put('/api/vessels/kh-1')
      .send({ ...vessel, id: 'ignored', name: 'Renamed', terminalIds: ['T-NEW'] })
      .expect(200);
    expect(edited.body).toMatchObject({ id: 'kh-1', name: 'Renamed', terminalIds: ['T-NEW'] });
    expect((await store.vesselByTerminal('T-NEW'))?.id).toBe('kh-1');
    await agent
      .put('/api/vessels/kh-1')
      .send({ ...vessel, homePortId: 'vn-quy-nhon' })
      .expect(403);
    await agent.put('/api/vessels/nobody').send(vessel).expect(404);
    const { agent: thu } = await loginAs(server.url, 'thu');
    await thu.post('/api/vessels').send(testVessel('kh-9', 'vn-nha-trang')).expect(403);
  });

  it('imports a fleet from CSV with a per-row report, and a second import updates instead of duplicating', async () => {
    const { agent } = await loginAs(server.url, 'lan');
    const first = await agent
      .post('/api/vessels/import')
      .set('Content-Type', 'text/csv')
      .send(CSV)
      .expect(200);
    const rows = first.body.rows as Array<{
      line: number;
      status: string;
      vesselId?: string;
      errors?: Array<{ path: string }>;
    }>;
    expect(rows.map((r) => [r.line, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'error'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
    ]);
    expect(rows[0]!.vesselId).toBe(vesselIdForRegistration('KH-91001-TS'));
    expect(rows[2]!.errors!.map((e) => e.path)).toEqual(['lengthOverallM']);
    expect(rows[3]!.errors!.map((e) => e.path)).toEqual(['homePortId']);
    expect(rows[4]!.errors![0]).toMatchObject({ path: 'registrationNumber', problem: 'repeats line 2' });
    expect(rows[5]!.errors![0]!).toMatchObject({ problem: 'a quoted cell is not closed' });
    const second = await store.vessel(rows[1]!.vesselId!);
    expect(second).toMatchObject({
      name: 'Hai Au, 02',
      terminalIds: ['IMEI-2', 'T-91002'],
      expectedReportIntervalMs: 7_200_000,
    });
    expect(second!.owner).toEqual({ name: 'Tran Thi B', role: 'owner', language: 'vi' });

    const again = await agent
      .post('/api/vessels/import')
      .set('Content-Type', 'text/csv')
      .send(CSV)
      .expect(200);
    expect(again.body.rows.slice(0, 2).map((r: { status: string }) => r.status)).toEqual([
      'updated',
      'updated',
    ]);
    const badHeader = await agent
      .post('/api/vessels/import')
      .set('Content-Type', 'text/csv')
      .send('registration,name\nX,Y')
      .expect(400);
    expect(badHeader.body.error.details.problems.map((p: { path: string }) => p.path)).toContain(
      'header.registration',
    );
  });

  it('compresses large answers for clients that accept it (the zone set is megabytes on a phone)', async () => {
    const { agent } = await loginAs(server.url, 'thu');
    const docs = await agent.get('/api/docs').set('accept-encoding', 'gzip').expect(200);
    expect(docs.headers['content-encoding']).toBe('gzip');
    expect(docs.body.openapi).toMatch(/^3\./);
  });

  it('serves the active zone set as GeoJSON with version and attribution', async () => {
    const { agent } = await loginAs(server.url, 'thu');
    const res = await agent
      .get('/api/zones')
      .expect(200)
      .expect('content-type', /geo\+json/);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.version).toBe('base-1');
    expect(res.body.attribution).toContain('© OpenStreetMap contributors (ODbL 1.0)');
    expect(res.body.features[0]).toMatchObject({
      type: 'Feature',
      id: 'osm-ts-VNM',
      geometry: { type: 'Polygon' },
    });
    // Gzipped once per version, and a client that has this version gets a 304 without the body.
    const gzipped = await agent.get('/api/zones').set('accept-encoding', 'gzip').expect(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body).toEqual(res.body);
    const etag = gzipped.headers['etag'] as string;
    expect(etag).toBe('W/"zones-base-1"');
    expect(gzipped.headers['cache-control']).toBe('private, no-cache');
    const identity = await agent.get('/api/zones').set('accept-encoding', 'identity').expect(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body).toEqual(res.body);
    const again = await agent.get('/api/zones').set('if-none-match', etag).expect(304);
    expect(again.text).toBe('');
  });

  it("imports zone files with the CLI's code: dry run, refusal naming the features, activation", async () => {
    const { agent: lan } = await loginAs(server.url, 'lan');
    await lan.post('/api/zones/import?format=kml').send(fixture('storm-warning.kml')).expect(403);
    const { agent } = await loginAs(server.url, 'root');
    const dry = await agent
      .post('/api/zones/import?format=kml&dryRun=true&kind=storm_warning&jurisdiction=vnm')
      .set('Content-Type', 'application/vnd.google-earth.kml+xml')
      .send(fixture('storm-warning.kml'))
      .expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, activated: false, baseVersion: 'base-1', format: 'kml' });
    expect(dry.body.diff.added.map((z: { id: string }) => z.id).sort()).toEqual([
      'storm-2026-11-a',
      'storm-2026-11-b',
    ]);
    expect(await store.activeZoneSetVersion()).toBe('base-1');

    const bad = await agent
      .post('/api/zones/import?format=geojson')
      .set('Content-Type', 'application/geo+json')
      .send(fixture('malformed-zones.geojson'))
      .expect(400);
    expect(bad.body.error.code).toBe('VW_ERR_ZONE_FILE_INVALID');
    expect(bad.body.error.details.problems.length).toBeGreaterThan(0);
    await agent.post('/api/zones/import?format=pdf').send('x').expect(400);

    // GeoJSON sent as application/json is read as a file, not by the JSON body parser (and its 1 MiB limit).
    const asJson = await agent
      .post('/api/zones/import?format=geojson&dryRun=true')
      .set('Content-Type', 'application/json')
      .send(fixture('malformed-zones.geojson'))
      .expect(400);
    expect(asJson.body.error.code).toBe('VW_ERR_ZONE_FILE_INVALID');
    const done = await agent
      .post('/api/zones/import?format=kml&kind=storm_warning&jurisdiction=VNM')
      .set('Content-Type', 'application/octet-stream')
      .send(fixture('storm-warning.kml'))
      .expect(200);
    expect(done.body).toMatchObject({ activated: true, importedBy: 'root' });
    expect(await store.activeZoneSetVersion()).toBe(done.body.version);
    const zones = await agent.get('/api/zones').expect(200);
    expect(zones.body.version).toBe(done.body.version);
  });

  it('publishes a storm warning from a forecast track as a new, active zone-set version', async () => {
    const { agent } = await loginAs(server.url, 'lan');
    const before = await store.activeZoneSetVersion();
    const res = await agent
      .post('/api/storm-warnings')
      .send({
        name: 'Bão số 9 (Usagi)',
        validFromMs: NOW,
        validToMs: NOW + 48 * 3_600_000,
        forecast: [
          { atMs: NOW, position: [114, 13], radiusNm: 60 },
          { atMs: NOW + 24 * 3_600_000, position: [111.5, 13.5], radiusNm: 80 },
          { atMs: NOW + 48 * 3_600_000, position: [109.8, 14], radiusNm: 100 },
        ],
      })
      .expect(201);
    expect(res.body).toMatchObject({
      kind: 'storm_warning',
      jurisdiction: 'VNM',
      name: 'Bão số 9 (Usagi)',
      validFromMs: NOW,
      approximate: true,
      properties: { publishedBy: 'lan' },
    });
    expect(res.body.id).toMatch(/^storm-bao-so-9-usagi-\d+$/);
    expect(res.body.geometry.type).toBe('Polygon');
    expect(res.body.zoneSetVersion).toMatch(/^storm-[0-9a-f]{12}$/);
    const active = await store.loadZoneSet();
    expect(active!.version).toBe(res.body.zoneSetVersion);
    expect(active!.version).not.toBe(before);
    expect(active!.zones.map((z) => z.id)).toContain(res.body.id);
    // The other zones are kept.
    expect(active!.zones.map((z) => z.id)).toContain('vn-nha-trang');

    const area = await agent
      .post('/api/storm-warnings')
      .send({
        name: 'Áp thấp',
        validFromMs: NOW,
        validToMs: NOW + 3_600_000,
        area: {
          type: 'Polygon',
          coordinates: [
            [
              [110, 10],
              [111, 10],
              [111, 11],
              [110, 10],
            ],
          ],
        },
      })
      .expect(201);
    expect(area.body.approximate).toBe(false);
    const badTimes = await agent
      .post('/api/storm-warnings')
      .send({
        name: 'x',
        validFromMs: NOW,
        validToMs: NOW,
        forecast: [{ atMs: NOW, position: [110, 10], radiusNm: 5 }],
      })
      .expect(400);
    expect(badTimes.body.error.details.problems[0].path).toBe('validToMs');
    const bowTie = await agent
      .post('/api/storm-warnings')
      .send({
        name: 'bow tie',
        validFromMs: NOW,
        validToMs: NOW + 1,
        area: {
          type: 'Polygon',
          coordinates: [
            [
              [110, 10],
              [111, 11],
              [111, 10],
              [110, 11],
              [110, 10],
            ],
          ],
        },
      })
      .expect(400);
    expect(bowTie.body.error.code).toBe('VW_ERR_INPUT_INVALID');
    const { agent: thu } = await loginAs(server.url, 'thu');
    await thu.post('/api/storm-warnings').send({}).expect(403);
  });

  it('resolves an alert once with a comment, and exports evidence as GeoJSON, CSV and KML', async () => {
    await store.upsertVessels([testVessel('ev-1', 'vn-nha-trang', { name: '=HYPERLINK("x")' })]);
    const alert = testAlert('ev-1', 'border.approach', T0 + 3_600_000);
    await storePositions(
      store,
      [testFix('ev-1', T0, 109.1, 12.1), testFix('ev-1', T0 + 7_200_000, 109.3, 12.3)],
      [alert],
    );
    const { agent } = await loginAs(server.url, 'lan');
    const id = encodeURIComponent(alert.id);
    const resolved = await agent
      .post(`/api/alerts/${id}/resolve`)
      .send({ comment: 'back in port' })
      .expect(200);
    expect(resolved.body.alert).toMatchObject({ status: 'resolved', resolvedAtMs: NOW });
    expect(resolved.body.audit).toEqual([
      { atMs: NOW, action: 'resolved', actor: 'lan', detail: { comment: 'back in port', manual: true } },
    ]);
    expect(
      (await agent.post(`/api/alerts/${id}/resolve`).send({ comment: 'again' }).expect(409)).body.error.code,
    ).toBe('VW_ERR_CONFLICT');
    await agent.post(`/api/alerts/${id}/acknowledge`).send({ comment: '' }).expect(400);
    expect((await agent.get(`/api/alerts/${id}/deliveries`).expect(200)).body).toEqual({ items: [] });
    const one = await agent.get(`/api/alerts/${id}`).expect(200);
    expect(one.body.alert.id).toBe(alert.id);
    const filtered = await agent
      .get('/api/alerts?status=resolved&type=border.approach,signal.lost&vesselId=ev-1')
      .expect(200);
    expect(filtered.body.items.map((a: { id: string }) => a.id)).toEqual([alert.id]);
    await agent.get('/api/alerts?type=border.nope').expect(400);

    const { agent: thu } = await loginAs(server.url, 'thu');
    const range = `from=${T0 - 1}&to=${NOW}`;
    const geo = await thu.get(`/api/vessels/ev-1/evidence?${range}&format=geojson`).expect(200);
    expect(geo.headers['content-disposition']).toMatch(
      /^attachment; filename="?evidence-ev-1-2026-11-26-2026-11-26\.geojson"?$/,
    );
    const body = JSON.parse(geo.text);
    expect(body).toMatchObject({
      type: 'FeatureCollection',
      generatedAtMs: NOW,
      generatedBy: 'thu',
      activeZoneSetVersion: await store.activeZoneSetVersion(),
      alertZoneSetVersions: ['zs-test'],
      vessel: { id: 'ev-1', homePortId: 'vn-nha-trang' },
    });
    expect(body.features.map((f: { properties: { kind: string } }) => f.properties.kind)).toEqual([
      'track',
      'fix',
      'fix',
      'alert',
    ]);
    const csv = await thu
      .get(`/api/vessels/ev-1/evidence?${range}&format=csv`)
      .expect(200)
      .expect('content-type', /text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'record,key,time_utc,time_ms,lon,lat,speed_knots,course_deg,alert_id,alert_type,severity,status,resolved_at_utc,zone_id,zone_set_version,value',
    );
    expect(lines).toContain(`meta,vessel_name,,,,,,,,,,,,,,"'=HYPERLINK(""x"")"`);
    expect(lines.filter((l) => l.startsWith('fix,'))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('alert,'))[0]).toContain(',border.approach,warning,resolved,');
    const kml = await thu.get(`/api/vessels/ev-1/evidence?${range}&format=kml`).expect(200);
    expect(kml.text).toContain(
      '<LineString><tessellate>1</tessellate><coordinates>109.1,12.1 109.3,12.3</coordinates>',
    );
    expect(kml.text).toContain('=HYPERLINK(&#34;x&#34;)');
    await thu.get(`/api/vessels/ev-1/evidence?from=${NOW}&to=${T0}`).expect(400);
    await thu.get(`/api/vessels/ev-1/evidence?from=0&to=${NOW}`).expect(400);
  });

  it('publishes an OpenAPI 3.1 document covering every route, without a session', async () => {
    const res = await request(server.url).get('/api/docs').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    const operations = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /api/alerts',
        'GET /api/alerts/{id}',
        'GET /api/alerts/{id}/deliveries',
        'GET /api/auth/me',
        'GET /api/docs',
        'GET /api/fleet/counts',
        'GET /api/port-calls',
        'GET /api/positions',
        'GET /api/users',
        'GET /api/vessels',
        'GET /api/vessels/{id}',
        'GET /api/vessels/{id}/evidence',
        'GET /api/vessels/{id}/track',
        'GET /api/zones',
        'POST /api/alerts/{id}/acknowledge',
        'POST /api/alerts/{id}/resolve',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'POST /api/auth/password',
        'POST /api/storm-warnings',
        'POST /api/users',
        'POST /api/vessels',
        'POST /api/vessels/import',
        'POST /api/zones/import',
        'PUT /api/vessels/{id}',
      ].sort(),
    );
    const track = res.body.paths['/api/vessels/{id}/track'].get;
    expect(track.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'path:id',
      'query:from',
      'query:to',
      'query:maxPoints',
    ]);
    expect(track.responses['401'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ErrorBody',
    );
    expect(
      res.body.paths['/api/vessels'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('registrationNumber');
    expect(res.body.components.securitySchemes.sessionCookie).toMatchObject({
      in: 'cookie',
      name: 'vw_session',
    });
    // Every referenced component exists.
    const refs = [...JSON.stringify(res.body).matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)].map(
      (m) => m[1]!,
    );
    for (const name of new Set(refs)) expect(res.body.components.schemas, name).toHaveProperty(name);
  });
});
