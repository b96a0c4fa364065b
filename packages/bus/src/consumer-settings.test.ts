import { describe, expect, it } from 'vitest';
import {
  MAX_BATCH_SIZE_DEFAULT,
  REDELIVERY_BACKOFF_DEFAULT,
  redeliveryDelayMs,
  resolveConsumerSettings,
} from './consumer-settings';

describe('resolveConsumerSettings', () => {
  it('applies the documented defaults', () => {
    const settings = resolveConsumerSettings({ groupId: 'g', topics: ['a', 'a', 'b'] });
    expect(settings.fromBeginning).toBe(true);
    expect(settings.maxBatchSize).toBe(MAX_BATCH_SIZE_DEFAULT);
    expect(settings.redeliveryBackoff).toEqual(REDELIVERY_BACKOFF_DEFAULT);
    expect(settings.topics).toEqual(['a', 'b']);
  });

  it('refuses options that cannot work with VW_ERR_CONFIG_INVALID', () => {
    expect(() => resolveConsumerSettings({ groupId: '', topics: ['a'] })).toThrow(/VW_ERR_CONFIG_INVALID/);
    expect(() => resolveConsumerSettings({ groupId: 'g', topics: [] })).toThrow(/VW_ERR_CONFIG_INVALID/);
    expect(() => resolveConsumerSettings({ groupId: 'g', topics: ['a'], maxBatchSize: 2.5 })).toThrow(
      /VW_ERR_CONFIG_INVALID/,
    );
    expect(() =>
      resolveConsumerSettings({
        groupId: 'g',
        topics: ['a'],
        redeliveryBackoff: { initialMs: 10, maxMs: 5 },
      }),
    ).toThrow(/VW_ERR_CONFIG_INVALID/);
  });

  it('keeps consuming when onError itself throws: both errors go to stderr instead', () => {
    const settings = resolveConsumerSettings({
      groupId: 'g',
      topics: ['a'],
      onError: () => {
        throw new Error('broken reporter');
      },
    });
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
      settings.report(new Error('handler failed'), { stage: 'handler', groupId: 'g', offset: 3n });
    } finally {
      process.stderr.write = original;
    }
    expect(written.map((line) => (JSON.parse(line) as { error: { message: string } }).error.message)).toEqual(
      ['broken reporter', 'handler failed'],
    );
    expect(JSON.parse(written[1]!)).toMatchObject({
      level: 'error',
      source: '@vesselwatch/bus',
      stage: 'handler',
      offset: '3',
    });
  });
});

describe('redeliveryDelayMs', () => {
  it('doubles per failure from initialMs and stops at maxMs', () => {
    const backoff = { initialMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => redeliveryDelayMs(attempt, backoff))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });
});
