import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS, isVesselWatchError } from '@vesselwatch/domain';
import { openStore, type Store } from './open-store';
import { fix, vessel } from './test-support/domain-fixtures';
import { testDatabaseTargets, truncateStoreTables, type TestDatabase } from './test-support/test-databases';

/**
 * The processor's tables (migration 0004) through the store's API, on every database available here:
 * rule states and applied offsets written with a batch, compare-and-set of the offset, restore by partition,
 * and the cheap polls the processor runs (active zone-set version, registry profiles).
 */
const targets = await testDatabaseTargets(process.env);

const T0 = Date.UTC(2025, 5, 2, 0, 0, 0);
const GROUP = 'vesselwatch-processor';
const TOPIC = 'vms.fixes';

function ruleState(vesselId: string, lastFixAtMs: number): Record<string, unknown> {
  return {
    version: 1,
    vesselId,
    lastFix: fix(vesselId, lastFixAtMs, 109.1, 12.1),
    portId: null,
    foreignZoneIds: [],
    nearestForeignNm: 12.5,
    violationCandidates: { 'mpa-1': lastFixAtMs },
    episodes: [],
  };
}

async function countRows(store: Store, table: string): Promise<number> {
  const { rows } = await store.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

for (const target of targets) {
  describe.skipIf(!target.available)(`store processor state on ${target.name}`, () => {
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

    it('writes rule states and the applied offset with the batch, and restores them by partition', async () => {
      const result = await store.writeBatch({
        fixes: [fix('V1', T0, 109.1, 12.1), fix('V2', T0, 109.2, 12.2)],
        processorStates: [
          { vesselId: 'V1', partition: 3, state: ruleState('V1', T0 - HOUR_MS) },
          { vesselId: 'V2', partition: 5, state: ruleState('V2', T0) },
          // The last entry of a vessel wins.
          { vesselId: 'V1', partition: 3, state: ruleState('V1', T0) },
        ],
        processorOffset: {
          groupId: GROUP,
          topic: TOPIC,
          partition: 3,
          nextOffset: 42n,
          expectedNextOffset: null,
        },
      });
      expect(result.processorStatesWritten).toBe(2);
      expect(result.fixesInserted).toBe(2);

      const three = await store.loadProcessorPartitions(GROUP, TOPIC, [3, 7]);
      expect([...three.nextOffsets]).toEqual([[3, 42n]]);
      expect(three.states).toEqual([{ vesselId: 'V1', partition: 3, state: ruleState('V1', T0) }]);
      const five = await store.loadProcessorPartitions(GROUP, TOPIC, [5]);
      expect(five.nextOffsets.size).toBe(0);
      expect(five.states.map((entry) => entry.vesselId)).toEqual(['V2']);
      // Offsets belong to a group and a topic.
      expect((await store.loadProcessorPartitions('other-group', TOPIC, [3])).nextOffsets.size).toBe(0);
      expect((await store.loadProcessorPartitions(GROUP, 'other.topic', [3])).nextOffsets.size).toBe(0);
      expect(await store.loadProcessorPartitions(GROUP, TOPIC, [])).toEqual({
        nextOffsets: new Map(),
        states: [],
      });
    });

    it('moves the offset only from the value the writer expects; a conflicting batch writes nothing at all', async () => {
      const offset = (nextOffset: bigint, expectedNextOffset: bigint | null) => ({
        groupId: GROUP,
        topic: TOPIC,
        partition: 0,
        nextOffset,
        expectedNextOffset,
      });
      await store.writeBatch({
        fixes: [fix('V1', T0, 109.1, 12.1)],
        processorStates: [{ vesselId: 'V1', partition: 0, state: ruleState('V1', T0) }],
        processorOffset: offset(10n, null),
      });

      // A writer that believes nothing is stored yet (a second processor that restored before the first wrote).
      const stale = store.writeBatch({
        fixes: [fix('V1', T0 + HOUR_MS, 109.2, 12.2)],
        processorStates: [{ vesselId: 'V1', partition: 0, state: ruleState('V1', T0 + HOUR_MS) }],
        processorOffset: offset(11n, null),
      });
      await expect(stale).rejects.toSatisfy(
        (error) =>
          isVesselWatchError(error, 'VW_ERR_PROCESSOR_OFFSET_CONFLICT') &&
          error.retriable &&
          error.details.storedNextOffset === '10' &&
          error.details.expectedNextOffset === null,
      );
      // A writer one batch behind.
      await expect(
        store.writeBatch({
          fixes: [fix('V1', T0 + 2 * HOUR_MS, 109.3, 12.3)],
          processorOffset: offset(12n, 9n),
        }),
      ).rejects.toSatisfy((error) => isVesselWatchError(error, 'VW_ERR_PROCESSOR_OFFSET_CONFLICT'));
      expect(await countRows(store, 'fixes')).toBe(1);
      const after = await store.loadProcessorPartitions(GROUP, TOPIC, [0]);
      expect(after.nextOffsets.get(0)).toBe(10n);
      expect(after.states[0]!.state).toEqual(ruleState('V1', T0));

      // The writer that knows the stored offset moves it on, with its batch.
      await store.writeBatch({
        fixes: [fix('V1', T0 + HOUR_MS, 109.2, 12.2)],
        processorStates: [{ vesselId: 'V1', partition: 0, state: ruleState('V1', T0 + HOUR_MS) }],
        processorOffset: offset(11n, 10n),
      });
      const moved = await store.loadProcessorPartitions(GROUP, TOPIC, [0]);
      expect(moved.nextOffsets.get(0)).toBe(11n);
      expect(moved.states[0]!.state).toEqual(ruleState('V1', T0 + HOUR_MS));
      expect(await countRows(store, 'fixes')).toBe(2);

      // An offset never moves back.
      await expect(store.writeBatch({ processorOffset: offset(5n, 11n) })).rejects.toSatisfy((error) =>
        isVesselWatchError(error, 'VW_ERR_INPUT_INVALID'),
      );
    });

    it('states without an offset (signal-loss sweeps, zone-set changes) replace the stored ones', async () => {
      await store.writeBatch({
        processorStates: [{ vesselId: 'V9', partition: 1, state: ruleState('V9', T0) }],
      });
      await store.writeBatch({
        processorStates: [{ vesselId: 'V9', partition: 1, state: ruleState('V9', T0 + HOUR_MS) }],
      });
      const snapshot = await store.loadProcessorPartitions(GROUP, TOPIC, [1]);
      expect(snapshot.nextOffsets.size).toBe(0);
      expect(snapshot.states).toEqual([
        { vesselId: 'V9', partition: 1, state: ruleState('V9', T0 + HOUR_MS) },
      ]);
    });

    it('re-tags rule states once when the partition count grows, and never for a stale lower count', async () => {
      const vessels = Array.from({ length: 40 }, (_, i) => `V${i}`);
      // A stand-in partitioner (the processor passes the bus's murmur2): vessel Vi goes to i mod count.
      const partitionOf = (count: number) => (vesselId: string) => Number(vesselId.slice(1)) % count;
      await store.writeBatch({
        processorStates: vessels.map((v) => ({
          vesselId: v,
          partition: partitionOf(2)(v),
          state: ruleState(v, T0),
        })),
      });
      const tags = async () => {
        const { rows } = await store.driver.query<{ vessel_id: string; partition: number }>(
          'SELECT vessel_id, partition FROM processor_state ORDER BY vessel_id',
        );
        return Object.fromEntries(rows.map((row) => [row.vessel_id, row.partition]));
      };
      const expected = (count: number) => Object.fromEntries(vessels.map((v) => [v, partitionOf(count)(v)]));

      // A database that never recorded a count: every state is checked (all already right here).
      expect(await store.rekeyProcessorStates(GROUP, TOPIC, 2, partitionOf(2))).toEqual({
        previousCount: null,
        partitionCount: 2,
        moved: 0,
      });
      // The topic grows to 4 partitions: vessels with i mod 4 in {2, 3} move.
      expect(await store.rekeyProcessorStates(GROUP, TOPIC, 4, partitionOf(4))).toEqual({
        previousCount: 2,
        partitionCount: 4,
        moved: 20,
      });
      expect(await tags()).toEqual(expected(4));
      const moved = await store.loadProcessorPartitions(GROUP, TOPIC, [3]);
      expect(moved.states.map((entry) => entry.vesselId).sort()).toEqual(
        vessels.filter((v) => partitionOf(4)(v) === 3).sort(),
      );
      // A member with stale metadata (still 2 partitions) changes nothing; the same count again neither.
      expect(await store.rekeyProcessorStates(GROUP, TOPIC, 2, partitionOf(2))).toEqual({
        previousCount: 4,
        partitionCount: 4,
        moved: 0,
      });
      expect(await store.rekeyProcessorStates(GROUP, TOPIC, 4, () => 0)).toEqual({
        previousCount: 4,
        partitionCount: 4,
        moved: 0,
      });
      expect(await tags()).toEqual(expected(4));
    });

    it('answers the active zone-set version and the registry profiles, in full or changed since a time', async () => {
      expect(await store.activeZoneSetVersion()).toBeNull();
      await store.saveZoneSet('zs-1', [], { activate: false });
      expect(await store.activeZoneSetVersion()).toBeNull();
      await store.saveZoneSet('zs-1', [], { activate: true });
      expect(await store.activeZoneSetVersion()).toBe('zs-1');
      await store.saveZoneSet('zs-2', [], { activate: true });
      expect(await store.activeZoneSetVersion()).toBe('zs-2');

      expect(await store.registryProfiles()).toEqual([]);
      await store.upsertVessels([
        vessel('V1', 'port-a', { lengthOverallM: 11 }),
        vessel('V2', 'port-a', { expectedReportIntervalMs: HOUR_MS, flagState: 'VNM' }),
      ]);
      const all = await store.registryProfiles();
      expect(all.map(({ updatedAtMs: _, ...profile }) => profile)).toEqual([
        { vesselId: 'V1', flagState: 'VNM', lengthOverallM: 11, expectedReportIntervalMs: 2 * HOUR_MS },
        { vesselId: 'V2', flagState: 'VNM', lengthOverallM: 16.5, expectedReportIntervalMs: HOUR_MS },
      ]);
      const newest = Math.max(...all.map((profile) => profile.updatedAtMs));
      expect(Math.abs(newest - Date.now())).toBeLessThan(60_000);
      expect(await store.registryProfiles(newest + 1)).toEqual([]);
      await store.upsertVessels([vessel('V2', 'port-a', { lengthOverallM: 13 })]);
      const changed = await store.registryProfiles(newest + 1);
      expect(changed.map((profile) => [profile.vesselId, profile.lengthOverallM])).toEqual([['V2', 13]]);
    });
  });
}
