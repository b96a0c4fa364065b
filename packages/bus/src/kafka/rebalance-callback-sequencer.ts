import { setTimeout as sleep } from 'node:timers/promises';
import type { PartitionAssignment, StartPosition } from '../bus';
import { redeliveryDelayMs, type ConsumerSettings } from '../consumer-settings';

/**
 * Runs a Kafka consumer's onRevoked / onAssigned callbacks in order, and lets batch handling wait for them.
 *
 * kafkajs has no rebalance listener: it only emits events (REBALANCING before it rejoins, GROUP_JOIN with
 * the new assignment once joined and synced) and does not await their listeners. Those events are emitted
 * synchronously, and GROUP_JOIN strictly before the first fetch of the new generation, so the listeners
 * here only *queue* the callbacks (revoke the old assignment, then assign the new one) on one promise
 * chain, and eachBatch awaits `settled()` before handing out any batch. That makes "onAssigned completes
 * before any batch of the assigned partitions" hold for every generation, even though kafkajs itself
 * would start fetching at once.
 */
export class RebalanceCallbackSequencer {
  private chain: Promise<void> = Promise.resolve();
  /**
   * Bumped by every GROUP_JOIN. The onAssigned of an older generation is skipped (or its retries given
   * up): kafkajs has already moved on, and no batch of that generation can be handed out any more.
   */
  private generation = 0;
  /** The assignment whose onAssigned succeeded and that has not been revoked since. */
  private confirmed: PartitionAssignment[] | null = null;
  private joinedAtLeastOnce = false;
  private pendingTasks = 0;

  constructor(
    private readonly settings: ConsumerSettings,
    private readonly stopSignal: AbortSignal,
    /** Positions a partition where onAssigned said it resumes (kafkajs seek), before any batch of it. */
    private readonly seek: (start: StartPosition) => void = () => {},
  ) {}

  /** kafkajs joined the group with this assignment (GROUP_JOIN). Synchronous: only queues the callbacks. */
  joined(assignment: PartitionAssignment[]): void {
    this.joinedAtLeastOnce = true;
    const generation = ++this.generation;
    this.revoked();
    this.enqueue(() => this.assign(assignment, generation));
  }

  /** The member is losing its partitions (rebalance starting, crash, stop). Safe to call repeatedly. */
  revoked(): void {
    this.enqueue(async () => {
      const previous = this.confirmed;
      this.confirmed = null;
      if (!previous) return;
      try {
        await this.settings.onRevoked(previous);
      } catch (error) {
        this.settings.report(error, { stage: 'onRevoked', groupId: this.settings.groupId });
      }
    });
  }

  /** Resolves once every callback queued so far has finished (never rejects). */
  settled(): Promise<void> {
    return this.chain;
  }

  /** True when no callback is queued or running: batches can go ahead without waiting. */
  get idle(): boolean {
    return this.pendingTasks === 0;
  }

  get hasJoined(): boolean {
    return this.joinedAtLeastOnce;
  }

  /** True when onAssigned has completed for an assignment containing the partition and it is not revoked. */
  owns(topic: string, partition: number): boolean {
    return (
      this.confirmed?.some((owned) => owned.topic === topic && owned.partitions.includes(partition)) ?? false
    );
  }

  private async assign(assignment: PartitionAssignment[], generation: number): Promise<void> {
    for (let attempt = 1; generation === this.generation && !this.stopSignal.aborted; attempt++) {
      try {
        const starts = await this.settings.onAssigned(assignment);
        if (generation !== this.generation) return;
        for (const start of starts ?? []) this.seek(start);
        this.confirmed = assignment;
        return;
      } catch (error) {
        this.settings.report(error, { stage: 'onAssigned', groupId: this.settings.groupId, attempt });
        await sleep(redeliveryDelayMs(attempt, this.settings.redeliveryBackoff), undefined, {
          signal: this.stopSignal,
        }).catch(() => {});
      }
    }
  }

  private enqueue(task: () => Promise<void>): void {
    this.pendingTasks++;
    // Tasks report their own failures; the catch only keeps the chain alive whatever happens.
    this.chain = this.chain
      .then(task)
      .catch((error: unknown) => {
        this.settings.report(error, { stage: 'consumer', groupId: this.settings.groupId });
      })
      .finally(() => {
        this.pendingTasks--;
      });
  }
}

/** kafkajs's GROUP_JOIN `memberAssignment` ({ topic: partitions }) as PartitionAssignment[], sorted. */
export function assignmentFromKafkaJs(memberAssignment: Record<string, number[]>): PartitionAssignment[] {
  return Object.entries(memberAssignment)
    .filter(([, partitions]) => partitions.length > 0)
    .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
    .sort((a, b) => a.topic.localeCompare(b.topic));
}
