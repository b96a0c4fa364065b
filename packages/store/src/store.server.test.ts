import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '@vesselwatch/domain';
import { openStore, type Store } from './open-store';
import { alert, fix, vessel } from './test-support/domain-fixtures';
import { testDatabaseTargets, truncateStoreTables, type TestDatabase } from './test-support/test-databases';

/**
 * What the server (apps/server) reads and writes beyond the processor's tables: users and sessions, the
 * registry search, the live map's first picture, operators' resolutions, and every query's visibility scope
 * (an owner's or a port officer's view), on every database available here.
 */
const targets = await testDatabaseTargets(process.env);

const T0 = Date.UTC(2025, 5, 2, 0, 0, 0);

for (const target of targets) {
  describe.skipIf(!target.available)(`store server API on ${target.name}`, () => {
    let database: TestDatabase;
    let store: Store;

    beforeAll(async () => {
      database = await target.create();
      store = await openStore(database.config);
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    beforeEach(async () => {
      await truncateStoreTables(store.driver);
      await store.driver.exec('TRUNCATE users CASCADE');
    });

    it('creates users with roles once, and the first admin only while no user exists', async () => {
      const base = { displayName: 'Officer', passwordHash: 'h1', mustChangePassword: false };
      expect(
        await store.createUser({
          ...base,
          id: 'lan',
          roles: [{ role: 'port_officer', scope: 'vn-nha-trang' }],
        }),
      ).toBe(true);
      expect(await store.createUser({ ...base, id: 'lan', roles: [{ role: 'admin', scope: '' }] })).toBe(
        false,
      );
      expect(
        await store.createUser(
          { ...base, id: 'admin', roles: [{ role: 'admin', scope: '' }] },
          { onlyIfNoUsers: true },
        ),
      ).toBe(false);
      expect(await store.countUsers()).toBe(1);
      const lan = await store.user('lan');
      expect(lan).toMatchObject({
        id: 'lan',
        displayName: 'Officer',
        disabled: false,
        mustChangePassword: false,
        roles: [{ role: 'port_officer', scope: 'vn-nha-trang' }],
      });
      expect(JSON.stringify(lan)).not.toContain('h1');
      expect((await store.userCredentials('lan'))?.passwordHash).toBe('h1');
      expect(await store.userCredentials('nobody')).toBeNull();
      await expect(
        store.createUser({ ...base, id: 'x', roles: [{ role: 'superuser' as 'admin', scope: '' }] }),
      ).rejects.toThrow(/VW_ERR_DB_QUERY_FAILED/);
      expect(await store.user('x')).toBeNull();
      await expect(store.createUser({ ...base, id: 'y', roles: [] })).rejects.toThrow(/at least one role/);
    });

    it('creates exactly one first admin when several processes race on an empty database', async () => {
      const admin = (n: number) => ({
        id: `admin${n}`,
        displayName: 'Administrator',
        passwordHash: 'h',
        mustChangePassword: true,
        roles: [{ role: 'admin' as const, scope: '' }],
      });
      const results = await Promise.all(
        [1, 2, 3].map((n) => store.createUser(admin(n), { onlyIfNoUsers: true })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.countUsers()).toBe(1);
      expect((await store.users())[0]?.mustChangePassword).toBe(true);
    });

    it('finds a session until it expires or the user is disabled; a new password ends the other sessions', async () => {
      await store.createUser({
        id: 'an',
        displayName: 'An',
        passwordHash: 'old',
        mustChangePassword: true,
        roles: [{ role: 'inspector', scope: '' }],
      });
      await store.createSession({
        tokenSha256: 'aaa',
        userId: 'an',
        createdAtMs: T0,
        expiresAtMs: T0 + HOUR_MS,
      });
      await store.createSession({
        tokenSha256: 'bbb',
        userId: 'an',
        createdAtMs: T0,
        expiresAtMs: T0 + HOUR_MS,
      });
      expect((await store.sessionUser('aaa', T0 + 1))?.user.id).toBe('an');
      expect((await store.sessionUser('aaa', T0 + 1))?.expiresAtMs).toBe(T0 + HOUR_MS);
      expect(await store.sessionUser('aaa', T0 + HOUR_MS)).toBeNull();
      expect(await store.sessionUser('zzz', T0 + 1)).toBeNull();

      expect(await store.setPassword('an', 'new', 'aaa')).toBe(true);
      expect(await store.setPassword('nobody', 'new', null)).toBe(false);
      expect((await store.userCredentials('an'))?.passwordHash).toBe('new');
      expect((await store.user('an'))?.mustChangePassword).toBe(false);
      expect(await store.sessionUser('bbb', T0 + 1)).toBeNull();
      expect((await store.sessionUser('aaa', T0 + 1))?.user.mustChangePassword).toBe(false);

      await store.driver.query("UPDATE users SET disabled = true WHERE id = 'an'");
      expect(await store.sessionUser('aaa', T0 + 1)).toBeNull();
      expect(await store.deleteExpiredSessions(T0 + 2 * HOUR_MS)).toBe(1);
      await store.createSession({
        tokenSha256: 'ccc',
        userId: 'an',
        createdAtMs: T0,
        expiresAtMs: T0 + HOUR_MS,
      });
      await store.deleteSession('ccc');
      expect(await store.deleteExpiredSessions(T0 + 2 * HOUR_MS)).toBe(0);
    });

    it('searches the registry by registration number or name, by port and scope, page by page', async () => {
      await store.upsertVessels([
        vessel('A1', 'port-a', { registrationNumber: 'KH-90001-TS', name: 'Hoàng Sa 01' }),
        vessel('A2', 'port-a', { registrationNumber: 'KH-90002-TS', name: 'Biển Xanh' }),
        vessel('B1', 'port-b', { registrationNumber: 'BĐ-90003-TS', name: 'Hoàng Long' }),
        vessel('B2', 'port-b', { registrationNumber: 'BĐ-90004-TS', name: 'Sao_Mai 100%' }),
      ]);
      const ids = async (query: Parameters<Store['searchVessels']>[0]) =>
        (await store.searchVessels(query)).items.map((v) => v.id);
      expect(await ids({ q: 'hoàng' })).toEqual(['B1', 'A1']);
      expect(await ids({ q: 'kh-9000' })).toEqual(['A1', 'A2']);
      expect(await ids({ q: 'BĐ-90003-TS' })).toEqual(['B1']);
      // Diacritics and case do not matter, nor composed or decomposed input (as port officers type).
      expect(await ids({ q: 'hoang' })).toEqual(['B1', 'A1']);
      expect(await ids({ q: 'HOÀNG LONG' })).toEqual(['B1']);
      expect(await ids({ q: 'bien xanh' })).toEqual(['A2']);
      expect(await ids({ q: 'BIỂN' })).toEqual(['A2']);
      expect(await ids({ q: 'Bie\u0302\u0309n' })).toEqual(['A2']);
      expect(await ids({ q: 'bd-90003' })).toEqual(['B1']);
      expect(await ids({ q: 'hoang sa 02' })).toEqual([]);
      expect(await ids({ q: '100%' })).toEqual(['B2']);
      expect(await ids({ q: '_' })).toEqual(['B2']);
      expect(await ids({ homePortId: 'port-b' })).toEqual(['B1', 'B2']);
      expect(await ids({ scope: { homePortIds: ['port-a'], vesselIds: ['B2'] } })).toEqual([
        'B2',
        'A1',
        'A2',
      ]);
      expect(await ids({ scope: { homePortIds: [], vesselIds: [] } })).toEqual([]);
      const first = await store.searchVessels({ limit: 3 });
      expect(first.items.map((v) => v.id)).toEqual(['B1', 'B2', 'A1']);
      const second = await store.searchVessels({ limit: 3, cursor: first.nextCursor });
      expect(second).toEqual({ items: [expect.objectContaining({ id: 'A2' })], nextCursor: null });
      await expect(store.searchVessels({ cursor: 'not-a-cursor' })).rejects.toThrow(/VW_ERR_INPUT_INVALID/);

      const directory = await store.vesselDirectory();
      expect(directory.map((d) => [d.vesselId, d.homePortId, d.registrationNumber])).toEqual([
        ['A1', 'port-a', 'KH-90001-TS'],
        ['A2', 'port-a', 'KH-90002-TS'],
        ['B1', 'port-b', 'BĐ-90003-TS'],
        ['B2', 'port-b', 'BĐ-90004-TS'],
      ]);
      const newest = Math.max(...directory.map((d) => d.updatedAtMs));
      expect((await store.vesselDirectory(newest + 1)).length).toBe(0);
    });

    it('gives the live map its first picture: positions, labels, open alerts, status inputs, in scope', async () => {
      await store.upsertVessels([vessel('A1', 'port-a'), vessel('B1', 'port-b')]);
      const a1 = fix('A1', T0, 109.1, 12.1);
      const b1 = fix('B1', T0, 109.3, 12.3);
      const u1 = fix('unregistered:sim:X', T0, 109.2, 12.2);
      await store.writeBatch({
        fixes: [a1, b1, u1],
        vesselStates: [
          { fix: a1, portId: null },
          { fix: b1, portId: 'port-b' },
          { fix: u1, portId: null },
        ],
        alerts: [
          alert('A1', 'border.approach', T0, null, { severity: 'notice' }),
          alert('A1', 'signal.lost', T0 - HOUR_MS, null, { severity: 'danger' }),
          alert('A1', 'zone.violation', T0 - 2 * HOUR_MS, 'z', { status: 'resolved', resolvedAtMs: T0 }),
        ],
      });
      const bbox = { west: 109, south: 12, east: 110, north: 13 };
      const all = await store.liveVessels({ bbox });
      expect(all.map((v) => v.fix.vesselId)).toEqual(['A1', 'B1', 'unregistered:sim:X']);
      expect(all[0]).toMatchObject({
        registrationNumber: expect.stringMatching(/-TS$/),
        name: 'Tàu A1',
        homePortId: 'port-a',
        portId: null,
        openAlertTypes: ['border.approach', 'signal.lost'],
        maxSeverity: 'danger',
      });
      expect(all[1]).toMatchObject({ portId: 'port-b', openAlertTypes: [], maxSeverity: null });
      expect(all[2]).toMatchObject({ registrationNumber: null, homePortId: null });
      const owner = await store.liveVessels({ bbox, scope: { homePortIds: [], vesselIds: ['B1'] } });
      expect(owner.map((v) => v.fix.vesselId)).toEqual(['B1']);
      expect(await store.liveVessels({ bbox: { west: 100, south: 0, east: 101, north: 1 } })).toEqual([]);
      await expect(store.liveVessels({ bbox: { west: 0, south: 5, east: 1, north: 4 } })).rejects.toThrow(
        /VW_ERR_INPUT_INVALID/,
      );
    });

    it('limits alerts, port calls and fleet counts to a scope, and finds the alerts active in a period', async () => {
      await store.upsertVessels([vessel('A1', 'port-a'), vessel('B1', 'port-b')]);
      const early = alert('A1', 'signal.lost', T0, null, { status: 'resolved', resolvedAtMs: T0 + HOUR_MS });
      const late = alert('A1', 'border.approach', T0 + 5 * HOUR_MS, null);
      const other = alert('B1', 'border.approach', T0 + 2 * HOUR_MS, null);
      await store.writeBatch({
        alerts: [early, late, other],
        portCalls: [
          { vesselId: 'A1', portId: 'port-a', arrivedAtMs: T0, departedAtMs: null, arrivalPosition: null },
          { vesselId: 'B1', portId: 'port-a', arrivedAtMs: T0, departedAtMs: null, arrivalPosition: null },
        ],
      });
      const alertIds = async (query: Parameters<Store['alerts']>[0]) =>
        (await store.alerts(query)).items.map((a) => a.id).sort();
      expect(await alertIds({ scope: { homePortIds: ['port-b'], vesselIds: [] } })).toEqual([other.id]);
      expect(await alertIds({ scope: { homePortIds: [], vesselIds: ['A1'] } })).toEqual(
        [early.id, late.id].sort(),
      );
      expect(await alertIds({ scope: { homePortIds: [], vesselIds: [] } })).toEqual([]);
      // Active in [T0 + 30 min, T0 + 3 h]: early (resolved inside it) and other; late opened after it.
      expect(await alertIds({ activeBetween: { fromMs: T0 + HOUR_MS / 2, toMs: T0 + 3 * HOUR_MS } })).toEqual(
        [early.id, other.id].sort(),
      );
      expect(await alertIds({ activeBetween: { fromMs: T0 + 2 * HOUR_MS, toMs: T0 + 9 * HOUR_MS } })).toEqual(
        [late.id, other.id].sort(),
      );
      const calls = await store.portCalls({ scope: { homePortIds: [], vesselIds: ['B1'] } });
      expect(calls.items.map((c) => c.vesselId)).toEqual(['B1']);
      const counts = await store.fleetCounts({ asOfMs: T0, homePortIds: ['port-b'] });
      expect(counts.map((c) => c.portId)).toEqual(['port-b']);
    });

    it('lets an operator resolve an open alert once, audited, and the processor can open it again', async () => {
      await store.upsertVessels([vessel('A1', 'port-a')]);
      const open = alert('A1', 'border.approach', T0, null);
      await store.writeBatch({ alerts: [open] });
      const resolution = { byUserId: 'lan', atMs: T0 + HOUR_MS, comment: 'called the captain' };
      expect(await store.resolveAlert(open.id, resolution)).toBe('resolved');
      expect(await store.resolveAlert(open.id, resolution)).toBe('already_resolved');
      expect(await store.resolveAlert('nope', resolution)).toBe('not_found');
      expect(await store.alert(open.id)).toMatchObject({ status: 'resolved', resolvedAtMs: T0 + HOUR_MS });
      expect(await store.alertAudit(open.id)).toEqual([
        {
          atMs: T0 + HOUR_MS,
          action: 'resolved',
          actor: 'lan',
          detail: { comment: 'called the captain', manual: true },
        },
      ]);
      // The rules still see the vessel near the border and raise the severity: the episode is open again.
      await store.writeBatch({
        alerts: [{ ...open, severity: 'danger', lastUpdatedAtMs: T0 + 2 * HOUR_MS }],
      });
      expect(await store.alert(open.id)).toMatchObject({
        status: 'open',
        severity: 'danger',
        resolvedAtMs: null,
      });
    });
  });
}
