import { describe, expect, it } from 'vitest';
import { alertEventKey, alertId, type AlertEvent, type Vessel } from '@vesselwatch/domain';
import {
  DOWNLINK_MAX_CHARS,
  EscalationPolicySchema,
  RETRY_POLICY_DEFAULT,
  SubscriptionSchema,
  escalationTimers,
  foldToAscii,
  planDeliveries,
  quietHoursReleaseMs,
  renderDownlink,
  renderMessage,
  retryDelayMs,
  subscriptionMatches,
  type NotificationChannel,
  type SubscriptionInput,
} from './index';

// 2026-11-26 07:05 UTC = 14:05 in Asia/Ho_Chi_Minh (UTC+7, no daylight saving time).
const T0 = Date.UTC(2026, 10, 26, 7, 5, 0);

const vessel: Vessel = {
  id: 'V-1',
  registrationNumber: 'QNg-90123-TS',
  name: 'Hoàng Sa 01',
  flagState: 'VNM',
  lengthOverallM: 18,
  gear: 'longline',
  homePortId: 'port-sa-ky',
  owner: {
    name: 'Nguyễn Văn A',
    role: 'owner',
    phone: '+84912345678',
    email: 'a@example.org',
    language: 'vi',
  },
  contacts: [
    { name: 'Trần Văn B', role: 'captain', phone: '+84987654321', language: 'vi' },
    { name: 'Jane Roe', role: 'agent', email: 'jane@example.org', language: 'en' },
  ],
  terminalIds: ['TERM-1'],
  expectedReportIntervalMs: 7_200_000,
};

function event(
  overrides: Partial<AlertEvent['alert']> = {},
  transition: AlertEvent['transition'] = 'opened',
): AlertEvent {
  return {
    transition,
    alert: {
      id: alertId('V-1', 'border.approach', T0),
      type: 'border.approach',
      severity: 'danger',
      status: transition === 'resolved' ? 'resolved' : 'open',
      vesselId: 'V-1',
      zoneId: null,
      openedAtMs: T0,
      lastUpdatedAtMs: T0,
      resolvedAtMs: null,
      openingFix: {
        vesselId: 'V-1',
        terminalId: 'TERM-1',
        reportedAtMs: T0,
        receivedAtMs: T0,
        position: [108.25, 17.9],
        speedKnots: 7.2,
        courseDeg: 95,
        source: 'naf',
      },
      evidence: {
        distanceNm: 1.84,
        timeToBoundaryMin: 14.6,
        speedKnots: 7.2,
        courseDeg: 95.4,
        jurisdiction: 'CHN',
      },
      zoneSetVersion: 'zs-1',
      acknowledgement: null,
      ...overrides,
    },
  };
}

const sub = (input: Partial<SubscriptionInput> & Pick<SubscriptionInput, 'recipient' | 'channels'>) =>
  SubscriptionSchema.parse({ id: 'sub-1', ...input });

const ALL: ReadonlySet<NotificationChannel> = new Set(['sms', 'email', 'webhook', 'downlink']);

describe('subscriptions', () => {
  it('refuse channels that do not fit the recipient, bad phones and bad quiet hours', () => {
    expect(
      SubscriptionSchema.safeParse({ id: 'x', recipient: { kind: 'vessel-terminal' }, channels: ['sms'] })
        .success,
    ).toBe(false);
    expect(
      SubscriptionSchema.safeParse({
        id: 'x',
        recipient: { kind: 'person', name: 'A', phone: '0912345678' },
        channels: ['sms'],
      }).success,
    ).toBe(false);
    expect(
      SubscriptionSchema.safeParse({
        id: 'x',
        recipient: { kind: 'person', name: 'A' },
        channels: ['sms'],
        quietHours: { start: '22:00', end: '06:00', timeZone: 'Mars/Olympus' },
      }).success,
    ).toBe(false);
    expect(
      SubscriptionSchema.safeParse({
        id: 'x',
        recipient: { kind: 'webhook', url: 'ftp://x', secret: 'a'.repeat(16) },
        channels: ['webhook'],
      }).success,
    ).toBe(false);
  });

  it('match by type, severity, vessel, port, transition and escalation level', () => {
    const base: Pick<SubscriptionInput, 'recipient' | 'channels'> = {
      recipient: { kind: 'vessel-contacts', roles: ['owner'] },
      channels: ['sms'],
    };
    expect(subscriptionMatches(sub(base), event(), vessel)).toBe(true);
    expect(subscriptionMatches(sub({ ...base, alertTypes: ['signal.lost'] }), event(), vessel)).toBe(false);
    expect(
      subscriptionMatches(sub({ ...base, minSeverity: 'danger' }), event({ severity: 'warning' }), vessel),
    ).toBe(false);
    expect(subscriptionMatches(sub({ ...base, vesselIds: ['V-2'] }), event(), vessel)).toBe(false);
    expect(subscriptionMatches(sub({ ...base, portIds: ['port-sa-ky'] }), event(), vessel)).toBe(true);
    expect(subscriptionMatches(sub({ ...base, portIds: ['port-other'] }), event(), vessel)).toBe(false);
    // A port alert matches the port it happened at too.
    expect(
      subscriptionMatches(
        sub({ ...base, portIds: ['port-other'] }),
        event({ type: 'port.arrival', zoneId: 'port-other', severity: 'info' }),
        vessel,
      ),
    ).toBe(true);
    expect(
      subscriptionMatches(sub({ ...base, transitions: ['opened'] }), event({}, 'resolved'), vessel),
    ).toBe(false);
    expect(subscriptionMatches(sub({ ...base, enabled: false }), event(), vessel)).toBe(false);
    expect(subscriptionMatches(sub({ ...base, escalationLevel: 1 }), event(), vessel)).toBe(false);
    expect(subscriptionMatches(sub({ ...base, escalationLevel: 1 }), event(), vessel, 1)).toBe(true);
  });
});

describe('quiet hours', () => {
  const night = {
    start: '22:00',
    end: '06:00',
    timeZone: 'Asia/Ho_Chi_Minh',
    bypassFromSeverity: 'danger',
  } as const;
  it('hold a message until the end of a period that spans midnight, in the local time zone', () => {
    const at2330Local = Date.UTC(2026, 10, 26, 16, 30, 20); // 23:30:20 in Hanoi
    expect(quietHoursReleaseMs(night, 'warning', at2330Local)).toBe(Date.UTC(2026, 10, 26, 23, 0, 0)); // 06:00
    const at0530Local = Date.UTC(2026, 10, 26, 22, 30, 0);
    expect(quietHoursReleaseMs(night, 'warning', at0530Local)).toBe(Date.UTC(2026, 10, 26, 23, 0, 0));
  });
  it('let messages through outside the period, from the bypass severity on, and without quiet hours', () => {
    expect(quietHoursReleaseMs(night, 'warning', T0)).toBe(T0);
    const at2330Local = Date.UTC(2026, 10, 26, 16, 30, 0);
    expect(quietHoursReleaseMs(night, 'danger', at2330Local)).toBe(at2330Local);
    expect(quietHoursReleaseMs(null, 'info', at2330Local)).toBe(at2330Local);
    expect(quietHoursReleaseMs({ ...night, end: '22:00' }, 'info', at2330Local)).toBe(at2330Local);
  });
  it('read the clock in the subscription’s own time zone', () => {
    const day = {
      start: '09:00',
      end: '17:00',
      timeZone: 'Europe/Paris',
      bypassFromSeverity: 'danger',
    } as const;
    // 14:05 in Hanoi is 08:05 in Paris (UTC+1 in November): not quiet yet.
    expect(quietHoursReleaseMs(day, 'info', T0)).toBe(T0);
    expect(quietHoursReleaseMs(day, 'info', T0 + 3_600_000)).toBe(Date.UTC(2026, 10, 26, 16, 0, 0));
  });
});

describe('templates', () => {
  it('carry the registration number, the distance in nm, course, speed, local time and what to do (vi, en)', () => {
    const vi = renderMessage(event(), { vessel, language: 'vi' });
    expect(vi.text).toContain('QNg-90123-TS');
    expect(vi.text).toContain('NGUY HIỂM');
    expect(vi.text).toContain('cách ranh giới (CHN) 1,8 hải lý');
    expect(vi.text).toContain('hướng 95°');
    expect(vi.text).toContain('26/11 14:05 GMT+7');
    expect(vi.text).toContain('Đổi hướng ngay, không vượt ranh giới.');
    const en = renderMessage(event(), { vessel, language: 'en' });
    expect(en.subject).toBe('DANGER Approaching a maritime boundary: Vessel QNg-90123-TS (Hoàng Sa 01)');
    expect(en.text).toContain('from the boundary (CHN) 1.8 nm');
    expect(en.text).toContain('reaches it in about 15 min');
    expect(en.text).toContain('Turn away now; do not cross the boundary.');
    expect(renderMessage(event({}, 'resolved'), { vessel, language: 'en' }).text).toContain(
      'The alert is over.',
    );
    expect(
      renderMessage(event(), { vessel, language: 'en', escalation: { level: 1, afterMinutes: 15 } }).subject,
    ).toMatch(/^\[ESCALATION LEVEL 1: not acknowledged after 15 min\] DANGER/);
    // A vessel nobody registered is named by its id.
    expect(renderMessage(event(), { vessel: null, language: 'en' }).text).toContain('Vessel V-1');
  });

  it('fold Vietnamese to printable ASCII for terminals, within the downlink length', () => {
    expect(foldToAscii('Nguy hiểm: Đổi hướng ngay, cách 1,8 hải lý°')).toBe(
      'Nguy hiem: Doi huong ngay, cach 1,8 hai ly?',
    );
    const texts = renderDownlink(event());
    for (const text of [texts.textAscii, texts.textEn]) {
      expect(text).toMatch(/^[\x20-\x7e]+$/);
      expect(text.length).toBeLessThanOrEqual(DOWNLINK_MAX_CHARS);
    }
    expect(texts.textAscii).toContain('NGUY HIEM Sap vuot ranh gioi, cach ranh gioi (CHN) 1,8 hai ly');
    expect(texts.textEn).toContain('Turn away now');
    expect(texts.text.length).toBeLessThanOrEqual(DOWNLINK_MAX_CHARS);
  });
});

describe('planning deliveries', () => {
  const owners = sub({
    id: 'owners',
    recipient: { kind: 'vessel-contacts', roles: ['owner', 'captain', 'agent'] },
    channels: ['sms', 'email'],
  });
  const terminal = sub({ id: 'terminal', recipient: { kind: 'vessel-terminal' }, channels: ['downlink'] });
  const officers = sub({ id: 'officers', recipient: { kind: 'port-officers' }, channels: ['sms'] });
  const context = {
    vessel,
    portOfficers: [
      {
        userId: 'u1',
        displayName: 'Officer Sa Ky',
        portId: 'port-sa-ky',
        phone: '+84911111111',
        email: null,
      },
      {
        userId: 'u2',
        displayName: 'Officer elsewhere',
        portId: 'port-other',
        phone: '+84922222222',
        email: null,
      },
    ],
  };

  it('one delivery per recipient and channel, dedup keys from the event key, undeliverable ones recorded with the reason', () => {
    const planned = planDeliveries(event(), [owners, terminal, officers, owners], context, {
      nowMs: T0,
      configuredChannels: new Set(['sms', 'downlink']),
    });
    const key = alertEventKey(event());
    expect(planned.map((d) => [d.dedupKey, d.status, d.reason, d.address])).toEqual([
      [`${key}|contact:V-1:+84912345678|sms`, 'pending', null, '+84912345678'],
      [`${key}|contact:V-1:+84912345678|email`, 'undeliverable', 'channel_not_configured', 'a@example.org'],
      [`${key}|contact:V-1:+84987654321|sms`, 'pending', null, '+84987654321'],
      [`${key}|contact:V-1:+84987654321|email`, 'undeliverable', 'no_address', null],
      [`${key}|contact:V-1:jane@example.org|sms`, 'undeliverable', 'no_address', null],
      [
        `${key}|contact:V-1:jane@example.org|email`,
        'undeliverable',
        'channel_not_configured',
        'jane@example.org',
      ],
      [`${key}|terminal:TERM-1|downlink`, 'pending', null, 'TERM-1'],
      [`${key}|user:u1|sms`, 'pending', null, '+84911111111'],
    ]);
    const english = planned.find(
      (d) => d.recipientId === 'contact:V-1:jane@example.org' && d.channel === 'email',
    )!;
    expect(english.language).toBe('en');
    expect(english.body).toContain('Turn away now');
    const downlink = planned.find((d) => d.channel === 'downlink')!;
    expect(downlink.payload).toMatchObject({ terminalId: 'TERM-1' });
    expect(String(downlink.payload.textAscii)).toMatch(/^[\x20-\x7e]+$/);
  });

  it('hold people’s messages in quiet hours but never a terminal’s, and plan escalations under their own key', () => {
    const quiet = sub({
      id: 'quiet',
      recipient: { kind: 'person', name: 'Desk', phone: '+84933333333' },
      channels: ['sms'],
      quietHours: { start: '22:00', end: '06:00' },
    });
    const at2330 = Date.UTC(2026, 10, 26, 16, 30, 0);
    const warning = event({ severity: 'warning' });
    const [held, downlink] = planDeliveries(warning, [quiet, terminal], context, {
      nowMs: at2330,
      configuredChannels: ALL,
    });
    expect(held!.notBeforeMs).toBe(Date.UTC(2026, 10, 26, 23, 0, 0));
    expect(downlink!.notBeforeMs).toBe(at2330);

    const centre = sub({
      id: 'centre',
      recipient: { kind: 'person', name: 'Centre', phone: '+84944444444' },
      channels: ['sms'],
      escalationLevel: 1,
    });
    expect(planDeliveries(event(), [centre], context, { nowMs: T0, configuredChannels: ALL })).toEqual([]);
    const [escalated] = planDeliveries(event(), [centre], context, {
      nowMs: T0,
      configuredChannels: ALL,
      escalation: { level: 1, afterMinutes: 15 },
    });
    expect(escalated!.dedupKey).toBe(`${event().alert.id}#escalation#1|subscription:centre|sms`);
    expect(escalated!.transition).toBe('escalated');
    expect(escalated!.body).toContain('[CHUYỂN CẤP 1: chưa ai xác nhận sau 15 phút]');
  });

  it('plan nothing for contacts of a vessel that is not in the registry, but still for fixed recipients', () => {
    const desk = sub({
      id: 'desk',
      recipient: { kind: 'person', name: 'Desk', email: 'desk@example.org', language: 'en' },
      channels: ['email'],
    });
    const planned = planDeliveries(
      event(),
      [owners, terminal, desk],
      { vessel: null, portOfficers: [] },
      { nowMs: T0, configuredChannels: ALL },
    );
    expect(planned.map((d) => d.recipientId)).toEqual(['subscription:desk']);
  });
});

describe('escalation and retries', () => {
  const policy = EscalationPolicySchema.parse({
    id: 'centre',
    level: 1,
    alertTypes: ['border.approach', 'border.crossed'],
  });
  it('start a timer afterMinutes after the notifier saw an open, unacknowledged danger alert', () => {
    expect(escalationTimers(event(), [policy], T0)).toMatchObject([
      { policyId: 'centre', level: 1, dueAtMs: T0 + 15 * 60_000 },
    ]);
    expect(escalationTimers(event({ severity: 'warning' }), [policy], T0)).toEqual([]);
    expect(escalationTimers(event({}, 'resolved'), [policy], T0)).toEqual([]);
    expect(escalationTimers(event({ type: 'signal.lost' }), [policy], T0)).toEqual([]);
    expect(
      escalationTimers(event({ acknowledgement: { byUserId: 'u1', atMs: T0, comment: '' } }), [policy], T0),
    ).toEqual([]);
  });
  it('back off exponentially up to the cap, then give up', () => {
    const delays = Array.from({ length: 13 }, (_, i) => retryDelayMs(RETRY_POLICY_DEFAULT, i + 1));
    expect(delays.slice(0, 7)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000]);
    expect(delays[10]).toBe(300_000);
    expect(delays[11]).toBeNull();
    expect(delays[12]).toBeNull();
  });
});

describe('stale events', () => {
  it('are planned for every recipient but sent to none (a replay of old history), escalations never', () => {
    const desk = SubscriptionSchema.parse({
      id: 'desk',
      recipient: { kind: 'person', name: 'Desk', phone: '+84933333333' },
      channels: ['sms'],
      escalationLevel: 0,
    });
    const sixHours = 6 * 3_600_000;
    const context = { vessel, portOfficers: [] };
    const fresh = planDeliveries(event(), [desk], context, {
      nowMs: T0 + sixHours,
      configuredChannels: ALL,
      maxEventAgeMs: sixHours,
    });
    expect(fresh.map((d) => [d.status, d.reason])).toEqual([['pending', null]]);
    const old = planDeliveries(event(), [desk], context, {
      nowMs: T0 + sixHours + 1,
      configuredChannels: ALL,
      maxEventAgeMs: sixHours,
    });
    expect(old.map((d) => [d.status, d.reason])).toEqual([['undeliverable', 'stale']]);
    const unlimited = planDeliveries(event(), [desk], context, {
      nowMs: T0 + 100 * sixHours,
      configuredChannels: ALL,
      maxEventAgeMs: null,
    });
    expect(unlimited.map((d) => d.status)).toEqual(['pending']);
    const centre = SubscriptionSchema.parse({ ...desk, id: 'centre', escalationLevel: 1 });
    const escalated = planDeliveries(event(), [centre], context, {
      nowMs: T0 + 100 * sixHours,
      configuredChannels: ALL,
      maxEventAgeMs: sixHours,
      escalation: { level: 1, afterMinutes: 15 },
    });
    expect(escalated.map((d) => d.status)).toEqual(['pending']);
  });
});
