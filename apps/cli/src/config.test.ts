import { describe, expect, it } from 'vitest';
import { isVesselWatchError } from '@vesselwatch/domain';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('runs on the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ port: 8080, host: '127.0.0.1' });
    expect(config.bus).toEqual({ kind: 'in-process' });
    expect(config.database).toEqual({
      embedded: { dataDir: '.vesselwatch/pgdata' },
      fixesRetentionMonths: 36,
    });
    expect(config.storeMaintenanceIntervalMs).toBe(60 * 60_000);
  });

  it('switches to Kafka and a database server when their addresses are set', () => {
    const config = loadConfig({
      KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19094',
      DATABASE_URL: 'postgres://vesselwatch@127.0.0.1:15432/vesselwatch',
    });
    expect(config.bus).toEqual({
      kind: 'kafka',
      brokers: ['127.0.0.1:19092', '127.0.0.1:19094'],
      clientId: 'vesselwatch',
    });
    expect(config.database).toEqual({
      url: 'postgres://vesselwatch@127.0.0.1:15432/vesselwatch',
      fixesRetentionMonths: 36,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ KAFKA_BROKERS: '', PORT: '' }).bus).toEqual({ kind: 'in-process' });
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: '80800', KAFKA_BROKERS: 'localhost', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(isVesselWatchError(error, 'VW_ERR_CONFIG_INVALID')).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('KAFKA_BROKERS');
      expect(message).toContain('DATABASE_URL');
    }
  });
});
