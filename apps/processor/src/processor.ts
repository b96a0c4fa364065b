import {
  partitionForKey,
  type Bus,
  type Consumer,
  type MessageBatch,
  type PartitionAssignment,
  type Producer,
  type StartPosition,
} from '@vesselwatch/bus';
import { decodeFixMessage } from '@vesselwatch/codecs';
import { VesselWatchError, isVesselWatchError, type PositionFix } from '@vesselwatch/domain';
import type { RulesEngine, VesselRuleState } from '@vesselwatch/rules';
import type { Store } from '@vesselwatch/store';
import { loadActiveZoneSetEngine, type ZoneSetEngine } from './active-zone-set';
import { BatchOutcome } from './batch-outcome';
import { ProcessorMetrics } from './metrics';
import { PartitionState } from './partition-state';
import type { ProcessorLogger, ProcessorSettings } from './settings';
import { VesselProfiles } from './vessel-profiles';
import { partitionWatermarkMs } from './watermark';

/** Messages per produce request: keeps each record batch well below Kafka's 1 MB message limit. */
const SEND_CHUNK_SIZE = 500;

export interface ProcessorDependencies {
  bus: Bus;
  store: Store;
  log: ProcessorLogger;
  /** Share the process's metrics (all-in-one) or let the processor make its own. */
  metrics?: ProcessorMetrics;
  /** The wall clock (tests pass their own). */
  now?: () => number;
}

export interface ProcessorStatus {
  zoneSetVersion: string;
  partitions: number[];
  vessels: number;
  registeredVessels: number;
  /** Wall-clock time the last batch of fixes was stored (null: none yet). */
  lastBatchAtMs: number | null;
}

type WorkKind = 'fixes' | 'signal_sweep' | 'zone_reevaluation';

/**
 * The processor: a member of a consumer group on the fixes topic that runs every fix of its partitions
 * through the rules and stores and publishes what they decide. For each batch of one partition, in order:
 *
 * 1. skip messages below the partition's stored offset (already applied before a crash or rebalance);
 * 2. decode each message; one that is not a valid fix goes to the dead-letter topic with the reason;
 * 3. rules: each vessel's state from this batch's overlay, else from the partition (restored on assignment);
 * 4. produce alert events and live updates (a crash after this repeats them; consumers dedupe by alertEventKey);
 * 5. ONE store transaction: fixes, rejected fixes, vessel state, alerts and audit, port calls, the rule states
 *    and the partition's next offset (compare-and-set: see store ProcessorOffsetUpdate);
 * 6. only then the overlay becomes the partition's state, and the handler returns so the bus commits.
 * A failure anywhere throws: the bus delivers the batch again after a back-off, and nothing was applied.
 */
export class Processor {
  readonly metrics: ProcessorMetrics;
  private readonly profiles: VesselProfiles;
  private readonly now: () => number;
  private partitions = new Map<number, PartitionState>();
  private zoneSet!: ZoneSetEngine;
  private producer: Producer | null = null;
  private consumer: Consumer | null = null;
  private timers: NodeJS.Timeout[] = [];
  private readonly ticks = new Set<Promise<void>>();
  private lastBatchAtMs: number | null = null;
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly deps: ProcessorDependencies,
    readonly settings: ProcessorSettings,
  ) {
    this.metrics = deps.metrics ?? new ProcessorMetrics();
    this.now = deps.now ?? Date.now;
    this.profiles = new VesselProfiles(deps.store, {
      flagState: settings.defaultFlagState,
      reportIntervalMs: settings.defaultReportIntervalMs,
    });
  }

  /**
   * Loads the active zone set (VW_ERR_PROCESSOR_NO_ZONE_SET without one) and the registry, joins the group
   * and resolves once the first assignment's states are restored; then runs until stop().
   */
  static async start(deps: ProcessorDependencies, settings: ProcessorSettings): Promise<Processor> {
    const processor = new Processor(deps, settings);
    await processor.run();
    return processor;
  }

  status(): ProcessorStatus {
    let vessels = 0;
    for (const partition of this.partitions.values()) vessels += partition.vessels.size;
    return {
      zoneSetVersion: this.zoneSet.version,
      partitions: [...this.partitions.keys()].sort((a, b) => a - b),
      vessels,
      registeredVessels: this.profiles.size,
      lastBatchAtMs: this.lastBatchAtMs,
    };
  }

  /** Leaves the group after the batch in progress has been stored and committed; then closes the producer. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const timer of this.timers) clearInterval(timer);
      this.timers = [];
      await Promise.allSettled([...this.ticks]);
      try {
        await this.consumer?.stop();
      } finally {
        await this.producer?.close();
      }
      this.deps.log.info({ groupId: this.settings.groupId }, 'processor stopped');
    })();
    return this.stopping;
  }

  private async run(): Promise<void> {
    const { store, bus, log } = this.deps;
    const { settings } = this;
    this.zoneSet = await loadActiveZoneSetEngine(store, settings.rules);
    await this.profiles.refresh();
    this.metrics.observe({
      consumerLag: () => this.consumerLag(),
      stateSize: () => {
        const status = this.status();
        return { vessels: status.vessels, partitions: status.partitions.length };
      },
    });
    this.producer = await bus.producer();
    this.consumer = bus.consumer({
      groupId: settings.groupId,
      topics: [settings.topics.fixes],
      maxBatchSize: settings.maxBatchSize,
      concurrentPartitions: settings.concurrentPartitions,
      redeliveryBackoff: settings.redeliveryBackoff,
      onAssigned: (assignment) => this.onAssigned(assignment),
      onRevoked: (assignment) => this.onRevoked(assignment),
      onError: (error, report) => {
        const code = isVesselWatchError(error) ? error.code : 'unexpected';
        log.error(
          { err: error, ...report, offset: report.offset?.toString(), code },
          report.stage === 'handler'
            ? 'processing a batch failed; it is delivered again after a back-off'
            : `consumer ${report.stage} failed`,
        );
      },
    });
    try {
      await this.consumer.run((batch) => this.handleBatch(batch));
    } catch (error) {
      await this.producer.close();
      throw error;
    }
    this.every(settings.zonePollIntervalMs, () => this.pollZoneSet());
    this.every(settings.registryPollIntervalMs, async () => {
      const changed = await this.profiles.refresh();
      if (changed > 0) log.debug({ changed }, 'vessel registry refreshed');
    });
    if (settings.clock === 'live') this.every(settings.signalCheckIntervalMs, () => this.signalSweepAll());
    log.info(
      {
        groupId: settings.groupId,
        topic: settings.topics.fixes,
        clock: settings.clock,
        zoneSetVersion: this.zoneSet.version,
        zones: this.zoneSet.zoneCount,
        registeredVessels: this.profiles.size,
        partitions: [...this.partitions.keys()],
      },
      'processor started',
    );
  }

  /** A periodic task; never two of the same at once, never after stop, failures logged (and retried next time). */
  private every(intervalMs: number, task: () => Promise<void>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running || this.stopping) return;
      running = true;
      const tick = task()
        .catch((error: unknown) => {
          this.deps.log.error(
            { err: error, code: isVesselWatchError(error) ? error.code : 'unexpected' },
            'a periodic processor task failed; it runs again at its next interval',
          );
        })
        .finally(() => {
          running = false;
          this.ticks.delete(tick);
        });
      this.ticks.add(tick);
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  // ---- partitions

  /**
   * Restores the assigned partitions' rule states and stored offsets, and tells the bus to resume each
   * partition exactly at its stored offset: the database, written in the same transaction as the states, is
   * the truth about what was applied; the group's committed offset (written after it) can lag behind it or,
   * after a member died mid-rebalance, be missing or wrong.
   */
  private async onAssigned(assignment: PartitionAssignment[]): Promise<StartPosition[]> {
    const { groupId, topics } = this.settings;
    const owned = assignment
      .filter((entry) => entry.topic === topics.fixes)
      .flatMap((entry) => entry.partitions)
      .sort((a, b) => a - b);
    await this.followPartitionCount();
    const snapshot = await this.deps.store.loadProcessorPartitions(groupId, topics.fixes, owned);
    const partitions = new Map<number, PartitionState>();
    const nowMs = this.now();
    const statesByPartition = new Map<number, VesselRuleState[]>();
    for (const entry of snapshot.states) {
      const list = statesByPartition.get(entry.partition) ?? [];
      list.push(entry.state as unknown as VesselRuleState);
      statesByPartition.set(entry.partition, list);
    }
    for (const number of owned) {
      const partition = new PartitionState(number, nowMs);
      partition.restore(snapshot.nextOffsets.get(number) ?? null, statesByPartition.get(number) ?? [], nowMs);
      partition.zoneSetVersion = this.zoneSet.version;
      partitions.set(number, partition);
    }
    for (const previous of this.partitions.values()) previous.revoked = true;
    this.partitions = partitions;
    this.deps.log.info(
      {
        groupId,
        partitions: owned,
        vessels: snapshot.states.length,
        nextOffsets: Object.fromEntries([...snapshot.nextOffsets].map(([p, o]) => [p, o.toString()])),
      },
      'partitions assigned; rule states restored',
    );
    return [...snapshot.nextOffsets].map(([partition, offset]) => ({
      topic: topics.fixes,
      partition,
      offset,
    }));
  }

  /**
   * Rule states are stored by the partition their vessel's fixes arrive on. When partitions were added to
   * the fixes topic, vessels moved (murmur2 of the key modulo the new count): re-tag their states before
   * loading, or a vessel's new owner would start it from nothing (duplicate episodes) and its old owner would
   * hold a state whose fixes no longer come (a false signal.lost). Fixes still unread on a vessel's old
   * partition would now be applied after its new ones: drain the topic before adding partitions
   * (docs/processor.md).
   */
  private async followPartitionCount(): Promise<void> {
    const { groupId, topics } = this.settings;
    const partitionCount = (await this.deps.bus.endOffsets(topics.fixes)).size;
    if (partitionCount === 0) return;
    const rekey = await this.deps.store.rekeyProcessorStates(
      groupId,
      topics.fixes,
      partitionCount,
      (vesselId) => partitionForKey(vesselId, partitionCount),
    );
    if (rekey.previousCount !== null && rekey.previousCount !== rekey.partitionCount) {
      this.deps.log.warn(
        { topic: topics.fixes, from: rekey.previousCount, to: rekey.partitionCount, moved: rekey.moved },
        'the fixes topic has more partitions: rule states re-tagged to the partitions their vessels now use',
      );
    } else if (rekey.moved > 0) {
      this.deps.log.warn(
        { topic: topics.fixes, partitionCount: rekey.partitionCount, moved: rekey.moved },
        'rule states stored under other partitions than their vessels use were re-tagged',
      );
    }
  }

  private async onRevoked(assignment: PartitionAssignment[]): Promise<void> {
    const revoked = assignment
      .filter((entry) => entry.topic === this.settings.topics.fixes)
      .flatMap((entry) => entry.partitions);
    for (const number of revoked) {
      const partition = this.partitions.get(number);
      if (!partition) continue;
      partition.revoked = true;
      // A sweep or re-evaluation of it may still be running: let it finish before another member takes over.
      await partition.queue.idle();
      this.partitions.delete(number);
      this.metrics.lagSeconds.remove({ partition: String(number) });
    }
    this.deps.log.info({ partitions: revoked }, 'partitions revoked');
  }

  private async reload(partition: PartitionState): Promise<void> {
    const { groupId, topics } = this.settings;
    const snapshot = await this.deps.store.loadProcessorPartitions(groupId, topics.fixes, [
      partition.partition,
    ]);
    partition.restore(
      snapshot.nextOffsets.get(partition.partition) ?? null,
      snapshot.states.map((entry) => entry.state as unknown as VesselRuleState),
      this.now(),
    );
    this.deps.log.warn(
      { partition: partition.partition, nextOffset: partition.nextOffset?.toString() ?? null },
      'partition reloaded from the database after another processor wrote it',
    );
  }

  // ---- batches of fixes

  private handleBatch(batch: MessageBatch): Promise<void> {
    const partition = this.partitions.get(batch.partition);
    if (batch.topic !== this.settings.topics.fixes || !partition) {
      // The bus hands out batches only of partitions whose onAssigned succeeded; this would be a bus bug.
      return Promise.reject(
        new Error(`batch of ${batch.topic}/${batch.partition}, which this processor does not own`),
      );
    }
    return partition.queue.run(() => this.measure('fixes', () => this.processFixes(partition, batch)));
  }

  /**
   * The bus delivers from beyond the first message the database has not applied. Either the messages in
   * between are still on the bus (kafkajs reset the partition after an "offset out of range" fetch error, or
   * the group's offsets were moved by hand): go back to them and refuse this batch. Or the broker has deleted
   * them (retention ran while the processor was behind): they are gone for good, which is said loudly, and
   * the partition goes on from the first message still there rather than stall with all its vessels.
   */
  private async checkGap(
    state: PartitionState,
    batch: MessageBatch,
    stored: bigint,
    deliveredFrom: bigint,
  ): Promise<void> {
    const { topic, partition } = batch;
    const startOffset = (await this.deps.bus.startOffsets(topic)).get(partition) ?? 0n;
    const resumeAt = startOffset > stored ? startOffset : stored;
    if (deliveredFrom === resumeAt) {
      if (state.expiryReportedFrom === stored) return; // this batch failed after the report; it comes again
      state.expiryReportedFrom = stored;
      const lost = resumeAt - stored;
      this.metrics.expiredMessages.inc(Number(lost));
      const expired = new VesselWatchError('VW_ERR_PROCESSOR_MESSAGES_EXPIRED', {
        detail: `${topic}/${partition}: offsets ${stored} to ${resumeAt - 1n} (${lost} fixes) were deleted by the bus before they were applied`,
        details: {
          topic,
          partition,
          fromOffset: stored.toString(),
          toOffset: (resumeAt - 1n).toString(),
          lost: lost.toString(),
        },
      });
      this.deps.log.error(
        { err: expired, code: expired.code, ...expired.details },
        'fixes were deleted by the bus before they were applied; going on from the first one still there',
      );
      return;
    }
    this.metrics.offsetGaps.inc();
    this.consumer?.seek(topic, partition, resumeAt);
    throw new VesselWatchError('VW_ERR_PROCESSOR_OFFSET_GAP', {
      detail: `${topic}/${partition}: the database has applied up to offset ${stored}, the bus delivers from ${deliveredFrom}`,
      details: {
        topic,
        partition,
        storedNextOffset: stored.toString(),
        resumeAt: resumeAt.toString(),
        deliveredFrom: deliveredFrom.toString(),
      },
    });
  }

  private async processFixes(partition: PartitionState, batch: MessageBatch): Promise<void> {
    // Set before anything can fail, so a partition stuck on a failing batch shows its age growing. The bus
    // stamps append time (topic-spec.ts), so this is how far behind the bus this partition is, in time.
    this.metrics.lagSeconds.set(
      { partition: String(batch.partition) },
      Math.max(0, (Date.now() - batch.messages[0]!.timestampMs) / 1000),
    );
    if (partition.reloadNeeded) await this.reload(partition);
    const stored = partition.nextOffset;
    const fresh = stored === null ? batch.messages : batch.messages.filter((m) => m.offset >= stored);
    const skipped = batch.messages.length - fresh.length;
    if (skipped > 0) this.metrics.skippedMessages.inc(skipped);
    if (fresh.length === 0) return;
    if (stored !== null && fresh[0]!.offset > stored)
      await this.checkGap(partition, batch, stored, fresh[0]!.offset);
    this.deps.log.debug(
      { partition: partition.partition, firstOffset: fresh[0]!.offset.toString(), messages: fresh.length },
      'fix batch started',
    );

    const endRules = this.metrics.batchPhaseSeconds.startTimer({ phase: 'rules' });
    const engine = this.zoneSet.engine;
    const work = new BatchOutcome();
    const committed = (vesselId: string) => partition.stateOf(vesselId);
    for (const message of fresh) {
      let fix: PositionFix;
      try {
        fix = decodeFixMessage(message.value);
      } catch (error) {
        if (!isVesselWatchError(error, 'VW_ERR_INPUT_INVALID')) throw error;
        work.addDeadLetter(message, error.message, error.code);
        this.metrics.deadLetters.inc({ reason: 'invalid_fix' });
        continue;
      }
      if (fix.vesselId !== message.key) {
        // Its state would live on another partition than its fixes: refuse rather than split a vessel.
        work.addDeadLetter(
          message,
          `the message key "${message.key}" is not the fix's vessel id "${fix.vesselId}"`,
          'VW_ERR_INPUT_INVALID',
        );
        this.metrics.deadLetters.inc({ reason: 'key_mismatch' });
        continue;
      }
      const before = work.stateOf(fix.vesselId, committed);
      work.addFix(fix, engine.applyFix(before, fix, this.profiles.profileOf(fix.vesselId)), before);
    }
    if (this.settings.clock === 'event') {
      const watermarkMs = Math.max(partition.maxEventTimeMs, work.maxAcceptedEventTimeMs);
      if (watermarkMs - partition.lastSweepWatermarkMs >= this.settings.signalCheckIntervalMs) {
        this.sweep(partition, work, engine, watermarkMs);
      }
    }
    endRules();
    const nextOffset = fresh[fresh.length - 1]!.offset + 1n;
    await this.publishAndStore(partition, work, nextOffset);
    this.lastBatchAtMs = this.now();
    for (const verdict of ['accepted', 'late', 'rejected'] as const) {
      if (work.verdicts[verdict] > 0) this.metrics.fixes.inc({ verdict }, work.verdicts[verdict]);
    }
  }

  /** Produces, then writes in one transaction, then (only then) makes the overlay the partition's state. */
  private async publishAndStore(
    partition: PartitionState,
    work: BatchOutcome,
    nextOffset: bigint | null,
  ): Promise<void> {
    const { topics, groupId } = this.settings;
    const endProduce = this.metrics.batchPhaseSeconds.startTimer({ phase: 'produce' });
    await Promise.all([
      this.send(topics.fixesDeadLetter, work.deadLetters),
      this.send(topics.alerts, work.alertMessages),
      this.send(topics.live, work.latestLiveMessages()),
    ]);
    endProduce();
    const batch = work.storeBatch(partition.partition);
    if (nextOffset !== null) {
      batch.processorOffset = {
        groupId,
        topic: topics.fixes,
        partition: partition.partition,
        nextOffset,
        expectedNextOffset: partition.nextOffset,
      };
    }
    const endStore = this.metrics.batchPhaseSeconds.startTimer({ phase: 'store' });
    try {
      await this.deps.store.writeBatch(batch);
      endStore();
    } catch (error) {
      if (isVesselWatchError(error, 'VW_ERR_PROCESSOR_OFFSET_CONFLICT')) {
        partition.reloadNeeded = true;
        this.metrics.offsetConflicts.inc();
      }
      throw error;
    }
    for (const [vesselId, state] of work.overlay) partition.vessels.set(vesselId, state);
    if (nextOffset !== null) {
      partition.nextOffset = nextOffset;
      partition.lastMessageWallMs = this.now();
    }
    if (work.maxAcceptedEventTimeMs > partition.maxEventTimeMs)
      partition.maxEventTimeMs = work.maxAcceptedEventTimeMs;
    if (work.sweptAtWatermarkMs !== null) partition.lastSweepWatermarkMs = work.sweptAtWatermarkMs;
    for (const event of work.events) {
      this.metrics.alertEvents.inc({ type: event.alert.type, transition: event.transition });
    }
  }

  private async send(topic: string, messages: BatchOutcome['alertMessages']): Promise<void> {
    for (let start = 0; start < messages.length; start += SEND_CHUNK_SIZE) {
      await this.producer!.send(topic, messages.slice(start, start + SEND_CHUNK_SIZE));
    }
  }

  private async measure(kind: WorkKind, work: () => Promise<void>): Promise<void> {
    const end = this.metrics.batchSeconds.startTimer({ kind });
    try {
      await work();
      end();
    } catch (error) {
      this.metrics.batchFailures.inc({ kind, code: isVesselWatchError(error) ? error.code : 'unexpected' });
      throw error;
    }
  }

  // ---- time passing: signal loss

  /** Every owned vessel (stored, or new in this batch) at the watermark; outcomes go into `work`. */
  private sweep(
    partition: PartitionState,
    work: BatchOutcome,
    engine: RulesEngine,
    watermarkMs: number,
  ): void {
    const ids = new Set(partition.vessels.keys());
    for (const vesselId of work.overlay.keys()) ids.add(vesselId);
    for (const vesselId of ids) {
      const before = work.stateOf(vesselId, (id) => partition.stateOf(id))!;
      work.addRuleOutcome(
        vesselId,
        engine.applyWatermark(before, this.profiles.profileOf(vesselId), watermarkMs),
        before,
      );
    }
    work.sweptAtWatermarkMs = watermarkMs;
  }

  private async signalSweepAll(): Promise<void> {
    for (const partition of [...this.partitions.values()]) {
      await partition.queue.run(() =>
        this.measure('signal_sweep', async () => {
          if (partition.revoked || this.stopping) return;
          const work = new BatchOutcome();
          this.sweep(
            partition,
            work,
            this.zoneSet.engine,
            partitionWatermarkMs('live', partition, this.now()),
          );
          if (work.empty) {
            partition.lastSweepWatermarkMs = work.sweptAtWatermarkMs!;
            return;
          }
          await this.publishAndStore(partition, work, null);
        }),
      );
    }
  }

  // ---- zone-set changes

  private async pollZoneSet(): Promise<void> {
    const version = await this.deps.store.activeZoneSetVersion();
    if (version === null) {
      this.deps.log.warn(
        { zoneSetVersion: this.zoneSet.version },
        'the database has no active zone set any more; the processor keeps the one it has',
      );
    } else if (version !== this.zoneSet.version) {
      const previous = this.zoneSet.version;
      this.zoneSet = await loadActiveZoneSetEngine(this.deps.store, this.settings.rules, version);
      this.metrics.zoneSetChanges.inc();
      this.deps.log.info(
        { previous, zoneSetVersion: version, zones: this.zoneSet.zoneCount },
        'zone set changed',
      );
    }
    // Partitions not yet re-evaluated with the current zone set (also those whose last attempt failed).
    for (const partition of [...this.partitions.values()]) {
      if (partition.zoneSetVersion === this.zoneSet.version) continue;
      await partition.queue.run(() =>
        this.measure('zone_reevaluation', async () => {
          if (partition.revoked || this.stopping) return;
          const { engine, version: target } = this.zoneSet;
          const atMs = partitionWatermarkMs(this.settings.clock, partition, this.now());
          const work = new BatchOutcome();
          for (const [vesselId, before] of partition.vessels) {
            const outcome = engine.reevaluate(before, this.profiles.profileOf(vesselId), atMs);
            if (outcome.events.length === 0 && outcome.portCalls.length === 0 && outcome.live === null)
              continue;
            work.addRuleOutcome(vesselId, outcome, before);
          }
          if (!work.empty) await this.publishAndStore(partition, work, null);
          partition.zoneSetVersion = target;
        }),
      );
    }
  }

  // ---- metrics

  private async consumerLag(): Promise<Map<number, number>> {
    const lag = new Map<number, number>();
    if (this.partitions.size === 0) return lag;
    const { topics, groupId } = this.settings;
    const [ends, committed] = await Promise.all([
      this.deps.bus.endOffsets(topics.fixes),
      this.deps.bus.committedOffsets(groupId, topics.fixes),
    ]);
    for (const [number, partition] of this.partitions) {
      const end = ends.get(number);
      if (end === undefined) {
        throw new VesselWatchError('VW_ERR_BUS_TOPIC_UNKNOWN', {
          detail: `${topics.fixes} has no partition ${number}`,
        });
      }
      const position = partition.nextOffset ?? committed.get(number) ?? -1n;
      lag.set(number, Number(end - (position < 0n ? 0n : position)));
    }
    return lag;
  }
}
