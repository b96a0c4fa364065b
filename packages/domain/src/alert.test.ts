import { describe, expect, it } from 'vitest';
import { alertId, severityRank } from './alert';

describe('alertId', () => {
  it('is the same for the same vessel, type, episode start and subject (replays do not duplicate)', () => {
    expect(alertId('v1', 'border.approach', 1000, 'eez-chn')).toBe(
      alertId('v1', 'border.approach', 1000, 'eez-chn'),
    );
  });

  it('differs when any part differs', () => {
    const ids = new Set([
      alertId('v1', 'border.approach', 1000, 'eez-chn'),
      alertId('v2', 'border.approach', 1000, 'eez-chn'),
      alertId('v1', 'border.crossed', 1000, 'eez-chn'),
      alertId('v1', 'border.approach', 1001, 'eez-chn'),
      alertId('v1', 'border.approach', 1000, 'eez-mys'),
      alertId('v1', 'border.approach', 1000),
    ]);
    expect(ids.size).toBe(6);
  });

  it('cannot be confused by separators inside the parts', () => {
    expect(alertId('a/b', 'signal.lost', 1)).not.toBe(alertId('a', 'signal.lost', 1, 'b'));
  });
});

describe('severityRank', () => {
  it('orders severities from info to danger', () => {
    expect(severityRank('info')).toBeLessThan(severityRank('notice'));
    expect(severityRank('warning')).toBeLessThan(severityRank('danger'));
  });
});
