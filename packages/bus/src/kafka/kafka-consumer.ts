import { setTimeout as sleep } from 'node:timers/promises';
import { VesselWatchError } from '@vesselwatch/domain';
import type { Consumer as KafkaJsConsumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Consumer, MessageBatch } from '../bus';
import { redeliveryDelayMs, type ConsumerSettings } from '../consumer-settings';
import { isKafkaRebalanceError, toBusError } from './kafka-errors';
import { fromKafkaJsMessage } from './kafka-message-codec';
import { assignmentFromKafkaJs, RebalanceCallbackSequencer } from './rebalance-callback-sequencer';

/** Group-membership timing handed to kafkajs (its names, in ms). */
export interface KafkaConsumerTuning {
  /** The broker drops a member it has not heard from for this long. */
  sessionTimeoutMs: number;
  /** How often a member tells the broker it is alive, also during long batches (about a third of the session). */
  heartbeatIntervalMs: number;
  /** How long the broker waits for every member to rejoin during a rebalance. */
  rebalanceTimeoutMs: number;
  /** Longest a fetch waits for new messages; bounds how late an idle member notices a rebalance or stop. */
  maxWaitTimeMs: number;
}

export const KAFKA_CONSUMER_TUNING_DEFAULT: KafkaConsumerTuning = {
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 60_000,
  maxWaitTimeMs: 1_000,
};

type Phase = 'new' | 'running' | 'stopping' | 'stopped';

/** Failures in a row of the batch starting at `offset` of one partition. */
interface FailureStreak {
  offset: bigint;
  attempts: number;
}

/**
 * A Bus consumer on a kafkajs consumer: eachBatch with autoCommit and auto-resolve off, so that an offset
 * is committed (last offset + 1) and resolved only after the handler has resolved. A kafkajs batch is cut
 * into chunks of at most maxBatchSize; each chunk is handled, committed, resolved, then kafkajs gets a
 * heartbeat, so a rebalance is noticed between chunks. A chunk whose handler throws is left unresolved:
 * after a back-off (heartbeating) eachBatch returns and kafkajs fetches again from the first unresolved
 * offset, which is the redelivery. Errors that mean "the group is rebalancing" are rethrown to kafkajs,
 * which rejoins; handler errors never reach kafkajs (it would log and restart the whole consumer).
 */
export class KafkaBusConsumer implements Consumer {
  private phase: Phase = 'new';
  private consumer: KafkaJsConsumer | null = null;
  private readonly stopRequested = new AbortController();
  private readonly sequencer: RebalanceCallbackSequencer;
  private readonly failureStreaks = new Map<string, FailureStreak>();
  private removeListeners: Array<() => void> = [];
  private lastCrash: unknown = null;
  /** Whether kafkajs restarts the consumer after lastCrash by itself (a retriable error). */
  private lastCrashRestarts = false;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly settings: ConsumerSettings,
    private readonly tuning: KafkaConsumerTuning,
    private readonly onStopped: (consumer: KafkaBusConsumer) => void,
  ) {
    this.sequencer = new RebalanceCallbackSequencer(settings, this.stopRequested.signal, (start) =>
      // A fetch already under way for the partition becomes stale (isStale) and is not handed out.
      this.consumer?.seek({
        topic: start.topic,
        partition: start.partition,
        offset: start.offset.toString(),
      }),
    );
  }

  async run(eachBatch: (batch: MessageBatch) => Promise<void>): Promise<void> {
    const { groupId, topics } = this.settings;
    if (this.phase !== 'new') {
      throw new VesselWatchError('VW_ERR_BUS_CLOSED', {
        detail: `a consumer of group ${groupId} was already run; a consumer runs once`,
      });
    }
    this.phase = 'running';
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: this.tuning.sessionTimeoutMs,
      heartbeatInterval: this.tuning.heartbeatIntervalMs,
      rebalanceTimeout: this.tuning.rebalanceTimeoutMs,
      maxWaitTimeInMs: this.tuning.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    this.removeListeners = [
      // Synchronous listeners: they only queue the callbacks (see RebalanceCallbackSequencer).
      consumer.on(consumer.events.GROUP_JOIN, (event) =>
        this.sequencer.joined(assignmentFromKafkaJs(event.payload.memberAssignment)),
      ),
      consumer.on(consumer.events.REBALANCING, () => this.sequencer.revoked()),
      consumer.on(consumer.events.CRASH, (event) => {
        this.lastCrash = event.payload.error;
        this.lastCrashRestarts = event.payload.restart;
        this.sequencer.revoked();
        this.settings.report(
          toBusError(event.payload.error, 'subscribe', { groupId, restart: event.payload.restart }),
          {
            stage: 'consumer',
            groupId,
          },
        );
      }),
    ];

    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: this.settings.fromBeginning });
      // Resolves after kafkajs's first join and sync, or after a crash while joining (then restarting).
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.settings.concurrentPartitions,
        eachBatch: (payload) => this.handleKafkaBatch(payload, eachBatch),
      });
    } catch (error) {
      await this.stop();
      throw toBusError(error, 'subscribe', { groupId, topics });
    }
    // A retriable error while joining (a broker that has just started answers "the coordinator is
    // loading" for a while): kafkajs restarts the consumer itself, so wait for that join.
    if (!this.sequencer.hasJoined) await this.waitForRestartedJoin();
    if (!this.sequencer.hasJoined) {
      const crash = this.lastCrash;
      await this.stop();
      throw toBusError(crash, 'subscribe', { groupId, topics });
    }
    await this.sequencer.settled();
  }

  /** Waits while kafkajs restarts after retriable crashes, up to the rebalance timeout (at least 30 s). */
  private async waitForRestartedJoin(): Promise<void> {
    const deadline = Date.now() + Math.max(this.tuning.rebalanceTimeoutMs, 30_000);
    while (
      !this.sequencer.hasJoined &&
      this.lastCrashRestarts &&
      !this.stopRequested.signal.aborted &&
      Date.now() < deadline
    ) {
      await sleep(100);
    }
  }

  seek(topic: string, partition: number, offset: bigint): void {
    // kafkajs (autoCommit off) only moves its fetch position; the batch in progress turns stale.
    this.consumer?.seek({ topic, partition, offset: offset.toString() });
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
      try {
        // Waits for the eachBatch in progress (which returns after its current chunk), then leaves the group.
        await this.consumer?.disconnect();
      } catch (error) {
        this.settings.report(toBusError(error, 'connect', { groupId: this.settings.groupId }), {
          stage: 'consumer',
          groupId: this.settings.groupId,
        });
      }
      for (const remove of this.removeListeners) remove();
      this.sequencer.revoked();
      await this.sequencer.settled();
      this.phase = 'stopped';
      this.onStopped(this);
    })();
    return this.stopping;
  }

  private async handleKafkaBatch(
    payload: EachBatchPayload,
    handler: (batch: MessageBatch) => Promise<void>,
  ): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary } = payload;
    const { topic, partition } = batch;
    if (!(await this.waitForRebalanceCallbacks(payload))) return;
    // Only partitions whose onAssigned completed. Not expected to happen (the callbacks have settled for the
    // generation this batch was fetched in); if it does, wait a little rather than let kafkajs refetch at once.
    if (!this.sequencer.owns(topic, partition)) {
      await this.pauseWithHeartbeats(this.tuning.maxWaitTimeMs, payload);
      return;
    }

    const { maxBatchSize, groupId } = this.settings;
    for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
      if (!isRunning() || isStale()) return;
      const messages = batch.messages
        .slice(start, start + maxBatchSize)
        .map((message) => fromKafkaJsMessage(topic, partition, message));
      const firstOffset = messages[0]!.offset;
      const lastOffset = messages[messages.length - 1]!.offset;

      const failure = await this.callHandler(handler, { topic, partition, messages }, heartbeat);
      if (failure) {
        const attempt = this.recordFailure(topic, partition, firstOffset);
        this.settings.report(failure.error, {
          stage: 'handler',
          groupId,
          topic,
          partition,
          offset: firstOffset,
          attempt,
        });
        await this.pauseWithHeartbeats(redeliveryDelayMs(attempt, this.settings.redeliveryBackoff), payload);
        return; // unresolved: kafkajs fetches from firstOffset again
      }
      // Repositioned (a seek by the onAssigned of a new generation) while the handler ran: not committed.
      if (isStale()) return;

      try {
        await commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition, offset: (lastOffset + 1n).toString() }] }],
        });
      } catch (error) {
        const attempt = this.recordFailure(topic, partition, firstOffset);
        this.settings.report(toBusError(error, 'commit', { groupId, topic, partition }), {
          stage: 'commit',
          groupId,
          topic,
          partition,
          offset: firstOffset,
          attempt,
        });
        if (isKafkaRebalanceError(error)) throw error; // kafkajs rejoins; the chunk comes again from the committed offset
        // Unresolved, so handled again after the back-off (the handler is idempotent); no tight loop while the coordinator is away.
        await this.pauseWithHeartbeats(redeliveryDelayMs(attempt, this.settings.redeliveryBackoff), payload);
        return;
      }
      this.failureStreaks.delete(`${topic}#${partition}`);
      resolveOffset(lastOffset.toString());
      await heartbeat();
    }
  }

  /** Awaits queued onRevoked/onAssigned callbacks, heartbeating meanwhile; false when stopped or stale first. */
  private async waitForRebalanceCallbacks({
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<boolean> {
    if (this.sequencer.idle) return true;
    let settled = false;
    const callbacks = this.sequencer.settled().then(() => {
      settled = true;
    });
    while (!settled) {
      if (!isRunning() || isStale()) return false;
      await Promise.race([callbacks, sleep(this.tuning.heartbeatIntervalMs)]);
      if (!settled) await heartbeat();
    }
    return true;
  }

  /** Runs the handler with heartbeats every heartbeatInterval, so a long batch does not cost the membership. */
  private async callHandler(
    handler: (batch: MessageBatch) => Promise<void>,
    batch: MessageBatch,
    heartbeat: () => Promise<void>,
  ): Promise<{ error: unknown } | null> {
    const timer = setInterval(() => {
      heartbeat().catch((error: unknown) => {
        // A rebalance is noticed again by the heartbeat after the commit; anything else is worth a report.
        if (!isKafkaRebalanceError(error)) {
          this.settings.report(toBusError(error, 'connect'), {
            stage: 'consumer',
            groupId: this.settings.groupId,
            topic: batch.topic,
            partition: batch.partition,
          });
        }
      });
    }, this.tuning.heartbeatIntervalMs);
    try {
      await handler(batch);
      return null;
    } catch (error) {
      return { error };
    } finally {
      clearInterval(timer);
    }
  }

  private recordFailure(topic: string, partition: number, offset: bigint): number {
    const key = `${topic}#${partition}`;
    const streak = this.failureStreaks.get(key);
    const attempts = streak && streak.offset === offset ? streak.attempts + 1 : 1;
    this.failureStreaks.set(key, { offset, attempts });
    return attempts;
  }

  /** The redelivery back-off: sleeps in heartbeat-sized slices, ends early on stop or a seek. */
  private async pauseWithHeartbeats(
    delayMs: number,
    { heartbeat, isRunning, isStale }: EachBatchPayload,
  ): Promise<void> {
    const until = Date.now() + delayMs;
    while (isRunning() && !isStale()) {
      const remainingMs = until - Date.now();
      if (remainingMs <= 0) return;
      await sleep(Math.min(remainingMs, this.tuning.heartbeatIntervalMs), undefined, {
        signal: this.stopRequested.signal,
      }).catch(() => {});
      await heartbeat();
    }
  }
}
