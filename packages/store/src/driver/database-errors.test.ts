import { describe, expect, it } from 'vitest';
import { toDatabaseError } from './database-errors';

const context = { driver: 'pg' as const, database: 'pg test' };

describe('mapping driver errors', () => {
  it.each([
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    [
      'happy-eyeballs AggregateError',
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    ],
    ['a server shutting down', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
  ])('%s is VW_ERR_DB_UNAVAILABLE (retriable)', (_, error) => {
    const mapped = toDatabaseError(error, context);
    expect(mapped.code).toBe('VW_ERR_DB_UNAVAILABLE');
    expect(mapped.retriable).toBe(true);
    expect(mapped.cause).toBe(error);
  });

  it.each([
    ['a wrong password', '28P01'],
    ['no pg_hba.conf entry', '28000'],
    ['a database that does not exist', '3D000'],
  ])('%s is VW_ERR_DB_AUTH_FAILED (not retriable: retrying would hide the mistake)', (_, sqlState) => {
    const mapped = toDatabaseError(Object.assign(new Error('refused'), { code: sqlState }), context);
    expect(mapped.code).toBe('VW_ERR_DB_AUTH_FAILED');
    expect(mapped.retriable).toBe(false);
    expect(mapped.details).toMatchObject({ sqlState });
  });

  it('a statement error is VW_ERR_DB_QUERY_FAILED with the PostgreSQL fields and a statement preview', () => {
    const pgError = Object.assign(new Error('relation "nope" does not exist'), {
      code: '42P01',
      position: '15',
    });
    const mapped = toDatabaseError(pgError, {
      ...context,
      sql: `SELECT * FROM nope WHERE x = '${'y'.repeat(1000)}'`,
    });
    expect(mapped.code).toBe('VW_ERR_DB_QUERY_FAILED');
    expect(mapped.retriable).toBe(false);
    expect(mapped.message).toContain('42P01');
    expect(mapped.details).toMatchObject({
      sqlState: '42P01',
      pgMessage: 'relation "nope" does not exist',
      pgPosition: '15',
    });
    expect(String(mapped.details.statement).length).toBeLessThan(320);
    expect(mapped.cause).toBe(pgError);
  });
});
