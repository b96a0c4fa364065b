import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { PartitionAssignment } from '../bus';
import { InProcessGroupCoordinator, type GroupMember } from './group-coordinator';
import { InProcessPartitionLog } from './partition-log';

/** A member that records what the coordinator asks of it; revoke and assign take a little time. */
function recordingMember(
  memberId: string,
  events: string[],
  delayMs = 5,
): GroupMember & { assignments: PartitionAssignment[][] } {
  const assignments: PartitionAssignment[][] = [];
  return {
    memberId,
    topics: ['fixes'],
    assignments,
    async revoke() {
      events.push(`${memberId}:revoke-start`);
      await sleep(delayMs);
      events.push(`${memberId}:revoke-end`);
    },
    async assign(assignment) {
      events.push(`${memberId}:assign-start`);
      await sleep(delayMs);
      assignments.push(assignment);
      events.push(`${memberId}:assign-end`);
    },
  };
}

function coordinatorWithTopic(partitions: number): InProcessGroupCoordinator {
  const log = new InProcessPartitionLog();
  log.ensureTopic({ topic: 'fixes', partitions });
  return new InProcessGroupCoordinator('group', log);
}

describe('InProcessGroupCoordinator', () => {
  it('revokes every member before assigning any (eager), and runs concurrent joins one rebalance at a time', async () => {
    const coordinator = coordinatorWithTopic(4);
    const events: string[] = [];
    const a = recordingMember('a', events);
    const b = recordingMember('b', events);
    const c = recordingMember('c', events);
    await coordinator.join(a);
    events.length = 0;
    await Promise.all([coordinator.join(b), coordinator.join(c)]);

    // Rebalance 1 (b joins): a revoked, then a and b assigned. Rebalance 2 (c joins): a, b revoked, then all assigned.
    const firstAssign = events.indexOf('a:assign-start');
    expect(events.slice(0, firstAssign)).toEqual(['a:revoke-start', 'a:revoke-end']);
    const secondRevokes = events.filter((event, i) => event.endsWith('revoke-start') && i > firstAssign);
    expect(secondRevokes.sort()).toEqual(['a:revoke-start', 'b:revoke-start']);
    const lastRevokeEnd = Math.max(events.lastIndexOf('a:revoke-end'), events.lastIndexOf('b:revoke-end'));
    const assignsOfSecond = events
      .map((event, i) => [event, i] as const)
      .filter(([event, i]) => event.endsWith('assign-start') && i > lastRevokeEnd);
    expect(assignsOfSecond.map(([event]) => event).sort()).toEqual([
      'a:assign-start',
      'b:assign-start',
      'c:assign-start',
    ]);
    expect(coordinator.generationId).toBe(3);
    expect(coordinator.memberIds).toEqual(['a', 'b', 'c']);

    const owned = [a, b, c].flatMap((member) =>
      member.assignments.at(-1)!.flatMap(({ partitions }) => partitions),
    );
    expect(owned.sort()).toEqual([0, 1, 2, 3]);
  });

  it('revokes a leaving member and gives its partitions to the rest; the last one leaving gets no new assignment', async () => {
    const coordinator = coordinatorWithTopic(2);
    const events: string[] = [];
    const a = recordingMember('a', events);
    const b = recordingMember('b', events);
    await coordinator.join(a);
    await coordinator.join(b);
    expect(b.assignments.at(-1)).toEqual([{ topic: 'fixes', partitions: [1] }]);

    events.length = 0;
    await coordinator.leave(b);
    expect(events).toContain('b:revoke-end');
    expect(events).not.toContain('b:assign-start');
    expect(a.assignments.at(-1)).toEqual([{ topic: 'fixes', partitions: [0, 1] }]);

    events.length = 0;
    await coordinator.leave(a);
    expect(events).toEqual(['a:revoke-start', 'a:revoke-end']);
    expect(coordinator.memberIds).toEqual([]);
  });

  it('keeps committed offsets per topic and partition', () => {
    const coordinator = coordinatorWithTopic(2);
    expect(coordinator.committedOffset('fixes', 0)).toBeUndefined();
    coordinator.commit('fixes', 0, 5n);
    coordinator.commit('fixes', 0, 7n);
    expect(coordinator.committedOffset('fixes', 0)).toBe(7n);
    expect(coordinator.committedOffset('fixes', 1)).toBeUndefined();
  });

  it('goes on with later rebalances after one failed, and tells the caller of the failed one', async () => {
    const coordinator = coordinatorWithTopic(1);
    const broken: GroupMember = {
      memberId: 'broken',
      topics: ['fixes'],
      revoke: async () => {},
      assign: async () => {
        throw new Error('assign failed (on purpose)');
      },
    };
    await expect(coordinator.join(broken)).rejects.toThrow('assign failed');
    await coordinator.leave(broken);
    const events: string[] = [];
    await coordinator.join(recordingMember('a', events));
    expect(events).toContain('a:assign-end');
  });
});
