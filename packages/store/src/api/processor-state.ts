import { VesselWatchError } from '@vesselwatch/domain';
import type { SqlDriver, SqlExecutor } from '../driver/sql-driver';
import { numberArrayLiteral, textArrayLiteral } from './sql-arrays';
import type {
  ProcessorOffsetUpdate,
  ProcessorPartitionsSnapshot,
  ProcessorRekeyResult,
  ProcessorStateEntry,
  RegistryProfile,
} from './types';

/**
 * The processor's own tables (migration 0004): rule states per vessel and the applied offset per partition,
 * written inside the batch's transaction (write-batch.ts) and read back when a processor takes a partition.
 */

/**
 * Compare-and-set of a partition's applied offset. Runs first in the batch's transaction, so it also locks
 * the row: two processors writing the same partition (one of them about to be fenced out by a rebalance)
 * are serialised, and the second one sees the first one's offset and fails.
 */
const SET_OFFSET_SQL = `INSERT INTO processor_offsets AS o (group_id, topic, partition, next_offset, updated_at)
VALUES ($1, $2, $3, $4::int8, now())
ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
WHERE o.next_offset = $5::int8`;

export async function setProcessorOffset(tx: SqlExecutor, update: ProcessorOffsetUpdate): Promise<void> {
  const { groupId, topic, partition, nextOffset, expectedNextOffset } = update;
  if (expectedNextOffset !== null && nextOffset < expectedNextOffset) {
    throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
      detail: `processor offset of ${topic}/${partition} would move back from ${expectedNextOffset} to ${nextOffset}`,
      details: { groupId, topic, partition },
    });
  }
  const written = await tx.query(SET_OFFSET_SQL, [
    groupId,
    topic,
    partition,
    nextOffset.toString(),
    // NULL never equals: "nothing stored yet" only succeeds as the INSERT.
    expectedNextOffset === null ? null : expectedNextOffset.toString(),
  ]);
  if (written.rowCount === 1) return;
  const stored = await tx.query<{ next_offset: string }>(
    'SELECT next_offset FROM processor_offsets WHERE group_id = $1 AND topic = $2 AND partition = $3',
    [groupId, topic, partition],
  );
  const storedOffset = stored.rows[0]?.next_offset ?? null;
  throw new VesselWatchError('VW_ERR_PROCESSOR_OFFSET_CONFLICT', {
    detail: `${topic}/${partition} of group ${groupId}: expected next offset ${String(expectedNextOffset)}, the database has ${String(storedOffset)}`,
    details: {
      groupId,
      topic,
      partition,
      expectedNextOffset: expectedNextOffset?.toString() ?? null,
      storedNextOffset: storedOffset,
    },
  });
}

const UPSERT_STATES_SQL = `INSERT INTO processor_state AS s (vessel_id, partition, state, updated_at)
SELECT u.vessel_id, u.partition, u.state, now()
FROM UNNEST($1::text[], $2::int4[], $3::text[]) AS u(vessel_id, partition, state)
ON CONFLICT (vessel_id) DO UPDATE SET partition = EXCLUDED.partition, state = EXCLUDED.state,
  updated_at = EXCLUDED.updated_at`;

/** Replaces the states of the given vessels (the last entry of a vessel wins); returns how many were written. */
export async function upsertProcessorStates(
  tx: SqlExecutor,
  entries: readonly ProcessorStateEntry[],
): Promise<number> {
  if (entries.length === 0) return 0;
  // One row per vessel: ON CONFLICT cannot touch the same row twice in one statement.
  const latest = new Map<string, ProcessorStateEntry>();
  for (const entry of entries) latest.set(entry.vesselId, entry);
  const rows = [...latest.values()];
  const result = await tx.query(UPSERT_STATES_SQL, [
    textArrayLiteral(rows.map((row) => row.vesselId)),
    numberArrayLiteral(rows.map((row) => row.partition)),
    textArrayLiteral(rows.map((row) => JSON.stringify(row.state))),
  ]);
  return result.rowCount;
}

/** The applied offsets and vessels' rule states of some partitions, for a processor taking them over. */
export async function loadProcessorPartitions(
  executor: SqlExecutor,
  groupId: string,
  topic: string,
  partitions: readonly number[],
): Promise<ProcessorPartitionsSnapshot> {
  const nextOffsets = new Map<number, bigint>();
  if (partitions.length === 0) return { nextOffsets, states: [] };
  const list = numberArrayLiteral(partitions);
  const offsets = await executor.query<{ partition: number; next_offset: string }>(
    `SELECT partition, next_offset FROM processor_offsets
     WHERE group_id = $1 AND topic = $2 AND partition = ANY($3::int4[])`,
    [groupId, topic, list],
  );
  for (const row of offsets.rows) nextOffsets.set(row.partition, BigInt(row.next_offset));
  const states = await executor.query<{
    vessel_id: string;
    partition: number;
    state: string;
  }>('SELECT vessel_id, partition, state FROM processor_state WHERE partition = ANY($1::int4[])', [list]);
  return {
    nextOffsets,
    states: states.rows.map((row) => ({
      vesselId: row.vessel_id,
      partition: row.partition,
      // JSON text (migration 0008), written by upsertProcessorStates with JSON.stringify.
      state: JSON.parse(row.state) as Record<string, unknown>,
    })),
  };
}

const REKEY_CHUNK = 10_000;

/**
 * Makes every rule state's partition tag follow a partition count of the fixes topic (migration 0009 says
 * why). Runs under a transaction-level advisory lock, so processors that join at once rekey once. It only
 * ever grows the recorded count (Kafka cannot remove partitions): a lower count comes from a member with
 * stale metadata and changes nothing. The first call on a database without a recorded count checks every
 * state once; after that a call costs one indexed read.
 */
export async function rekeyProcessorStates(
  driver: SqlDriver,
  groupId: string,
  topic: string,
  partitionCount: number,
  partitionOf: (vesselId: string) => number,
): Promise<ProcessorRekeyResult> {
  return driver.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('vesselwatch.processor_partitioning'))");
    const recorded = await tx.query<{ partition_count: number }>(
      'SELECT partition_count FROM processor_partitioning WHERE group_id = $1 AND topic = $2',
      [groupId, topic],
    );
    const previousCount = recorded.rows[0]?.partition_count ?? null;
    if (previousCount !== null && previousCount >= partitionCount) {
      return { previousCount, partitionCount: previousCount, moved: 0 };
    }
    const { rows } = await tx.query<{ vessel_id: string; partition: number }>(
      'SELECT vessel_id, partition FROM processor_state',
    );
    const moves = rows
      .map((row) => ({ vesselId: row.vessel_id, partition: partitionOf(row.vessel_id), was: row.partition }))
      .filter((move) => move.partition !== move.was);
    for (let start = 0; start < moves.length; start += REKEY_CHUNK) {
      const chunk = moves.slice(start, start + REKEY_CHUNK);
      await tx.query(
        `UPDATE processor_state AS s SET partition = u.partition, updated_at = now()
         FROM UNNEST($1::text[], $2::int4[]) AS u(vessel_id, partition) WHERE s.vessel_id = u.vessel_id`,
        [
          textArrayLiteral(chunk.map((move) => move.vesselId)),
          numberArrayLiteral(chunk.map((move) => move.partition)),
        ],
      );
    }
    await tx.query(
      `INSERT INTO processor_partitioning (group_id, topic, partition_count) VALUES ($1, $2, $3)
       ON CONFLICT (group_id, topic) DO UPDATE SET partition_count = EXCLUDED.partition_count, updated_at = now()`,
      [groupId, topic, partitionCount],
    );
    return { previousCount, partitionCount, moved: moves.length };
  });
}

/** The version of the active zone set, or null when none is active: a cheap poll for changes. */
export async function activeZoneSetVersion(executor: SqlExecutor): Promise<string | null> {
  const { rows } = await executor.query<{ version: string }>('SELECT version FROM zone_sets WHERE active');
  return rows[0]?.version ?? null;
}

/**
 * What the rules need of every registered vessel, or only of those changed at or after `updatedSinceMs`
 * (database clock) for an incremental refresh.
 */
export async function registryProfiles(
  executor: SqlExecutor,
  updatedSinceMs?: number,
): Promise<RegistryProfile[]> {
  const { rows } = await executor.query<{
    id: string;
    flag_state: string;
    length_overall_m: number;
    expected_report_interval_ms: number;
    updated_at_ms: string;
  }>(
    `SELECT id, flag_state, length_overall_m, expected_report_interval_ms,
            (extract(epoch FROM updated_at) * 1000)::int8 AS updated_at_ms
     FROM vessels ${updatedSinceMs === undefined ? '' : "WHERE updated_at >= TIMESTAMPTZ 'epoch' + $1::int8 * INTERVAL '1 millisecond'"}
     ORDER BY id`,
    updatedSinceMs === undefined ? [] : [Math.floor(updatedSinceMs)],
  );
  return rows.map((row) => ({
    vesselId: row.id,
    flagState: row.flag_state,
    lengthOverallM: row.length_overall_m,
    expectedReportIntervalMs: row.expected_report_interval_ms,
    updatedAtMs: Number(row.updated_at_ms),
  }));
}
