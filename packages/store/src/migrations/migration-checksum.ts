import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) of the statements a migration ran, in order. A migration that returns one script has the
 * checksum of exactly that script; several statements are joined with a NUL, which SQL text cannot contain.
 */
export function migrationChecksum(statements: readonly string[]): string {
  return createHash('sha256').update(statements.join('\u0000')).digest('hex');
}
