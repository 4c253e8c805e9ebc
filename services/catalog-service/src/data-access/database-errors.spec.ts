import { describe, expect, it } from 'vitest';
import { describeDatabaseError, isDataRejection, isDuplicateKey, isExpectedTransient } from './database-errors.js';

const mysqlError = (errno: number, code: string) =>
  Object.assign(new Error(code), { errno, code, sqlMessage: `${code} happened` });

describe('database error sorting', () => {
  it('when a duplicate key is reported, then it is recognised as "already processed"', () => {
    expect(isDuplicateKey(mysqlError(1062, 'ER_DUP_ENTRY'))).toBe(true);
    expect(isDuplicateKey(mysqlError(1205, 'ER_LOCK_WAIT_TIMEOUT'))).toBe(false);
  });

  it.each([
    ['a lock wait timeout', mysqlError(1205, 'ER_LOCK_WAIT_TIMEOUT')],
    ['a deadlock', mysqlError(1213, 'ER_LOCK_DEADLOCK')],
    ['a killed connection', mysqlError(1927, 'ER_CONNECTION_KILLED')],
    ['a lost connection', Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a statement timeout (MariaDB)', mysqlError(1969, 'ER_STATEMENT_TIMEOUT')],
    ['a statement timeout (MySQL)', mysqlError(3024, 'ER_QUERY_TIMEOUT')],
    [
      'a client-side query timeout',
      Object.assign(new Error('Defined query timeout of 4000ms exceeded'), { name: 'KnexTimeoutError' }),
    ],
    [
      'an exhausted pool',
      Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' }),
    ],
  ])('when the database reports %s, then it is an expected transient error, never a data rejection', (_what, error) => {
    expect(isExpectedTransient(error)).toBe(true);
    expect(isDataRejection(error)).toBe(false);
  });

  it.each([
    ['data too long', mysqlError(1406, 'ER_DATA_TOO_LONG')],
    ['a value out of range', mysqlError(1264, 'ER_WARN_DATA_OUT_OF_RANGE')],
    ['a failed check constraint', mysqlError(4025, 'ER_CONSTRAINT_FAILED')],
  ])('when the database rejects %s, then it is a data rejection', (_what, error) => {
    expect(isDataRejection(error)).toBe(true);
  });

  it('when the error is unknown, then it is neither: retried, but logged as unexpected', () => {
    const error = new Error('something else');
    expect(isDataRejection(error)).toBe(false);
    expect(isExpectedTransient(error)).toBe(false);
  });

  it('when described, then code, errno and the server message are named', () => {
    expect(describeDatabaseError(mysqlError(1205, 'ER_LOCK_WAIT_TIMEOUT'))).toBe(
      'ER_LOCK_WAIT_TIMEOUT 1205 ER_LOCK_WAIT_TIMEOUT happened',
    );
  });
});
