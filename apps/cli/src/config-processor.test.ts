import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPECTED_REPORT_INTERVAL_MS, isVesselWatchError } from '@vesselwatch/domain';
import { PROCESSOR_SETTINGS_DEFAULT } from '@vesselwatch/processor';
import { loadConfig } from './config';

describe('loadConfig: the processor', () => {
  it('has named defaults: live clock, one-minute signal checks, 30 s zone and registry polls, VNM', () => {
    const { processor, processorPort } = loadConfig({});
    expect(processor).toEqual(PROCESSOR_SETTINGS_DEFAULT);
    expect(processor).toMatchObject({
      groupId: 'vesselwatch-processor',
      clock: 'live',
      signalCheckIntervalMs: 60_000,
      zonePollIntervalMs: 30_000,
      registryPollIntervalMs: 30_000,
      maxBatchSize: 2_000,
      defaultFlagState: 'VNM',
      defaultReportIntervalMs: DEFAULT_EXPECTED_REPORT_INTERVAL_MS,
    });
    expect(processorPort).toBe(8081);
  });

  it('reads every processor variable, in seconds where the name says so', () => {
    const { processor, processorPort } = loadConfig({
      VW_PROCESSOR_GROUP_ID: 'replay-2025',
      VW_PROCESSOR_CLOCK: 'event',
      VW_PROCESSOR_SIGNAL_CHECK_S: '300',
      VW_PROCESSOR_ZONE_POLL_S: '5',
      VW_PROCESSOR_REGISTRY_POLL_S: '120',
      VW_PROCESSOR_BATCH_SIZE: '500',
      VW_PROCESSOR_CONCURRENT_PARTITIONS: '2',
      VW_PROCESSOR_PORT: '9464',
      VW_FLAG_STATE: 'PHL',
    });
    expect(processor).toMatchObject({
      groupId: 'replay-2025',
      clock: 'event',
      signalCheckIntervalMs: 300_000,
      zonePollIntervalMs: 5_000,
      registryPollIntervalMs: 120_000,
      maxBatchSize: 500,
      concurrentPartitions: 2,
      defaultFlagState: 'PHL',
    });
    expect(processorPort).toBe(9464);
  });

  it('names each bad processor variable', () => {
    try {
      loadConfig({ VW_PROCESSOR_CLOCK: 'wall', VW_PROCESSOR_SIGNAL_CHECK_S: '0', VW_FLAG_STATE: 'vn' });
      expect.unreachable();
    } catch (error) {
      expect(isVesselWatchError(error, 'VW_ERR_CONFIG_INVALID')).toBe(true);
      const message = (error as Error).message;
      for (const name of ['VW_PROCESSOR_CLOCK', 'VW_PROCESSOR_SIGNAL_CHECK_S', 'VW_FLAG_STATE']) {
        expect(message).toContain(name);
      }
    }
  });
});
