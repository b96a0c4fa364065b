import type {
  AlertSeverity,
  AlertType,
  LiveVesselUpdate,
  PositionFix,
  VesselLiveStatus,
} from '@vesselwatch/domain';
import type { LiveVesselRow } from '@vesselwatch/store';

/**
 * One vessel on the live map, the same shape in GET /api/positions and in socket.io `positions` frames:
 * the processor's LiveVesselUpdate with the registry's labels.
 */
export interface LiveVesselView {
  vesselId: string;
  /** Null for a vessel not (yet) in the registry. */
  registrationNumber: string | null;
  name: string | null;
  fix: PositionFix;
  status: VesselLiveStatus;
  portId: string | null;
  maxSeverity: AlertSeverity | null;
  openAlertTypes: AlertType[];
  /** Only in live frames (the processor computes it); null in GET /api/positions. */
  nearestForeignNm: number | null;
}

/** The live map's colour, as the processor decides it: crossed > signal lost > near border > in port > normal. */
export function liveStatusOf(openAlertTypes: readonly AlertType[], portId: string | null): VesselLiveStatus {
  const types = new Set(openAlertTypes);
  if (types.has('border.crossed')) return 'crossed';
  if (types.has('signal.lost')) return 'signal_lost';
  if (types.has('border.approach')) return 'near_border';
  if (portId !== null) return 'in_port';
  return 'normal';
}

export function viewOfRow(row: LiveVesselRow): LiveVesselView {
  return {
    vesselId: row.fix.vesselId,
    registrationNumber: row.registrationNumber,
    name: row.name,
    fix: row.fix,
    status: liveStatusOf(row.openAlertTypes, row.portId),
    portId: row.portId,
    maxSeverity: row.maxSeverity,
    openAlertTypes: row.openAlertTypes,
    nearestForeignNm: null,
  };
}

export function viewOfUpdate(
  update: LiveVesselUpdate,
  labels: { registrationNumber: string; name: string } | null,
): LiveVesselView {
  return {
    vesselId: update.vesselId,
    registrationNumber: labels?.registrationNumber ?? null,
    name: labels?.name ?? null,
    fix: update.fix,
    status: update.status,
    portId: update.portId,
    maxSeverity: update.maxSeverity,
    openAlertTypes: update.openAlertTypes,
    nearestForeignNm: update.nearestForeignNm,
  };
}
