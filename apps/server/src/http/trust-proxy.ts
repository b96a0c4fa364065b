import { isIP } from 'node:net';

/** Express's names for address ranges `trust proxy` understands. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(token: string): boolean {
  if (NAMED_RANGES.has(token)) return true;
  const [address, bits, extra] = token.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/**
 * VW_TRUST_PROXY as ServerSettings.trustProxy: a whole number of proxy hops ("1"), or a comma-separated
 * list of addresses, CIDR ranges and express's named ranges ("loopback, 10.0.0.0/8"). Returns the problem
 * instead when the text is neither.
 */
export function parseTrustProxy(text: string): { value: number | string[] } | { problem: string } {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return hops >= 1 && hops <= 10
      ? { value: hops }
      : { problem: 'a number of proxy hops must be between 1 and 10' };
  }
  const tokens = trimmed.split(',').map((token) => token.trim());
  const bad = tokens.filter((token) => !isAddressOrRange(token));
  if (tokens.length === 0 || bad.length > 0)
    return {
      problem: `not a proxy address, CIDR range or one of loopback, linklocal, uniquelocal: ${bad.map((t) => JSON.stringify(t)).join(', ')}`,
    };
  return { value: tokens };
}
