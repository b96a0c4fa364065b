import type { Migration } from './migration';

/*
 * Never edit this SQL after release: applied databases keep its checksum. The same on TimescaleDB and on
 * plain PostgreSQL.
 *
 * processor_state is rewritten for every vessel of every batch (one row per vessel per batch), which made it
 * the largest cost of a batch's transaction. Measured on the dev server (PostgreSQL 15, 800 upserts of
 * ~1.4 KB states into 10,000 rows): jsonb 55-60 ms, text 30-34 ms, text with fillfactor 70 21-22 ms.
 * - text: the state is only ever stored and read back whole by the processor (JSON.stringify/parse); jsonb
 *   paid for parsing and re-encoding it on every write for queries nobody makes;
 * - fillfactor 70: room on each page for the new row version, so an update that leaves the partition alone
 *   (nearly all) is a HOT update that touches neither index.
 * The fillfactor is set first so that the rewrite done by the type change applies it to every page.
 */
const SQL = `
ALTER TABLE processor_state SET (fillfactor = 70);
ALTER TABLE processor_state ALTER COLUMN state TYPE text USING state::text;
COMMENT ON TABLE processor_state IS
  'Rule state per vessel (packages/rules VesselRuleState as JSON text), by vms.fixes partition.';
`;

export const migration0008ProcessorStateText: Migration = {
  id: '0008_processor_state_text',
  description: 'processor_state.state as text, fillfactor 70: cheaper per-batch state writes',
  up: () => SQL,
};
