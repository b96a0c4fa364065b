import { alertId, type Alert, type AlertType, type PositionFix, type Vessel } from '@vesselwatch/domain';

/** Domain objects for the store's tests: deterministic, valid against the domain schemas. */

export function fix(
  vesselId: string,
  reportedAtMs: number,
  lon: number,
  lat: number,
  overrides: Partial<PositionFix> = {},
): PositionFix {
  return {
    vesselId,
    terminalId: `T-${vesselId}`,
    reportedAtMs,
    receivedAtMs: reportedAtMs + 30_000,
    position: [lon, lat],
    speedKnots: 6.5,
    courseDeg: 90,
    source: 'sim',
    ...overrides,
  };
}

let registration = 10_000;

export function vessel(id: string, homePortId: string, overrides: Partial<Vessel> = {}): Vessel {
  registration += 1;
  return {
    id,
    registrationNumber: `BĐ-${registration}-TS`,
    name: `Tàu ${id}`,
    flagState: 'VNM',
    lengthOverallM: 16.5,
    gear: 'longline',
    homePortId,
    owner: { name: 'Nguyễn Văn A', role: 'owner', phone: '+84912345678', language: 'vi' },
    contacts: [{ name: 'Trần Văn B', role: 'captain', phone: '+84987654321', language: 'vi' }],
    terminalIds: [`T-${id}`],
    expectedReportIntervalMs: 2 * 60 * 60 * 1_000,
    ...overrides,
  };
}

export function alert(
  vesselId: string,
  type: AlertType,
  openedAtMs: number,
  zoneId: string | null,
  overrides: Partial<Alert> = {},
): Alert {
  return {
    id: alertId(vesselId, type, openedAtMs, zoneId),
    type,
    severity: 'warning',
    status: 'open',
    vesselId,
    zoneId,
    openedAtMs,
    lastUpdatedAtMs: openedAtMs,
    resolvedAtMs: null,
    openingFix: fix(vesselId, openedAtMs, 109.5, 12.25),
    evidence: { distanceNm: 4.2, speedKnots: 6.5, courseDeg: 90 },
    zoneSetVersion: 'zs-2025-01',
    acknowledgement: null,
    ...overrides,
  };
}
