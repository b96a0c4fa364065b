import type { VesselRuleState } from '@vesselwatch/rules';
import { SerialQueue } from './serial-queue';

/**
 * What the processor holds for one owned partition of the fixes topic: the rule state of every vessel whose
 * fixes arrive on it, and the offset of the first message those states do not contain yet (as stored in the
 * database with them). Changed only after the database has taken a batch's states, never before.
 */
export class PartitionState {
  readonly vessels = new Map<string, VesselRuleState>();
  readonly queue = new SerialQueue();
  /** First offset not yet applied (null: nothing stored for this partition yet). */
  nextOffset: bigint | null = null;
  /** Newest accepted fix time (event time) in this partition's states. */
  maxEventTimeMs = 0;
  /** Wall-clock time of the last batch with fixes (after a restore: the newest fix time, see restore). */
  lastMessageWallMs: number;
  /** The watermark of the last signal-loss sweep (event clock: sweeps run every signalCheckIntervalMs of event time). */
  lastSweepWatermarkMs = 0;
  /** Set when the database said another processor wrote this partition: reload before the next batch. */
  reloadNeeded = false;
  /** The zone-set version the states were last evaluated with (a change re-evaluates every vessel). */
  zoneSetVersion: string | null = null;
  /** Set when the partition was taken away: queued work for it is dropped. */
  revoked = false;
  /** The stored offset from which deleted fixes were last reported lost, so a retried batch is not counted twice. */
  expiryReportedFrom: bigint | null = null;

  constructor(
    readonly partition: number,
    nowMs: number,
  ) {
    this.lastMessageWallMs = nowMs;
  }

  /** Replaces everything with what the database holds for this partition. */
  restore(nextOffset: bigint | null, states: Iterable<VesselRuleState>, nowMs: number): void {
    this.vessels.clear();
    this.maxEventTimeMs = 0;
    for (const state of states) {
      this.vessels.set(state.vesselId, state);
      const lastMs = state.lastFix?.reportedAtMs ?? 0;
      if (lastMs > this.maxEventTimeMs) this.maxEventTimeMs = lastMs;
    }
    this.nextOffset = nextOffset;
    // As if the newest fix had arrived when it was reported: a processor that was down while the feed was
    // silent too sees the silence at once (see watermark.ts); a backlog resets this with its first batch.
    this.lastMessageWallMs = this.maxEventTimeMs > 0 ? Math.min(nowMs, this.maxEventTimeMs) : nowMs;
    this.lastSweepWatermarkMs = 0;
    this.reloadNeeded = false;
  }

  stateOf(vesselId: string): VesselRuleState | null {
    return this.vessels.get(vesselId) ?? null;
  }
}
