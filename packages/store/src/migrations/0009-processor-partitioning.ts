import type { Migration } from './migration';

/*
 * Never edit this SQL after release: applied databases keep its checksum. The same on TimescaleDB and on
 * plain PostgreSQL.
 *
 * processor_state tags each vessel's rule state with the vms.fixes partition its fixes arrive on
 * (murmur2 of the vessel id modulo the partition count). Adding partitions to the topic moves vessels to
 * other partitions, so the tags must be recomputed once, or the new owner of a vessel starts from an empty
 * state (duplicate episodes) while the old owner keeps a state whose fixes have stopped (a false
 * signal.lost). This table records the partition count the tags were computed for, per group and topic.
 */
const SQL = `
CREATE TABLE processor_partitioning (
  group_id text NOT NULL,
  topic text NOT NULL,
  partition_count int4 NOT NULL CHECK (partition_count > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic)
);
COMMENT ON TABLE processor_partitioning IS
  'Partition count of the fixes topic that processor_state.partition was computed for (rekeyed when it grows).';
`;

export const migration0009ProcessorPartitioning: Migration = {
  id: '0009_processor_partitioning',
  description: 'processor_partitioning: the partition count processor_state tags were computed for',
  up: () => SQL,
};
