import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, type Alert, type PositionFix } from '@vesselwatch/domain';
import type { TrackPoint } from './api/types';
import { syncRetentionPolicy } from './api/lifecycle';
import { trackBucketMs } from './api/queries';
import { openStore, type Store } from './open-store';
import { alert, fix, vessel } from './test-support/domain-fixtures';
import { testDatabaseTargets, truncateStoreTables, type TestDatabase } from './test-support/test-databases';

/**
 * The store's API, run unchanged against every database available here (embedded PGlite + TimescaleDB,
 * the native PostgreSQL server with plain tables, DATABASE_URL): same inputs, same answers.
 */
const targets = await testDatabaseTargets(process.env);

const T0 = Date.UTC(2025, 5, 2, 0, 0, 0); // a Monday, 00:00 UTC

async function count(store: Store, sql: string): Promise<number> {
  const { rows } = await store.driver.query<{ n: number }>(sql);
  return rows[0]?.n ?? -1;
}

/** What a downsampled track must be: per bucket of the whole-hour window, the last accepted fix. */
function expectedBuckets(
  fixes: readonly PositionFix[],
  fromMs: number,
  toMs: number,
  maxPoints: number,
): TrackPoint[] {
  const windowFrom = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
  const windowTo = Math.ceil((toMs + 1) / HOUR_MS) * HOUR_MS;
  const bucketMs = trackBucketMs(windowTo - windowFrom, maxPoints);
  const last = new Map<number, PositionFix>();
  for (const f of fixes) {
    if (f.reportedAtMs < windowFrom || f.reportedAtMs >= windowTo) continue;
    const key = Math.floor(f.reportedAtMs / bucketMs);
    const seen = last.get(key);
    if (!seen || seen.reportedAtMs < f.reportedAtMs) last.set(key, f);
  }
  return [...last.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, f]) => ({
      reportedAtMs: f.reportedAtMs,
      position: f.position,
      speedKnots: f.speedKnots,
      courseDeg: f.courseDeg,
    }));
}

for (const target of targets) {
  describe.skipIf(!target.available)(`store API on ${target.name}`, () => {
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
    });

    it('writes a whole processor batch in one transaction, and the same batch again changes nothing', async () => {
      await store.upsertVessels([vessel('V1', 'port-a'), vessel('V2', 'port-a')]);
      const fixes = [
        fix('V1', T0, 109.1, 12.1),
        fix('V1', T0 + 2 * HOUR_MS, 109.2, 12.2),
        fix('V2', T0, 108.5, 11.5),
      ];
      const opened = alert('V1', 'zone.violation', T0 + 2 * HOUR_MS, 'mpa-1');
      const batch = {
        fixes,
        rejectedFixes: [{ fix: fix('V2', T0 + HOUR_MS, 0, 0), reason: 'on land' }],
        vesselStates: fixes.map((f) => ({ fix: f, portId: null })),
        alerts: [opened],
        alertAudit: [
          { alertId: opened.id, atMs: opened.openedAtMs, action: 'opened' as const, actor: 'processor' },
        ],
        portCalls: [
          { vesselId: 'V2', portId: 'port-a', arrivedAtMs: T0, departedAtMs: null, arrivalPosition: null },
        ],
      };
      const first = await store.writeBatch(batch);
      expect(first).toEqual({
        fixesInserted: 4,
        vesselStatesChanged: 2,
        alertsChanged: 1,
        auditEntriesInserted: 1,
        portCallsChanged: 1,
        processorStatesWritten: 0,
      });
      const again = await store.writeBatch(batch);
      expect(again.fixesInserted).toBe(0);
      expect(again.vesselStatesChanged).toBe(0);
      expect(again.auditEntriesInserted).toBe(0);
      expect(again.portCallsChanged).toBe(0);

      expect(await count(store, 'SELECT count(*)::int AS n FROM fixes')).toBe(4);
      expect(
        await count(store, 'SELECT count(*)::int AS n FROM fixes WHERE rejection_reason IS NOT NULL'),
      ).toBe(1);
      expect(await count(store, 'SELECT count(*)::int AS n FROM alerts')).toBe(1);
      expect(await count(store, 'SELECT count(*)::int AS n FROM alert_audit')).toBe(1);
      expect(await count(store, 'SELECT count(*)::int AS n FROM port_calls')).toBe(1);
      expect(await store.alert(opened.id)).toEqual(opened);
      expect((await store.latestPosition('V1'))?.fix).toEqual(fixes[1]);
      expect((await store.latestPosition('V1'))?.vesselName).toBe('Tàu V1');
    });

    it('rolls the whole batch back when one part fails', async () => {
      const error = await store
        .writeBatch({
          fixes: [fix('V9', T0, 109, 12)],
          vesselStates: [{ fix: fix('V9', T0, 109, 12), portId: null }],
          // An audit entry for an alert that does not exist violates the foreign key.
          alertAudit: [{ alertId: 'no-such-alert', atMs: T0, action: 'opened', actor: 'processor' }],
        })
        .catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'VW_ERR_DB_QUERY_FAILED', details: { sqlState: '23503' } });
      expect(await count(store, 'SELECT count(*)::int AS n FROM fixes')).toBe(0);
      expect(await store.latestPosition('V9')).toBeNull();
    });

    it('never moves vessel_state back to an older (out-of-order) fix, within a batch or across batches', async () => {
      const newer = fix('V1', T0 + 4 * HOUR_MS, 109.4, 12.4);
      const older = fix('V1', T0 + 2 * HOUR_MS, 109.2, 12.2);
      // Within one batch the newest wins whatever the order.
      await store.writeBatch({
        fixes: [newer, older],
        vesselStates: [newer, older].map((f) => ({ fix: f, portId: null })),
      });
      expect((await store.latestPosition('V1'))?.fix).toEqual(newer);
      // A late fix arriving in a later batch is stored in the track but does not regress the state.
      const late = fix('V1', T0 + 3 * HOUR_MS, 109.3, 12.3, { receivedAtMs: T0 + 10 * HOUR_MS });
      const result = await store.writeBatch({
        fixes: [late],
        vesselStates: [{ fix: late, portId: 'port-x' }],
      });
      expect(result).toMatchObject({ fixesInserted: 1, vesselStatesChanged: 0 });
      const state = await store.latestPosition('V1');
      expect(state?.fix).toEqual(newer);
      expect(state?.portId).toBeNull();
      // A newer one moves it forward.
      const newest = fix('V1', T0 + 6 * HOUR_MS, 109.6, 12.6);
      await store.writeBatch({ fixes: [newest], vesselStates: [{ fix: newest, portId: 'port-x' }] });
      expect(await store.latestPosition('V1')).toMatchObject({ fix: newest, portId: 'port-x' });
    });

    it('finds latest positions in a bounding box, across the antimeridian too', async () => {
      const positions: Array<[string, number, number]> = [
        ['A', 109.0, 12.0],
        ['B', 110.5, 12.5],
        ['C', 179.5, -17.0],
        ['D', -179.5, -17.5],
        ['E', -170.0, -17.0],
        ['F', 180.0, 0.0],
      ];
      const states = positions.map(([id, lon, lat]) => ({ fix: fix(id, T0, lon, lat), portId: null }));
      // An older fix of A outside the box must not count: only the latest position is searched.
      await store.writeBatch({
        vesselStates: [...states, { fix: fix('A', T0 - HOUR_MS, 0, 0), portId: null }],
      });
      const ids = async (west: number, south: number, east: number, north: number, sinceMs?: number) =>
        (
          await store.latestPositions({
            bbox: { west, south, east, north },
            ...(sinceMs === undefined ? {} : { sinceMs }),
          })
        ).map((position) => position.fix.vesselId);
      expect(await ids(108, 11, 111, 13)).toEqual(['A', 'B']);
      expect(await ids(108, 11, 110, 13)).toEqual(['A']);
      expect(await ids(109, 12, 109, 12)).toEqual(['A']); // edges are inside
      expect(await ids(170, -20, -175, 5)).toEqual(['C', 'D', 'F']); // crosses 180
      expect(await ids(170, -20, -170, -16)).toEqual(['C', 'D', 'E']);
      expect(await ids(-180, -90, 180, 90)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
      expect(await ids(-180, -90, 180, 90, T0 + 1)).toEqual([]);
      await expect(
        store.latestPositions({ bbox: { west: 0, south: 10, east: 1, north: 5 } }),
      ).rejects.toMatchObject({
        code: 'VW_ERR_INPUT_INVALID',
      });
    });

    it('returns a short track fix by fix, and a long one downsampled to the last fix of each bucket', async () => {
      // 40 days of 2-hourly fixes, every 7th rejected, plus a denser stretch (every 10 min) on day 3.
      const accepted: PositionFix[] = [];
      const rejected: Array<{ fix: PositionFix; reason: string }> = [];
      for (let step = 0; step < 40 * 12; step += 1) {
        const f = fix('TRK', T0 + step * 2 * HOUR_MS + 7 * 60_000, 109 + step * 0.001, 12 - step * 0.0005, {
          speedKnots: step % 11,
          courseDeg: (step * 13) % 360,
        });
        if (step % 7 === 3)
          rejected.push({ fix: { ...f, position: [0, 0] }, reason: 'implied speed too high' });
        else accepted.push(f);
      }
      for (let minute = 10; minute < 120; minute += 10) {
        accepted.push(fix('TRK', T0 + 3 * DAY_MS + minute * 60_000, 110, 11));
      }
      await store.writeBatch({ fixes: accepted, rejectedFixes: rejected });
      // Another vessel's fixes must never show up.
      await store.writeBatch({ fixes: [fix('OTHER', T0 + 3 * DAY_MS, 1, 1)] });

      const shortFrom = T0 + 3 * DAY_MS - HOUR_MS;
      const shortTo = T0 + 3 * DAY_MS + 3 * HOUR_MS;
      const short = await store.track({ vesselId: 'TRK', fromMs: shortFrom, toMs: shortTo });
      const inShort = accepted
        .filter((f) => f.reportedAtMs >= shortFrom && f.reportedAtMs <= shortTo)
        .sort((a, b) => a.reportedAtMs - b.reportedAtMs);
      expect(short.bucketMs).toBeNull();
      expect(short.source).toBe('fixes');
      expect(short.points.map((p) => p.reportedAtMs)).toEqual(inShort.map((f) => f.reportedAtMs));

      const fromMs = T0 + 90 * 60_000;
      const toMs = T0 + 39 * DAY_MS + 30 * 60_000;
      const expected = expectedBuckets(accepted, fromMs, toMs, 100);
      const long = await store.track({ vesselId: 'TRK', fromMs, toMs, maxPoints: 100 });
      expect(long.bucketMs).toBe(10 * HOUR_MS);
      expect(long.source).toBe(store.storage === 'hypertable' ? 'hourly_aggregate' : 'fixes_bucketed');
      expect(long.points.length).toBeLessThanOrEqual(100);
      expect(long.points).toEqual(expected);

      if (store.storage === 'hypertable') {
        // Real-time before any refresh (nothing materialised), then the same answer from the materialised hours.
        await store.refreshHourlyTracks(T0, T0 + 41 * DAY_MS);
        const materialised = await store.driver.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM fixes_hourly WHERE vessel_id = 'TRK'`,
        );
        expect(materialised.rows[0]?.n).toBeGreaterThan(400);
        expect((await store.track({ vesselId: 'TRK', fromMs, toMs, maxPoints: 100 })).points).toEqual(
          expected,
        );
        // A fix arriving late, after the refresh, shows up too (real-time aggregate over the invalidated hour).
        const lateFix = fix('TRK', T0 + 20 * DAY_MS + 119 * 60_000, 111, 10);
        await store.writeBatch({ fixes: [lateFix] });
        await store.refreshHourlyTracks(T0, T0 + 41 * DAY_MS);
        expect((await store.track({ vesselId: 'TRK', fromMs, toMs, maxPoints: 100 })).points).toEqual(
          expectedBuckets([...accepted, lateFix], fromMs, toMs, 100),
        );
      }
    });

    it('filters alerts by status, type, vessel, zone and time, and pages through them by keyset', async () => {
      const all: Alert[] = [];
      for (let index = 0; index < 25; index += 1) {
        const vesselId = `AV${index % 3}`;
        const type = index % 2 === 0 ? 'zone.violation' : 'signal.lost';
        const zoneId = type === 'signal.lost' ? null : `zone-${index % 4}`;
        // Two alerts share each opening time, so the id breaks ties.
        const openedAtMs = T0 + Math.floor(index / 2) * HOUR_MS;
        all.push(
          alert(vesselId, type, openedAtMs, zoneId, {
            status: index % 5 === 0 ? 'resolved' : 'open',
            resolvedAtMs: index % 5 === 0 ? openedAtMs + HOUR_MS : null,
            lastUpdatedAtMs: index % 5 === 0 ? openedAtMs + HOUR_MS : openedAtMs,
          }),
        );
      }
      await store.writeBatch({ alerts: all });
      const newestFirst = [...all].sort(
        (a, b) => b.openedAtMs - a.openedAtMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      );

      const pages: Alert[][] = [];
      let cursor: string | null = null;
      do {
        const page = await store.alerts({ limit: 7, cursor });
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 4]);
      expect(pages.flat()).toEqual(newestFirst);

      const ids = async (query: Parameters<Store['alerts']>[0]) =>
        (await store.alerts({ limit: 1000, ...query })).items.map((a) => a.id);
      const pick = (predicate: (a: Alert) => boolean) => newestFirst.filter(predicate).map((a) => a.id);
      expect(await ids({ status: 'open' })).toEqual(pick((a) => a.status === 'open'));
      expect(await ids({ types: ['signal.lost'] })).toEqual(pick((a) => a.type === 'signal.lost'));
      expect(await ids({ vesselId: 'AV1' })).toEqual(pick((a) => a.vesselId === 'AV1'));
      expect(await ids({ zoneId: 'zone-2' })).toEqual(pick((a) => a.zoneId === 'zone-2'));
      expect(await ids({ openedFromMs: T0 + 3 * HOUR_MS, openedToMs: T0 + 6 * HOUR_MS })).toEqual(
        pick((a) => a.openedAtMs >= T0 + 3 * HOUR_MS && a.openedAtMs < T0 + 6 * HOUR_MS),
      );
      expect(
        await ids({ status: 'open', types: ['zone.violation'], vesselId: 'AV0', zoneId: 'zone-0' }),
      ).toEqual(
        pick(
          (a) =>
            a.status === 'open' &&
            a.type === 'zone.violation' &&
            a.vesselId === 'AV0' &&
            a.zoneId === 'zone-0',
        ),
      );
      // Pagination with a filter.
      const open1 = await store.alerts({ status: 'open', limit: 3 });
      const open2 = await store.alerts({ status: 'open', limit: 3, cursor: open1.nextCursor });
      expect([...open1.items, ...open2.items].map((a) => a.id)).toEqual(
        pick((a) => a.status === 'open').slice(0, 6),
      );
      await expect(store.alerts({ cursor: 'bm9wZQ' })).rejects.toMatchObject({
        code: 'VW_ERR_INPUT_INVALID',
      });
    });

    it('keeps acknowledgements and never lets an older alert update win', async () => {
      const opened = alert('V1', 'border.approach', T0, 'eez-line');
      await store.writeBatch({ alerts: [opened] });
      expect(
        await store.acknowledgeAlert(opened.id, {
          byUserId: 'u-officer',
          atMs: T0 + 60_000,
          comment: 'called the captain',
        }),
      ).toBe(true);
      expect(await store.acknowledgeAlert('missing', { byUserId: 'u', atMs: T0, comment: '' })).toBe(false);

      const resolved: Alert = {
        ...opened,
        status: 'resolved',
        lastUpdatedAtMs: T0 + HOUR_MS,
        resolvedAtMs: T0 + HOUR_MS,
      };
      await store.writeBatch({
        alerts: [resolved],
        alertAudit: [{ alertId: opened.id, atMs: T0 + HOUR_MS, action: 'resolved', actor: 'processor' }],
      });
      // The opening batch redelivered late: older lastUpdatedAtMs, ignored.
      await store.writeBatch({ alerts: [opened] });
      const stored = await store.alert(opened.id);
      expect(stored).toMatchObject({ status: 'resolved', resolvedAtMs: T0 + HOUR_MS });
      expect(stored?.acknowledgement).toEqual({
        byUserId: 'u-officer',
        atMs: T0 + 60_000,
        comment: 'called the captain',
      });
      expect((await store.alertAudit(opened.id)).map((entry) => [entry.action, entry.actor])).toEqual([
        ['acknowledged', 'u-officer'],
        ['resolved', 'processor'],
      ]);
    });

    it('counts each home port fleet: at sea, in port, signal lost, no position', async () => {
      const asOfMs = T0 + 10 * DAY_MS;
      await store.upsertVessels([
        vessel('P1-SEA', 'port-1'),
        vessel('P1-PORT', 'port-1'),
        vessel('P1-LOST', 'port-1'),
        vessel('P1-PORT-OLD', 'port-1'),
        vessel('P1-NEW', 'port-1'),
        vessel('P2-SEA-AIS', 'port-2', { expectedReportIntervalMs: 10 * 60_000 }),
        vessel('P2-LOST-AIS', 'port-2', { expectedReportIntervalMs: 10 * 60_000 }),
      ]);
      const state = (id: string, ageMs: number, portId: string | null) => ({
        fix: fix(id, asOfMs - ageMs, 109, 12),
        portId,
      });
      await store.writeBatch({
        vesselStates: [
          state('P1-SEA', 5 * HOUR_MS, null), // 2.5 intervals: still at sea
          state('P1-PORT', HOUR_MS, 'port-1'),
          state('P1-LOST', 7 * HOUR_MS, null), // more than 3 x 2 h
          state('P1-PORT-OLD', 5 * DAY_MS, 'port-1'), // silent in port: in port, not lost
          state('P2-SEA-AIS', 20 * 60_000, null),
          state('P2-LOST-AIS', 31 * 60_000, null),
          state('UNREGISTERED', HOUR_MS, null), // not in the registry: not in any fleet
        ],
      });
      expect(await store.fleetCounts({ asOfMs })).toEqual([
        { portId: 'port-1', total: 5, atSea: 1, inPort: 2, signalLost: 1, noPosition: 1 },
        { portId: 'port-2', total: 2, atSea: 1, inPort: 0, signalLost: 1, noPosition: 0 },
      ]);
      expect(await store.fleetCounts({ asOfMs, signalLostFactor: 4 })).toEqual([
        { portId: 'port-1', total: 5, atSea: 2, inPort: 2, signalLost: 0, noPosition: 1 },
        { portId: 'port-2', total: 2, atSea: 2, inPort: 0, signalLost: 0, noPosition: 0 },
      ]);
    });

    it('keeps the port-call log: arrival, then departure, filters and pages', async () => {
      const arrive = (vesselId: string, portId: string, arrivedAtMs: number) => ({
        vesselId,
        portId,
        arrivedAtMs,
        departedAtMs: null,
        arrivalPosition: [109.2, 13.77] as [number, number],
      });
      await store.writeBatch({
        portCalls: [
          arrive('V1', 'port-1', T0),
          arrive('V2', 'port-1', T0 + HOUR_MS),
          arrive('V1', 'port-2', T0 + 2 * DAY_MS),
        ],
      });
      const departed = { ...arrive('V1', 'port-1', T0), departedAtMs: T0 + DAY_MS };
      expect((await store.writeBatch({ portCalls: [departed] })).portCallsChanged).toBe(1);
      // The arrival redelivered afterwards does not erase the departure.
      expect((await store.writeBatch({ portCalls: [arrive('V1', 'port-1', T0)] })).portCallsChanged).toBe(0);

      const all = await store.portCalls();
      expect(all.items.map((call) => [call.vesselId, call.portId, call.departedAtMs])).toEqual([
        ['V1', 'port-2', null],
        ['V2', 'port-1', null],
        ['V1', 'port-1', T0 + DAY_MS],
      ]);
      expect(all.items[0]?.arrivalPosition).toEqual([109.2, 13.77]);
      expect((await store.portCalls({ portId: 'port-1' })).items.map((call) => call.vesselId)).toEqual([
        'V2',
        'V1',
      ]);
      expect((await store.portCalls({ vesselId: 'V1', arrivedFromMs: T0 + DAY_MS })).items).toHaveLength(1);
      const first = await store.portCalls({ limit: 2 });
      const second = await store.portCalls({ limit: 2, cursor: first.nextCursor });
      expect(first.nextCursor).not.toBeNull();
      expect(second.nextCursor).toBeNull();
      expect([...first.items, ...second.items]).toEqual(all.items);
    });

    it('keeps the registry and zone sets', async () => {
      const v = vessel('REG-1', 'port-1', { terminalIds: ['T-A', 'T-B'], lengthOverallM: 13.5 });
      await store.upsertVessels([v]);
      expect(await store.vessel('REG-1')).toEqual(v);
      expect((await store.vesselByTerminal('T-B'))?.id).toBe('REG-1');
      expect(await store.vessel('nope')).toBeNull();
      const renamed = { ...v, name: 'Tàu mới', terminalIds: ['T-C'] };
      await store.upsertVessels([renamed]);
      expect(await store.vessel('REG-1')).toEqual(renamed);
      expect(await store.vesselByTerminal('T-A')).toBeNull();
      const registrations = await store.terminalRegistrations();
      expect(registrations.filter((r) => r.vesselId === 'REG-1')).toEqual([
        { terminalId: 'T-C', vesselId: 'REG-1' },
      ]);
      const { rows } = await store.driver.query<{ vessel_class: string }>(
        `SELECT vessel_class FROM vessels WHERE id = 'REG-1'`,
      );
      expect(rows[0]?.vessel_class).toBe('inshore');

      const zone = {
        id: 'mpa-1',
        name: 'Hòn Mun',
        kind: 'protected_area' as const,
        jurisdiction: 'VNM',
        geometry: {
          type: 'Polygon' as const,
          coordinates: [
            [
              [109.2, 12.1],
              [109.3, 12.1],
              [109.3, 12.2],
              [109.2, 12.1],
            ] as Array<[number, number]>,
          ],
        },
        approximate: false,
        properties: { iucn: 'II' },
        validFromMs: T0,
      };
      await store.saveZoneSet('zs-1', [zone], { activate: true });
      await store.saveZoneSet('zs-2', [{ ...zone, name: 'Hòn Mun 2' }]);
      expect(await store.loadZoneSet()).toEqual({ version: 'zs-1', zones: [zone] });
      await store.saveZoneSet('zs-2', [{ ...zone, name: 'Hòn Mun 2' }], { activate: true });
      expect((await store.loadZoneSet())?.zones[0]?.name).toBe('Hòn Mun 2');
      expect((await store.loadZoneSet('zs-1'))?.zones).toEqual([zone]);
      expect(await store.loadZoneSet('zs-9')).toBeNull();
    });

    it('removes fixes older than the retention and keeps the rest', async () => {
      expect(store.fixesRetentionMonths).toBe(36);
      const asOfMs = Date.UTC(2026, 0, 15);
      // Old: 40 to 38 months back, so whole 7-day chunks fall before the cutoff. Recent: the last 2 weeks.
      const old = Array.from({ length: 60 }, (_, i) =>
        fix('RET', Date.UTC(2022, 8, 15) + i * DAY_MS, 109, 12),
      );
      const recent = Array.from({ length: 14 }, (_, i) => fix('RET', asOfMs - (i + 1) * DAY_MS, 109, 12));
      await store.writeBatch({ fixes: [...old, ...recent] });
      const result = await store.applyRetention(asOfMs);
      expect(result.cutoffMs).toBe(Date.UTC(2023, 0, 15));
      expect(result.unit).toBe(store.storage === 'hypertable' ? 'chunks' : 'rows');
      expect(result.removed).toBeGreaterThan(0);
      expect(await count(store, 'SELECT count(*)::int AS n FROM fixes')).toBe(14);
      // Idempotent.
      expect((await store.applyRetention(asOfMs)).removed).toBe(0);
      const setting = await store.driver.query<{ value: number }>(
        `SELECT value FROM store_settings WHERE key = 'fixes_retention_months'`,
      );
      expect(setting.rows[0]?.value).toBe(36);
    });

    it.runIf(target.kind === 'pglite' || target.expectedStorage === undefined)(
      'on TimescaleDB: compression, aggregate and retention policies exist; maintenance compresses and redelivery into a compressed chunk is still a no-op',
      async () => {
        if (store.storage !== 'hypertable') return;
        const jobs = await store.driver.query<{
          proc_name: string;
          hypertable_name: string;
          config: Record<string, unknown>;
        }>(
          `SELECT proc_name, hypertable_name, config FROM timescaledb_information.jobs
           WHERE proc_name IN ('policy_compression', 'policy_retention', 'policy_refresh_continuous_aggregate')
           ORDER BY proc_name, hypertable_name`,
        );
        const byProc = (name: string) => jobs.rows.filter((job) => job.proc_name === name);
        expect(byProc('policy_compression')).toEqual([
          expect.objectContaining({
            hypertable_name: 'fixes',
            config: expect.objectContaining({ compress_after: '7 days' }),
          }),
        ]);
        expect(byProc('policy_refresh_continuous_aggregate')).toHaveLength(1);
        const retentionMonths = async () =>
          (
            await store.driver.query<{ relation: string; months: number }>(
              `SELECT hypertable_name AS relation,
                      (EXTRACT(YEAR FROM (config->>'drop_after')::interval) * 12
                       + EXTRACT(MONTH FROM (config->>'drop_after')::interval))::int AS months
               FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention' ORDER BY 1`,
            )
          ).rows;
        expect(await retentionMonths()).toEqual([
          { relation: 'fixes', months: 36 },
          { relation: 'fixes_hourly', months: 36 },
        ]);
        const settings = await store.driver.query<{ segmentby_column_index: number | null; attname: string }>(
          `SELECT attname, segmentby_column_index FROM timescaledb_information.compression_settings
           WHERE hypertable_name = 'fixes' AND segmentby_column_index IS NOT NULL`,
        );
        expect(settings.rows.map((row) => row.attname)).toEqual(['vessel_id']);

        const asOfMs = T0 + 30 * DAY_MS;
        const fixes = Array.from({ length: 20 * 12 }, (_, i) =>
          fix('CMP', T0 + i * 2 * HOUR_MS, 109 + i * 0.001, 12),
        );
        await store.writeBatch({ fixes });
        const maintenance = await store.runMaintenance(asOfMs);
        expect(maintenance.compressedChunks).toBeGreaterThan(0);
        expect(maintenance.refreshedHourlyAggregate).toBe(true);
        expect(maintenance.retention.removed).toBe(0);
        const compressed = await count(
          store,
          `SELECT count(*)::int AS n FROM timescaledb_information.chunks WHERE hypertable_name = 'fixes' AND is_compressed`,
        );
        expect(compressed).toBe(maintenance.compressedChunks);
        expect((await store.runMaintenance(asOfMs)).compressedChunks).toBe(0);
        // Redelivered into compressed chunks: still deduplicated by the key.
        expect((await store.writeBatch({ fixes })).fixesInserted).toBe(0);
        expect(await count(store, `SELECT count(*)::int AS n FROM fixes WHERE vessel_id = 'CMP'`)).toBe(
          fixes.length,
        );
        const raw = await store.track({ vesselId: 'CMP', fromMs: T0, toMs: T0 + 2 * DAY_MS });
        expect(raw.points).toHaveLength(25);

        // Another retention is configuration: opening with it replaces both policies (what openStore runs).
        await syncRetentionPolicy(store.driver, store.storage, 48);
        expect(await retentionMonths()).toEqual([
          { relation: 'fixes', months: 48 },
          { relation: 'fixes_hourly', months: 48 },
        ]);
        await syncRetentionPolicy(store.driver, store.storage, 36);
      },
    );
  });
}
