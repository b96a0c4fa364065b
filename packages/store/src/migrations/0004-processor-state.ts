import type { Migration } from './migration';

/*
 * Never edit this SQL after release: applied databases keep its checksum. The same on TimescaleDB and on
 * plain PostgreSQL.
 *
 * What the processor (apps/processor) needs to take over a partition of `vms.fixes` exactly where the last
 * owner stopped, with at-least-once delivery but an exactly-once effect on its state:
 * - processor_state: every vessel's rule state (packages/rules VesselRuleState, plain JSON), tagged with the
 *   partition of `vms.fixes` its fixes arrive on, so a new owner loads just its partitions' vessels;
 * - processor_offsets: per consumer group and partition, the offset of the first message NOT yet applied to
 *   processor_state. Both are written in the same transaction as the batch's fixes and alerts, so after any
 *   crash the database says exactly which messages its state already contains; a redelivered message below
 *   next_offset is skipped, not applied twice.
 */
const SQL = `
CREATE TABLE processor_state (
  vessel_id text PRIMARY KEY,
  partition integer NOT NULL CHECK (partition >= 0),
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processor_state_partition_idx ON processor_state (partition);
COMMENT ON TABLE processor_state IS 'Rule state per vessel (packages/rules VesselRuleState as jsonb), by vms.fixes partition.';

CREATE TABLE processor_offsets (
  group_id text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL CHECK (partition >= 0),
  next_offset bigint NOT NULL CHECK (next_offset >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, partition)
);
COMMENT ON TABLE processor_offsets IS 'Next message offset not yet applied to processor_state, per consumer group and partition.';
`;

export const migration0004ProcessorState: Migration = {
  id: '0004_processor_state',
  description:
    'processor_state (rule state per vessel) and processor_offsets (applied offsets per partition)',
  up: () => SQL,
};
