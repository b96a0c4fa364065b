import { createHash } from 'node:crypto';

export interface ProviderKey {
  /** Provider name, recorded with what it sends (e.g. `movimar`, `vnpt-vms`). */
  provider: string;
  apiKey: string;
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Per-provider API keys. Keys are looked up by their SHA-256 digest, so the lookup time does not depend on
 * how much of a guessed key matches, and the keys themselves are not kept in memory after start-up.
 */
export class ApiKeys {
  private readonly providerByDigest = new Map<string, string>();

  constructor(keys: readonly ProviderKey[]) {
    for (const { provider, apiKey } of keys) this.providerByDigest.set(digest(apiKey), provider);
  }

  get size(): number {
    return this.providerByDigest.size;
  }

  /** The provider a key belongs to, or null. */
  providerFor(apiKey: string | undefined): string | null {
    if (!apiKey) return null;
    return this.providerByDigest.get(digest(apiKey)) ?? null;
  }
}

/** `X-API-Key: <key>` or `Authorization: Bearer <key>`. */
export function apiKeyFromHeaders(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match) return match[1];
  }
  return undefined;
}
