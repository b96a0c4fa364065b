import type { PartitionAssignment } from '../bus';

export interface AssignorMember {
  memberId: string;
  topics: readonly string[];
}

/**
 * Shares the partitions of every subscribed topic among a group's members round-robin, like kafkajs's
 * default RoundRobinAssigner: topic-partitions in (topic name, partition) order are dealt one by one to
 * the members subscribed to that topic, continuing the deal across topics so that load evens out.
 * Members are taken in the order given (the coordinator passes join order), which keeps the result
 * deterministic. A member subscribed to nothing that exists gets [].
 */
export function assignRoundRobin(
  members: readonly AssignorMember[],
  partitionCounts: ReadonlyMap<string, number>,
): Map<string, PartitionAssignment[]> {
  const owned = new Map<string, Map<string, number[]>>(members.map((member) => [member.memberId, new Map()]));
  const topics = [...new Set(members.flatMap((member) => member.topics))]
    .filter((topic) => partitionCounts.has(topic))
    .sort();
  let dealt = 0;
  for (const topic of topics) {
    const subscribers = members.filter((member) => member.topics.includes(topic));
    const count = partitionCounts.get(topic)!;
    for (let partition = 0; partition < count; partition++) {
      const member = subscribers[dealt % subscribers.length]!;
      dealt++;
      const byTopic = owned.get(member.memberId)!;
      const partitions = byTopic.get(topic) ?? [];
      partitions.push(partition);
      byTopic.set(topic, partitions);
    }
  }
  return new Map(
    [...owned].map(([memberId, byTopic]) => [
      memberId,
      [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
    ]),
  );
}
