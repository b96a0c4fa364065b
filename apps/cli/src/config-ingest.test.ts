import { describe, expect, it } from 'vitest';
import { isVesselWatchError } from '@vesselwatch/domain';
import { loadConfig } from './config';

describe('loadConfig: gateway and simulator', () => {
  it('defaults: no API keys, no NMEA listener, 300 simulated vessels reporting every 2 h', () => {
    const config = loadConfig({});
    expect(config.gateway).toEqual({
      apiKeys: [],
      nmeaPort: null,
      maxBodyBytes: 1_048_576,
      maxPendingFixes: 20_000,
    });
    expect(config.simulator).toEqual({
      vesselCount: 300,
      seed: 20261126,
      reportIntervalMs: 7_200_000,
      speedFactor: 60,
      historyMs: 7 * 24 * 3_600_000,
    });
  });

  it('reads provider keys and turns the simulator off with VW_SIM_VESSELS=0', () => {
    const config = loadConfig({
      VW_GATEWAY_API_KEYS: 'movimar:0123456789abcdef0123, vnpt-vms:fedcba9876543210:x',
      VW_GATEWAY_NMEA_PORT: '10110',
      VW_SIM_VESSELS: '0',
    });
    expect(config.gateway.apiKeys).toEqual([
      { provider: 'movimar', apiKey: '0123456789abcdef0123' },
      { provider: 'vnpt-vms', apiKey: 'fedcba9876543210:x' },
    ]);
    expect(config.gateway.nmeaPort).toBe(10110);
    expect(config.simulator).toBeNull();
  });

  it('names bad keys and simulator settings', () => {
    try {
      loadConfig({ VW_GATEWAY_API_KEYS: 'movimar:short', VW_SIM_REPORT_INTERVAL_S: '0' });
      expect.unreachable();
    } catch (error) {
      expect(isVesselWatchError(error, 'VW_ERR_CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toMatch(/VW_GATEWAY_API_KEYS.*at least 16 characters/);
      expect((error as Error).message).toMatch(/VW_SIM_REPORT_INTERVAL_S/);
    }
  });
});
