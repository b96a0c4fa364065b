import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPECTED_REPORT_INTERVAL_MS, VesselSchema, vesselClassForLength } from './vessel';

const vessel = {
  id: 'vn-st-12345',
  registrationNumber: 'ST-12345-TS',
  name: 'Phuoc Loc 68',
  flagState: 'VNM',
  lengthOverallM: 18.5,
  gear: 'trawl',
  homePortId: 'port-vn-tran-de',
  owner: { name: 'Nguyen Van A', role: 'owner', phone: '+84912345678' },
};

describe('VesselSchema', () => {
  it('fills the defaults: 2-hourly reporting (Decree 26/2019), no terminals yet, Vietnamese messages', () => {
    const parsed = VesselSchema.parse(vessel);
    expect(parsed.expectedReportIntervalMs).toBe(DEFAULT_EXPECTED_REPORT_INTERVAL_MS);
    expect(parsed.terminalIds).toEqual([]);
    expect(parsed.owner.language).toBe('vi');
  });

  it.each(['ST-12345-TS', 'QNg-90123-TS', 'BĐ-97461-TS', 'KG-123-TS'])(
    'accepts registration %s',
    (registrationNumber) => {
      expect(VesselSchema.safeParse({ ...vessel, registrationNumber }).success).toBe(true);
    },
  );

  it.each(['ST12345TS', 'ST-12345', '12345-TS', 'ST-12345-XX'])(
    'rejects Vietnamese registration %s',
    (registrationNumber) => {
      const result = VesselSchema.safeParse({ ...vessel, registrationNumber });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['registrationNumber']);
    },
  );

  it('accepts free-form registrations of other flag states', () => {
    expect(
      VesselSchema.safeParse({ ...vessel, flagState: 'CHN', registrationNumber: 'QIONGDANZHOU 12345' })
        .success,
    ).toBe(true);
  });

  it('rejects a phone number that is not E.164', () => {
    const result = VesselSchema.safeParse({ ...vessel, owner: { ...vessel.owner, phone: '0912345678' } });
    expect(result.error?.issues[0]?.path).toEqual(['owner', 'phone']);
  });
});

describe('vesselClassForLength (Decree 26/2019 Art. 43)', () => {
  it.each([
    [11.99, 'coastal'],
    [12, 'inshore'],
    [14.99, 'inshore'],
    [15, 'offshore'],
    [32, 'offshore'],
  ] as const)('%d m is %s', (lengthM, expected) => {
    expect(vesselClassForLength(lengthM)).toBe(expected);
  });
});
