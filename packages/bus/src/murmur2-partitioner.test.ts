import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, toPositive } from './murmur2-partitioner';

const utf8 = new TextEncoder();

function partitionMetadata(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
}

/** Deterministic pseudo-random keys (mulberry32), so a failure is reproducible. */
function seededKeys(count: number, seed: number): string[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:.ĐđăâêôơưÀ漢字🚢';
  const symbols = Array.from(alphabet);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(next() * 40);
    let key = '';
    for (let j = 0; j < length; j++) key += symbols[Math.floor(next() * symbols.length)];
    keys.push(key);
  }
  return keys;
}

describe('murmur2', () => {
  it('matches the test vectors of Kafka’s own Utils.murmur2', () => {
    const vectors: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, expected] of vectors) expect(murmur2(utf8.encode(key)), key).toBe(expected);
  });

  it('toPositive clears the sign bit like Kafka (not Math.abs)', () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(5)).toBe(5);
  });
});

describe('partitionForKey', () => {
  it('picks the same partition as kafkajs’s DefaultPartitioner for many keys and partition counts', () => {
    const kafkajsPartition = Partitioners.DefaultPartitioner();
    const keys = [
      '',
      'a',
      'VN-12345-TS',
      '574123456',
      ...Array.from({ length: 500 }, (_, i) => `vessel-${i}`),
      ...seededKeys(5_000, 20240601),
    ];
    const partitionCounts = [1, 2, 3, 4, 6, 7, 8, 12, 16, 31, 32, 64, 100];
    let compared = 0;
    for (const partitions of partitionCounts) {
      const metadata = partitionMetadata(partitions);
      for (const key of keys) {
        const expected = kafkajsPartition({
          topic: 'vms.fixes',
          partitionMetadata: metadata,
          message: { key, value: null },
        });
        const actual = partitionForKey(key, partitions);
        if (actual !== expected)
          expect({ key, partitions, actual }).toEqual({ key, partitions, actual: expected });
        compared++;
      }
    }
    expect(compared).toBe(keys.length * partitionCounts.length);
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('k', 0)).toThrow(RangeError);
    expect(() => partitionForKey('k', 1.5)).toThrow(RangeError);
  });
});
