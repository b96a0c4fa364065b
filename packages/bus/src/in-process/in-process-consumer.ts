import { setTimeout as sleep } from 'node:timers/promises';
import { VesselWatchError } from '@vesselwatch/domain';
import type { Consumer, MessageBatch, PartitionAssignment } from '../bus';
import { redeliveryDelayMs, type ConsumerSettings } from '../consumer-settings';
import type { GroupMember, InProcessGroupCoordinator } from './group-coordinator';
import type { InProcessPartitionLog } from './partition-log';
import { WakeSignal } from './wake-signal';

/** A partition this member owns, and how far it has got with it. */
interface OwnedPartition {
  topic: string;
  partition: number;
  /** Next offset to deliver; equals the group's committed offset once a batch has been committed. */
  position: bigint;
  /** Failures in a row of the batch starting at `position`. */
  failures: number;
  /** The batch at `position` is not delivered again before this time (back-off after a failure). */
  retryAtMs: number;
}

type Phase = 'new' | 'running' | 'stopping' | 'stopped';

/**
 * A member of an in-process consumer group. One delivery loop hands out one batch at a time, taking the
 * owned partitions in turn (round-robin, so a busy partition cannot starve the others); when no owned
 * partition has a deliverable message it sleeps on a WakeSignal that appends, assignments, stop and
 * back-off timers wake.
 */
export class InProcessConsumer implements Consumer, GroupMember {
  readonly topics: readonly string[];
  private phase: Phase = 'new';
  private handler: ((batch: MessageBatch) => Promise<void>) | null = null;
  private owned: OwnedPartition[] = [];
  /** The assignment whose onAssigned succeeded; what onRevoked will be given. */
  private currentAssignment: PartitionAssignment[] | null = null;
  /** False from the start of a revocation until onAssigned of the next assignment has succeeded. */
  private deliveryAllowed = false;
  private inFlight: Promise<void> | null = null;
  private nextPartitionIndex = 0;
  private readonly wake = new WakeSignal();
  private readonly stopRequested = new AbortController();
  private loopDone: Promise<void> = Promise.resolve();
  private unsubscribeFromLog: Array<() => void> = [];
  private stopping: Promise<void> | null = null;

  constructor(
    readonly memberId: string,
    private readonly settings: ConsumerSettings,
    private readonly log: InProcessPartitionLog,
    private readonly coordinator: InProcessGroupCoordinator,
    private readonly onStopped: (consumer: InProcessConsumer) => void,
  ) {
    this.topics = settings.topics;
  }

  async run(eachBatch: (batch: MessageBatch) => Promise<void>): Promise<void> {
    if (this.phase !== 'new') {
      throw new VesselWatchError('VW_ERR_BUS_CLOSED', {
        detail: `consumer ${this.memberId} of group ${this.settings.groupId} was already run; a consumer runs once`,
      });
    }
    for (const topic of this.topics) {
      if (!this.log.hasTopic(topic)) {
        throw new VesselWatchError('VW_ERR_BUS_TOPIC_UNKNOWN', {
          detail: `group ${this.settings.groupId} subscribes to topic "${topic}", which does not exist`,
          details: { topic, groupId: this.settings.groupId },
        });
      }
    }
    this.handler = eachBatch;
    this.phase = 'running';
    this.unsubscribeFromLog = this.topics.map((topic) => this.log.onAppend(topic, () => this.wake.notify()));
    this.loopDone = this.deliveryLoop();
    await this.coordinator.join(this);
  }

  stop(): Promise<void> {
    if (this.phase === 'new') {
      this.phase = 'stopped';
      this.onStopped(this);
      return Promise.resolve();
    }
    this.stopping ??= (async () => {
      this.phase = 'stopping';
      this.stopRequested.abort();
      this.wake.notify();
      // Leaving revokes this member first: the batch in flight finishes and is committed, onRevoked runs.
      await this.coordinator.leave(this);
      await this.loopDone;
      for (const unsubscribe of this.unsubscribeFromLog) unsubscribe();
      this.phase = 'stopped';
      this.onStopped(this);
    })();
    return this.stopping;
  }

  seek(topic: string, partition: number, offset: bigint): void {
    const owned = this.owned.find((o) => o.topic === topic && o.partition === partition);
    if (owned) owned.position = offset;
  }

  async revoke(): Promise<void> {
    this.deliveryAllowed = false;
    while (this.inFlight) await this.inFlight;
    const previous = this.currentAssignment;
    this.currentAssignment = null;
    this.owned = [];
    if (!previous) return;
    try {
      await this.settings.onRevoked(previous);
    } catch (error) {
      this.settings.report(error, { stage: 'onRevoked', groupId: this.settings.groupId });
    }
  }

  async assign(assignment: PartitionAssignment[]): Promise<void> {
    if (this.phase !== 'running') return;
    this.owned = assignment.flatMap(({ topic, partitions }) =>
      partitions.map((partition) => ({
        topic,
        partition,
        position: this.startOffset(topic, partition),
        failures: 0,
        retryAtMs: 0,
      })),
    );
    this.nextPartitionIndex = 0;
    // No batch of the new assignment is handed out before onAssigned has succeeded (state restored).
    for (let attempt = 1; this.phase === 'running'; attempt++) {
      try {
        const starts = await this.settings.onAssigned(assignment);
        for (const start of starts ?? []) {
          const owned = this.owned.find((o) => o.topic === start.topic && o.partition === start.partition);
          if (owned) owned.position = start.offset;
        }
        this.currentAssignment = assignment;
        this.deliveryAllowed = true;
        this.wake.notify();
        return;
      } catch (error) {
        this.settings.report(error, { stage: 'onAssigned', groupId: this.settings.groupId, attempt });
        await sleep(redeliveryDelayMs(attempt, this.settings.redeliveryBackoff), undefined, {
          signal: this.stopRequested.signal,
        }).catch(() => {});
      }
    }
  }

  private startOffset(topic: string, partition: number): bigint {
    const committed = this.coordinator.committedOffset(topic, partition);
    if (committed !== undefined) return committed;
    return this.settings.fromBeginning ? 0n : this.log.endOffset(topic, partition);
  }

  private async deliveryLoop(): Promise<void> {
    while (this.phase === 'running') {
      const { ready, waitMs } = this.deliveryAllowed
        ? this.nextDeliverablePartition(Date.now())
        : { ready: null, waitMs: Number.POSITIVE_INFINITY };
      if (ready) {
        this.inFlight = this.deliverBatch(ready);
        await this.inFlight;
        this.inFlight = null;
      } else {
        await this.wake.wait(waitMs);
      }
    }
  }

  /** The next owned partition (round-robin) with a message to deliver and no back-off pending. */
  private nextDeliverablePartition(nowMs: number): { ready: OwnedPartition | null; waitMs: number } {
    let waitMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.owned.length; i++) {
      const index = (this.nextPartitionIndex + i) % this.owned.length;
      const owned = this.owned[index]!;
      if (owned.position >= this.log.endOffset(owned.topic, owned.partition)) continue;
      if (owned.retryAtMs > nowMs) {
        waitMs = Math.min(waitMs, owned.retryAtMs - nowMs);
        continue;
      }
      this.nextPartitionIndex = (index + 1) % this.owned.length;
      return { ready: owned, waitMs: 0 };
    }
    return { ready: null, waitMs };
  }

  /** Hands one batch to the handler; commits after it resolves, schedules a redelivery after a throw. */
  private async deliverBatch(owned: OwnedPartition): Promise<void> {
    const { topic, partition } = owned;
    const messages = this.log.read(topic, partition, owned.position, this.settings.maxBatchSize);
    const firstOffset = messages[0]!.offset;
    try {
      await this.handler!({ topic, partition, messages });
    } catch (error) {
      owned.failures++;
      owned.retryAtMs = Date.now() + redeliveryDelayMs(owned.failures, this.settings.redeliveryBackoff);
      this.settings.report(error, {
        stage: 'handler',
        groupId: this.settings.groupId,
        topic,
        partition,
        offset: firstOffset,
        attempt: owned.failures,
      });
      return;
    }
    const nextOffset = messages[messages.length - 1]!.offset + 1n;
    this.coordinator.commit(topic, partition, nextOffset);
    owned.position = nextOffset;
    owned.failures = 0;
    owned.retryAtMs = 0;
  }
}
