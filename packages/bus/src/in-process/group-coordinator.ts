import type { PartitionAssignment } from '../bus';
import type { InProcessPartitionLog } from './partition-log';
import { assignRoundRobin } from './round-robin-assignor';

/** What the coordinator needs from a consumer that is a member of its group. */
export interface GroupMember {
  readonly memberId: string;
  readonly topics: readonly string[];
  /**
   * Stops handing out batches, waits until the batch in flight has finished (and been committed), then
   * calls onRevoked with the member's whole assignment. Never rejects.
   */
  revoke(): Promise<void>;
  /** Takes the member's whole new assignment: awaits onAssigned, then resumes delivering. Never rejects. */
  assign(assignment: PartitionAssignment[]): Promise<void>;
}

/**
 * The in-process counterpart of Kafka's group coordinator for one consumer group: membership, eager
 * rebalances and the group's committed offsets.
 *
 * Rebalances run one at a time (queued), each in two phases like Kafka's eager protocol: every current
 * member is revoked (so no batch is in flight anywhere and every finished batch is committed), then the
 * membership change is applied and every member is given its new assignment. Because revocation waits for
 * the batch in flight, a partition is never delivered by two members at once and commits need no
 * generation fencing here (Kafka needs it because its members are remote and may be slow or dead).
 */
export class InProcessGroupCoordinator {
  private members: GroupMember[] = [];
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  /** topic -> partition -> next offset to read. */
  private readonly committed = new Map<string, Map<number, bigint>>();

  constructor(
    readonly groupId: string,
    private readonly log: InProcessPartitionLog,
  ) {}

  /** Adds the member and rebalances; resolves when every member (the new one too) has its assignment. */
  join(member: GroupMember): Promise<void> {
    return this.rebalance(() => {
      if (!this.members.includes(member)) this.members.push(member);
    });
  }

  /** Revokes the member's partitions, removes it and rebalances the rest. */
  leave(member: GroupMember): Promise<void> {
    return this.rebalance(() => {
      this.members = this.members.filter((existing) => existing !== member);
    });
  }

  commit(topic: string, partition: number, nextOffset: bigint): void {
    let partitions = this.committed.get(topic);
    if (!partitions) {
      partitions = new Map();
      this.committed.set(topic, partitions);
    }
    partitions.set(partition, nextOffset);
  }

  /** The group's committed offset (next offset to read) for the partition, or undefined when none. */
  committedOffset(topic: string, partition: number): bigint | undefined {
    return this.committed.get(topic)?.get(partition);
  }

  /** Incremented by every completed membership change; for tests and status pages. */
  get generationId(): number {
    return this.generation;
  }

  get memberIds(): string[] {
    return this.members.map((member) => member.memberId);
  }

  private rebalance(changeMembership: () => void): Promise<void> {
    const run = this.queue.then(async () => {
      await Promise.all(this.members.map((member) => member.revoke()));
      changeMembership();
      this.generation++;
      const assignments = assignRoundRobin(this.members, this.partitionCounts());
      await Promise.all(this.members.map((member) => member.assign(assignments.get(member.memberId) ?? [])));
    });
    // The queue goes on after a failed rebalance; the failure reaches the caller of join/leave.
    this.queue = run.catch(() => {});
    return run;
  }

  private partitionCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const member of this.members) {
      for (const topic of member.topics) {
        if (this.log.hasTopic(topic)) counts.set(topic, this.log.partitionCount(topic));
      }
    }
    return counts;
  }
}
