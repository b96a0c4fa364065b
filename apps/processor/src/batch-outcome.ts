import type { BusMessage, OutgoingMessage } from '@vesselwatch/bus';
import {
  ALERT_EVENT_CONTENT_TYPE,
  LIVE_UPDATE_CONTENT_TYPE,
  encodeAlertEvent,
  encodeLiveUpdate,
} from '@vesselwatch/codecs';
import { alertEventKey, type AlertEvent, type PositionFix } from '@vesselwatch/domain';
import type { FixOutcome, FixVerdict, RuleOutcome, VesselRuleState } from '@vesselwatch/rules';
import type { ProcessorBatch, RejectedFix } from '@vesselwatch/store';

/** Headers of a message the processor sends to the dead-letter topic. */
export const DEAD_LETTER_HEADERS = {
  stage: 'vw-stage',
  reason: 'vw-reason',
  errorCode: 'vw-error-code',
  sourceTopic: 'vw-source-topic',
  sourcePartition: 'vw-source-partition',
  sourceOffset: 'vw-source-offset',
} as const;

/** Alert event messages carry their dedup key (packages/domain alertEventKey) so consumers need not decode to dedupe. */
export const ALERT_EVENT_KEY_HEADER = 'vw-alert-event-key';

/**
 * Everything one unit of processor work produced (a batch of fixes, a signal-loss sweep, a re-evaluation
 * after a zone-set change), gathered in order: the store rows of its one transaction, the messages for
 * `vms.alerts`, `vms.live` and the dead-letter topic, and the vessels' new rule states. Rule states go to an
 * overlay, not to the partition: the caller applies them only after the database has taken the batch.
 */
export class BatchOutcome {
  readonly fixes: PositionFix[] = [];
  readonly rejectedFixes: RejectedFix[] = [];
  /** Each vessel's newest accepted fix (accepted fixes of a vessel come in event-time order). */
  private readonly vesselStates = new Map<string, { fix: PositionFix; portId: string | null }>();
  readonly events: AlertEvent[] = [];
  readonly portCalls: NonNullable<ProcessorBatch['portCalls']>[number][] = [];
  readonly alertMessages: OutgoingMessage[] = [];
  /** The newest live update per vessel: the live map needs a vessel's latest picture, not every step of a batch. */
  private readonly liveByVessel = new Map<string, OutgoingMessage>();
  readonly deadLetters: OutgoingMessage[] = [];
  /** New rule states by vessel id (the latest of each vessel). */
  readonly overlay = new Map<string, VesselRuleState>();
  readonly verdicts: Record<FixVerdict, number> = { accepted: 0, late: 0, rejected: 0 };
  /** Newest accepted fix time in this unit of work (0: none). */
  maxAcceptedEventTimeMs = 0;
  /** Set when this unit of work ran a signal-loss sweep: the watermark it used. */
  sweptAtWatermarkMs: number | null = null;

  /** The state a vessel has now: this batch's latest, else the partition's. */
  stateOf(vesselId: string, committed: (vesselId: string) => VesselRuleState | null): VesselRuleState | null {
    return this.overlay.get(vesselId) ?? committed(vesselId);
  }

  addFix(fix: PositionFix, outcome: FixOutcome, before: VesselRuleState | null): void {
    this.verdicts[outcome.verdict] += 1;
    switch (outcome.verdict) {
      case 'accepted':
        this.fixes.push(fix);
        this.vesselStates.set(fix.vesselId, { fix, portId: outcome.state.portId });
        if (fix.reportedAtMs > this.maxAcceptedEventTimeMs) this.maxAcceptedEventTimeMs = fix.reportedAtMs;
        break;
      case 'late':
        this.fixes.push(fix);
        break;
      case 'rejected':
        this.rejectedFixes.push({ fix, reason: outcome.rejectionReason ?? 'rejected' });
        break;
    }
    this.addRuleOutcome(fix.vesselId, outcome, before);
  }

  /** Outcome of a watermark or a re-evaluation; `before` is the state it was computed from. */
  addRuleOutcome(vesselId: string, outcome: RuleOutcome, before: VesselRuleState | null): void {
    if (outcome.state !== before) this.overlay.set(vesselId, outcome.state);
    for (const event of outcome.events) {
      this.events.push(event);
      this.alertMessages.push({
        key: vesselId,
        value: encodeAlertEvent(event),
        timestampMs: event.alert.lastUpdatedAtMs,
        headers: { 'content-type': ALERT_EVENT_CONTENT_TYPE, [ALERT_EVENT_KEY_HEADER]: alertEventKey(event) },
      });
    }
    for (const call of outcome.portCalls) this.portCalls.push(call);
    if (outcome.live) {
      this.liveByVessel.set(vesselId, {
        key: vesselId,
        value: encodeLiveUpdate(outcome.live),
        timestampMs: outcome.live.fix.reportedAtMs,
        headers: { 'content-type': LIVE_UPDATE_CONTENT_TYPE },
      });
    }
  }

  /** One message per vessel whose live picture changed: its latest. */
  latestLiveMessages(): OutgoingMessage[] {
    return [...this.liveByVessel.values()];
  }

  /** A message that is not a valid fix: to the dead-letter topic as it came, with the reason in headers. */
  addDeadLetter(message: BusMessage, reason: string, errorCode: string): void {
    this.deadLetters.push({
      key: message.key,
      value: message.value,
      timestampMs: message.timestampMs,
      headers: {
        ...message.headers,
        [DEAD_LETTER_HEADERS.stage]: 'processor',
        [DEAD_LETTER_HEADERS.reason]: reason,
        [DEAD_LETTER_HEADERS.errorCode]: errorCode,
        [DEAD_LETTER_HEADERS.sourceTopic]: message.topic,
        [DEAD_LETTER_HEADERS.sourcePartition]: String(message.partition),
        [DEAD_LETTER_HEADERS.sourceOffset]: message.offset.toString(),
      },
    });
  }

  /** True when there is nothing to send or write (a sweep in which no vessel changed). */
  get empty(): boolean {
    return (
      this.fixes.length === 0 &&
      this.rejectedFixes.length === 0 &&
      this.overlay.size === 0 &&
      this.events.length === 0 &&
      this.portCalls.length === 0 &&
      this.liveByVessel.size === 0 &&
      this.deadLetters.length === 0
    );
  }

  /** The store rows of this unit of work, with the vessels' new rule states (offset added by the caller). */
  storeBatch(partition: number): ProcessorBatch {
    // The newest transition of each alert wins in the upsert; every transition is audited.
    const alerts = new Map(this.events.map((event) => [event.alert.id, event.alert]));
    return {
      fixes: this.fixes,
      rejectedFixes: this.rejectedFixes,
      vesselStates: [...this.vesselStates.values()],
      alerts: [...alerts.values()],
      alertAudit: this.events.map((event) => ({
        alertId: event.alert.id,
        atMs: event.alert.lastUpdatedAtMs,
        action: event.transition,
        actor: 'processor',
        detail: { severity: event.alert.severity, status: event.alert.status },
      })),
      portCalls: this.portCalls,
      processorStates: [...this.overlay].map(([vesselId, state]) => ({
        vesselId,
        partition,
        state: state as unknown as Record<string, unknown>,
      })),
    };
  }
}
