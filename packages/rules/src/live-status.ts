import {
  type AlertSeverity,
  type AlertType,
  type LiveVesselUpdate,
  type VesselLiveStatus,
  severityRank,
} from '@vesselwatch/domain';
import type { VesselRuleState } from './types';

/** The live map's colour for a vessel: the most urgent of crossed > signal lost > near border > in port. */
export function liveStatus(state: VesselRuleState): VesselLiveStatus {
  const types = new Set(state.episodes.map((episode) => episode.alert.type));
  if (types.has('border.crossed')) return 'crossed';
  if (types.has('signal.lost')) return 'signal_lost';
  if (types.has('border.approach')) return 'near_border';
  if (state.portId !== null) return 'in_port';
  return 'normal';
}

/** The vms.live message for a vessel's state; null when it has no accepted fix yet. */
export function liveUpdate(state: VesselRuleState, updatedAtMs: number): LiveVesselUpdate | null {
  if (!state.lastFix) return null;
  const openAlertTypes = [...new Set(state.episodes.map((episode) => episode.alert.type))].sort();
  let maxSeverity: AlertSeverity | null = null;
  for (const { alert } of state.episodes) {
    if (maxSeverity === null || severityRank(alert.severity) > severityRank(maxSeverity))
      maxSeverity = alert.severity;
  }
  return {
    vesselId: state.vesselId,
    fix: state.lastFix,
    status: liveStatus(state),
    portId: state.portId,
    nearestForeignNm: state.nearestForeignNm,
    openAlertTypes: openAlertTypes as AlertType[],
    maxSeverity,
    updatedAtMs,
  };
}

/** Whether two states look the same on the live map (same position, status and alerts). */
export function sameLivePicture(a: VesselRuleState, b: VesselRuleState): boolean {
  if (a.lastFix !== b.lastFix || a.portId !== b.portId || liveStatus(a) !== liveStatus(b)) return false;
  const severities = (state: VesselRuleState) =>
    state.episodes
      .map((episode) => `${episode.key}:${episode.alert.severity}`)
      .sort()
      .join(',');
  return severities(a) === severities(b);
}
