import { describe, expect, it } from 'vitest';
import * as domain from '@vesselwatch/domain';
import { ALERT_SEVERITIES, ALERT_TYPES, VESSEL_LIVE_STATUSES, ZONE_KINDS } from './constants';

describe('the dashboard copies of the domain enumerations', () => {
  it('equal the domain', () => {
    expect(ALERT_TYPES).toEqual(domain.ALERT_TYPES);
    expect(ALERT_SEVERITIES).toEqual(domain.ALERT_SEVERITIES);
    expect(VESSEL_LIVE_STATUSES).toEqual(domain.VESSEL_LIVE_STATUSES);
    expect(ZONE_KINDS).toEqual(domain.ZONE_KINDS);
  });
});
