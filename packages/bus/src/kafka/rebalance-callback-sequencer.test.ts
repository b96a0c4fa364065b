import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ConsumerErrorReport, ConsumerOptions } from '../bus';
import { resolveConsumerSettings } from '../consumer-settings';
import { assignmentFromKafkaJs, RebalanceCallbackSequencer } from './rebalance-callback-sequencer';

function sequencerRecording(overrides: Partial<ConsumerOptions> = {}) {
  const events: string[] = [];
  const reports: ConsumerErrorReport[] = [];
  const stop = new AbortController();
  const settings = resolveConsumerSettings({
    groupId: 'g',
    topics: ['t'],
    redeliveryBackoff: { initialMs: 5, maxMs: 5 },
    onAssigned: async (assignment) => {
      events.push(`assign-start ${JSON.stringify(assignment)}`);
      await sleep(10);
      events.push('assign-end');
    },
    onRevoked: async (assignment) => {
      events.push(`revoke-start ${JSON.stringify(assignment)}`);
      await sleep(10);
      events.push('revoke-end');
    },
    onError: (_error, report) => reports.push(report),
    ...overrides,
  });
  return { sequencer: new RebalanceCallbackSequencer(settings, stop.signal), events, reports, stop };
}

describe('RebalanceCallbackSequencer (kafkajs GROUP_JOIN / REBALANCING -> onRevoked / onAssigned)', () => {
  it('queues revoke-then-assign for every join, in order, and settled() waits for all of it', async () => {
    const { sequencer, events } = sequencerRecording();
    expect(sequencer.idle).toBe(true);
    sequencer.joined([{ topic: 't', partitions: [0, 1] }]);
    expect(sequencer.idle).toBe(false);
    expect(sequencer.owns('t', 0)).toBe(false); // not before onAssigned has completed
    await sequencer.settled();
    expect(sequencer.owns('t', 0)).toBe(true);
    sequencer.revoked(); // REBALANCING
    sequencer.joined([{ topic: 't', partitions: [1] }]); // GROUP_JOIN of the next generation
    await sequencer.settled();
    expect(events).toEqual([
      'assign-start [{"topic":"t","partitions":[0,1]}]',
      'assign-end',
      'revoke-start [{"topic":"t","partitions":[0,1]}]',
      'revoke-end',
      'assign-start [{"topic":"t","partitions":[1]}]',
      'assign-end',
    ]);
    expect(sequencer.idle).toBe(true);
    expect(sequencer.owns('t', 1)).toBe(true);
    expect(sequencer.owns('t', 0)).toBe(false);
  });

  it('skips the onAssigned of an assignment superseded by a newer join before it started', async () => {
    const { sequencer, events } = sequencerRecording();
    sequencer.joined([{ topic: 't', partitions: [0] }]);
    sequencer.joined([{ topic: 't', partitions: [1] }]);
    await sequencer.settled();
    expect(events).toEqual(['assign-start [{"topic":"t","partitions":[1]}]', 'assign-end']);
  });

  it('calls onRevoked once however often the loss is signalled (REBALANCING, CRASH, stop)', async () => {
    const { sequencer, events } = sequencerRecording();
    sequencer.joined([{ topic: 't', partitions: [0] }]);
    sequencer.revoked();
    sequencer.revoked();
    sequencer.revoked();
    await sequencer.settled();
    expect(events.filter((event) => event.startsWith('revoke-start'))).toHaveLength(1);
    expect(sequencer.owns('t', 0)).toBe(false);
  });

  it('retries a failing onAssigned, and gives up on it when a newer join arrives', async () => {
    let calls = 0;
    const { sequencer, reports } = sequencerRecording({
      onAssigned: (assignment) => {
        calls++;
        if (assignment[0]?.partitions.includes(0)) throw new Error('restore failed (on purpose)');
      },
    });
    sequencer.joined([{ topic: 't', partitions: [0] }]);
    await sleep(30);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.every((report) => report.stage === 'onAssigned')).toBe(true);
    sequencer.joined([{ topic: 't', partitions: [1] }]);
    await sequencer.settled();
    const callsAfter = calls;
    await sleep(20);
    expect(calls).toBe(callsAfter);
    expect(sequencer.owns('t', 1)).toBe(true);
    expect(sequencer.owns('t', 0)).toBe(false);
  });

  it('stops retrying onAssigned once the consumer stops', async () => {
    const { sequencer, stop } = sequencerRecording({
      onAssigned: () => {
        throw new Error('never works (on purpose)');
      },
    });
    sequencer.joined([{ topic: 't', partitions: [0] }]);
    await sleep(15);
    stop.abort();
    await sequencer.settled();
    expect(sequencer.owns('t', 0)).toBe(false);
  });
});

describe('assignmentFromKafkaJs', () => {
  it('turns kafkajs’s { topic: partitions } into sorted PartitionAssignment[] without empty topics', () => {
    expect(assignmentFromKafkaJs({ b: [2, 0], a: [1], c: [] })).toEqual([
      { topic: 'a', partitions: [1] },
      { topic: 'b', partitions: [0, 2] },
    ]);
  });
});
