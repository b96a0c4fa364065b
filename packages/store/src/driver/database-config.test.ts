import { describe, expect, it } from 'vitest';
import { isVesselWatchError } from '@vesselwatch/domain';
import { POSTGRES_TEST_URL_DEFAULT } from '@vesselwatch/testkit';
import { describeDatabaseUrl, parseDatabaseUrl } from './database-config';
import { openDatabase } from './open-database';

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  parsed.searchParams.set('sslpassword', password);
  return parsed.toString();
}

describe('database URLs', () => {
  it('accepts postgres:// and postgresql://', () => {
    expect(parseDatabaseUrl(POSTGRES_TEST_URL_DEFAULT).protocol).toBe('postgres:');
    expect(parseDatabaseUrl(POSTGRES_TEST_URL_DEFAULT.replace('postgres:', 'postgresql:')).protocol).toBe(
      'postgresql:',
    );
  });

  it.each([
    ['not a URL', 'vesselwatch'],
    ['another scheme', POSTGRES_TEST_URL_DEFAULT.replace('postgres:', 'mysql:')],
    ['no host', 'postgres:///vesselwatch'],
  ])('rejects %s with VW_ERR_DB_URL_INVALID and does not echo the URL', (_, url) => {
    const secretUrl = url.includes('://') ? url.replace('://', '://user:s3cret@') : url;
    let thrown: unknown;
    try {
      parseDatabaseUrl(secretUrl);
    } catch (error) {
      thrown = error;
    }
    expect(isVesselWatchError(thrown, 'VW_ERR_DB_URL_INVALID')).toBe(true);
    expect(String((thrown as Error).message)).not.toContain('s3cret');
  });

  it('openDatabase refuses a bad URL before connecting', async () => {
    await expect(openDatabase({ url: 'http://example.invalid/db' })).rejects.toMatchObject({
      code: 'VW_ERR_DB_URL_INVALID',
    });
  });

  it('describes a server without its password or query parameters', () => {
    const described = describeDatabaseUrl(
      parseDatabaseUrl(withPassword(POSTGRES_TEST_URL_DEFAULT, 's3cret')),
    );
    expect(described).not.toContain('s3cret');
    expect(described).toBe(POSTGRES_TEST_URL_DEFAULT);
  });
});
