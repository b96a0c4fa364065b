import { alertId, type AlertEvent, type Vessel } from '@vesselwatch/domain';
import type { NotificationDelivery } from '@vesselwatch/store';

export const T0 = Date.UTC(2026, 10, 26, 7, 5, 0);

/** A registered vessel whose owner and captain can be reached on the test's receivers. */
export function testVessel(id: string, overrides: Partial<Vessel> = {}): Vessel {
  const n = Number(id.replace(/\D/g, '')) || 1;
  return {
    id,
    registrationNumber: `QNg-${String(90000 + n)}-TS`,
    name: `Hoàng Sa ${n}`,
    flagState: 'VNM',
    lengthOverallM: 18,
    gear: 'longline',
    homePortId: 'port-sa-ky',
    owner: {
      name: `Chủ tàu ${n}`,
      role: 'owner',
      phone: `+8491${String(1_000_000 + n).slice(-7)}`,
      email: `owner${n}@example.org`,
      language: 'vi',
    },
    contacts: [
      {
        name: `Thuyền trưởng ${n}`,
        role: 'captain',
        phone: `+8498${String(1_000_000 + n).slice(-7)}`,
        language: 'en',
      },
    ],
    terminalIds: [`TERM-${id}`],
    expectedReportIntervalMs: 7_200_000,
    ...overrides,
  };
}

/** A border-approach event of a vessel at a time, danger by default. */
export function borderEvent(
  vesselId: string,
  openedAtMs: number,
  transition: AlertEvent['transition'] = 'opened',
  severity: AlertEvent['alert']['severity'] = 'danger',
  lastUpdatedAtMs = openedAtMs,
): AlertEvent {
  return {
    transition,
    alert: {
      id: alertId(vesselId, 'border.approach', openedAtMs),
      type: 'border.approach',
      severity,
      status: transition === 'resolved' ? 'resolved' : 'open',
      vesselId,
      zoneId: null,
      openedAtMs,
      lastUpdatedAtMs,
      resolvedAtMs: transition === 'resolved' ? lastUpdatedAtMs : null,
      openingFix: {
        vesselId,
        terminalId: `TERM-${vesselId}`,
        reportedAtMs: openedAtMs,
        receivedAtMs: openedAtMs,
        position: [108.25, 17.9],
        speedKnots: 7.2,
        courseDeg: 95,
        source: 'naf',
      },
      evidence: {
        distanceNm: 1.8,
        timeToBoundaryMin: 14.6,
        speedKnots: 7.2,
        courseDeg: 95,
        jurisdiction: 'CHN',
      },
      zoneSetVersion: 'zs-test',
      acknowledgement: null,
    },
  };
}

/** An outbox row as a sender gets it. */
export function deliveryFixture(overrides: Partial<NotificationDelivery> = {}): NotificationDelivery {
  return {
    id: '1',
    dedupKey: 'V-1/border.approach/1#opened#1|contact:V-1:+84912345678|sms',
    eventKey: 'V-1/border.approach/1#opened#1',
    alertId: 'V-1/border.approach/1',
    vesselId: 'V-1',
    transition: 'opened',
    escalationLevel: 0,
    subscriptionId: 'default-vessel-contacts',
    recipientId: 'contact:V-1:+84912345678',
    recipientName: 'Nguyễn Văn A',
    channel: 'sms',
    address: '+84912345678',
    language: 'vi',
    subject: 'NGUY HIỂM Sắp vượt ranh giới: Tàu QNg-90123-TS (Hoàng Sa 01)',
    body: 'NGUY HIỂM Sắp vượt ranh giới: Tàu QNg-90123-TS. cách ranh giới (CHN) 1,8 hải lý. Đổi hướng ngay.',
    payload: {},
    status: 'sending',
    reason: null,
    attempts: 1,
    nextAttemptAtMs: null,
    lastError: null,
    providerMessageId: null,
    createdAtMs: T0,
    updatedAtMs: T0,
    sentAtMs: null,
    ...overrides,
  };
}
