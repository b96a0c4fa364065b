import type { AlertSeverity, PositionFix } from '@vesselwatch/domain';
import type { RulesConfig } from '../config';
import type { EpisodeBook } from '../episodes';
import { distanceNm } from '../sanity';
import type { VesselProfile, VesselRuleState } from '../types';

interface LadderStep {
  severity: AlertSeverity;
  /** Silence after which this step is reached (ms after the last fix). */
  afterMs: number;
}

/** The ladder for one vessel, least urgent first: late (its own interval x factor), lost, long loss. */
export function signalLadder(vessel: VesselProfile, config: RulesConfig): LadderStep[] {
  return [
    { severity: 'notice' as const, afterMs: vessel.expectedReportIntervalMs * config.signal.lateFactor },
    { severity: 'warning' as const, afterMs: config.signal.lostAfterMs },
    { severity: 'danger' as const, afterMs: config.signal.longLossAfterMs },
  ].sort((a, b) => a.afterMs - b.afterMs);
}

/** The most urgent step reached after `silenceMs` without a fix, or null. */
function stepReached(ladder: readonly LadderStep[], silenceMs: number): LadderStep | null {
  let reached: LadderStep | null = null;
  for (const step of ladder) if (silenceMs >= step.afterMs) reached = step;
  return reached;
}

/**
 * signal.lost as time passes (`nowMs`: the wall clock live, the partition's event time in replays).
 * The episode starts at the last fix (the start of the silence), so whenever the check runs the alert id is
 * the same; each step of the ladder reached is an `updated` transition at the time it was reached.
 * Never while the vessel is in port: terminals are switched off at the quay.
 */
export function applySignalWatermark(
  state: VesselRuleState,
  vessel: VesselProfile,
  config: RulesConfig,
  book: EpisodeBook,
  nowMs: number,
): void {
  const last = state.lastFix;
  if (!last || state.portId !== null) return;
  const step = stepReached(signalLadder(vessel, config), nowMs - last.reportedAtMs);
  if (!step) return;
  const atMs = last.reportedAtMs + step.afterMs;
  const evidence = {
    gapMs: Math.round(nowMs - last.reportedAtMs),
    gapStartedNearBoundary: startedNearBoundary(state, config),
    expectedReportIntervalMs: vessel.expectedReportIntervalMs,
  };
  const open = book.get('signal.lost', null);
  if (open && open.severity === step.severity) return;
  book.openOrEscalate(
    {
      type: 'signal.lost',
      subject: null,
      severity: step.severity,
      startMs: last.reportedAtMs,
      openingFix: last,
      zoneId: null,
      evidence,
    },
    atMs,
  );
}

/**
 * A fix after a silence: an open signal.lost episode resolves, and signal.restored records the gap, the
 * distance moved over it and whether it began near a boundary. A silence long enough to be "lost" that no
 * watermark saw (a replay, or a processor that was down) is recorded the same way, after the fact.
 */
export function applySignalRestored(
  state: VesselRuleState,
  fix: PositionFix,
  vessel: VesselProfile,
  config: RulesConfig,
  book: EpisodeBook,
): void {
  const last = state.lastFix;
  if (!last) return;
  const gapMs = fix.reportedAtMs - last.reportedAtMs;
  const open = book.get('signal.lost', null);
  if (!open) {
    if (state.portId !== null || gapMs < config.signal.lostAfterMs) return;
    applySignalWatermark(state, vessel, config, book, fix.reportedAtMs);
  }
  const evidence = {
    gapMs,
    distanceMovedNm: Math.round(distanceNm(last, fix) * 1000) / 1000,
    gapStartedNearBoundary: startedNearBoundary(state, config),
  };
  book.resolve('signal.lost', null, fix.reportedAtMs, evidence);
  book.instant({
    type: 'signal.restored',
    subject: null,
    severity: 'info',
    startMs: fix.reportedAtMs,
    openingFix: fix,
    zoneId: null,
    evidence,
  });
}

function startedNearBoundary(state: VesselRuleState, config: RulesConfig): boolean {
  return state.nearestForeignNm !== null && state.nearestForeignNm <= config.approachTiersNm.notice;
}
