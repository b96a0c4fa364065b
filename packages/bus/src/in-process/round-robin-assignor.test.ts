import { describe, expect, it } from 'vitest';
import { assignRoundRobin } from './round-robin-assignor';

const counts = (entries: Array<[string, number]>) => new Map(entries);

describe('assignRoundRobin', () => {
  it('gives a lone member every partition of every subscribed topic', () => {
    const assignment = assignRoundRobin(
      [{ memberId: 'a', topics: ['fixes', 'alerts'] }],
      counts([
        ['fixes', 3],
        ['alerts', 2],
      ]),
    );
    expect(assignment.get('a')).toEqual([
      { topic: 'alerts', partitions: [0, 1] },
      { topic: 'fixes', partitions: [0, 1, 2] },
    ]);
  });

  it('deals partitions in turn, so members differ by at most one partition', () => {
    const members = ['a', 'b', 'c'].map((memberId) => ({ memberId, topics: ['fixes'] }));
    const assignment = assignRoundRobin(members, counts([['fixes', 8]]));
    expect(assignment.get('a')).toEqual([{ topic: 'fixes', partitions: [0, 3, 6] }]);
    expect(assignment.get('b')).toEqual([{ topic: 'fixes', partitions: [1, 4, 7] }]);
    expect(assignment.get('c')).toEqual([{ topic: 'fixes', partitions: [2, 5] }]);
  });

  it('leaves members beyond the partition count with an empty assignment', () => {
    const members = ['a', 'b', 'c'].map((memberId) => ({ memberId, topics: ['fixes'] }));
    const assignment = assignRoundRobin(members, counts([['fixes', 2]]));
    expect(assignment.get('c')).toEqual([]);
    expect(
      [...assignment.values()]
        .flat()
        .flatMap(({ partitions }) => partitions)
        .sort(),
    ).toEqual([0, 1]);
  });

  it('continues the deal across topics instead of starting each topic at the first member', () => {
    const members = ['a', 'b'].map((memberId) => ({ memberId, topics: ['x', 'y'] }));
    const assignment = assignRoundRobin(
      members,
      counts([
        ['x', 1],
        ['y', 1],
      ]),
    );
    expect(assignment.get('a')).toEqual([{ topic: 'x', partitions: [0] }]);
    expect(assignment.get('b')).toEqual([{ topic: 'y', partitions: [0] }]);
  });

  it('gives a topic only to the members subscribed to it, and ignores topics that do not exist', () => {
    const assignment = assignRoundRobin(
      [
        { memberId: 'a', topics: ['x', 'missing'] },
        { memberId: 'b', topics: ['y'] },
      ],
      counts([
        ['x', 2],
        ['y', 2],
      ]),
    );
    expect(assignment.get('a')).toEqual([{ topic: 'x', partitions: [0, 1] }]);
    expect(assignment.get('b')).toEqual([{ topic: 'y', partitions: [0, 1] }]);
  });
});
