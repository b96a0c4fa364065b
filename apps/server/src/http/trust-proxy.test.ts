import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy (VW_TRUST_PROXY)', () => {
  it('reads a number of hops or a list of addresses, ranges and named ranges', () => {
    expect(parseTrustProxy('1')).toEqual({ value: 1 });
    expect(parseTrustProxy(' loopback, 10.0.0.0/8 ,fd00::/8,192.0.2.1 ')).toEqual({
      value: ['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.1'],
    });
  });

  it('names what is wrong', () => {
    expect(parseTrustProxy('0')).toEqual({ problem: 'a number of proxy hops must be between 1 and 10' });
    expect(parseTrustProxy('true')).toMatchObject({ problem: expect.stringContaining('"true"') });
    expect(parseTrustProxy('10.0.0.0/33, proxy.local')).toMatchObject({
      problem: expect.stringMatching(/"10\.0\.0\.0\/33", "proxy\.local"/),
    });
    expect(parseTrustProxy('')).toMatchObject({ problem: expect.stringContaining('""') });
  });
});
