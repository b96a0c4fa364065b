/**
 * Kafka's default partitioner for keyed messages, so that the in-process bus puts every key on the same
 * partition Kafka (and kafkajs's DefaultPartitioner) would: `toPositive(murmur2(utf8(key))) % partitions`.
 * Keeping the two identical means a vessel's fixes land on the same partition whichever bus carries them,
 * and partition-level test expectations hold for both implementations.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

const utf8 = new TextEncoder();

/**
 * 32-bit murmur2 exactly as Kafka's `Utils.murmur2` (Java int arithmetic). Math.imul gives the same
 * wrap-around multiplication as Java's int; `>>>` matches Java's unsigned shift.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;

  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }

  // The last 1-3 bytes, as the Java switch with fall-through does it.
  const tail = length & ~3;
  const remaining = length % 4;
  if (remaining === 3) h ^= data[tail + 2]! << 16;
  if (remaining >= 2) h ^= data[tail + 1]! << 8;
  if (remaining >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, M);
  }

  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's cheap "make positive": clears the sign bit (not Math.abs, which differs for negatives). */
export function toPositive(value: number): number {
  return value & 0x7fffffff;
}

/** The partition Kafka's default partitioner picks for a message key (UTF-8 encoded, as kafkajs does). */
export function partitionForKey(key: string, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`partitionCount must be a positive integer, got ${partitionCount}`);
  }
  return toPositive(murmur2(utf8.encode(key))) % partitionCount;
}
