/**
 * Sorting database errors for the consumer. Almost every failure is the database's passing state
 * (restarting, a deadlock, a row lock held too long, the pool exhausted) and is retried until it
 * goes away. Only an error the server raises because of the values of this one message (validated
 * before, so in practice never) sends the message to the dead-letter topic instead.
 */
interface DatabaseErrorShape {
  errno?: number;
  code?: string;
  sqlMessage?: string;
}

const ER_DUP_ENTRY = 1062;

/** Errors caused by the values of one row: retrying the same message can never succeed. */
const DATA_REJECTIONS = new Set([
  1048, // ER_BAD_NULL_ERROR
  1264, // ER_WARN_DATA_OUT_OF_RANGE
  1292, // ER_TRUNCATED_WRONG_VALUE
  1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
  1406, // ER_DATA_TOO_LONG
  4025, // ER_CONSTRAINT_FAILED
]);

/** Errors we expect from a healthy system under contention or a database going away. */
const EXPECTED_TRANSIENT = new Set([
  1205, // ER_LOCK_WAIT_TIMEOUT
  1213, // ER_LOCK_DEADLOCK
  1040, // ER_CON_COUNT_ERROR
  1053, // ER_SERVER_SHUTDOWN
  1927, // ER_CONNECTION_KILLED
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
  1969, // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
  3024, // ER_QUERY_TIMEOUT (MySQL max_execution_time)
  1317, // ER_QUERY_INTERRUPTED
]);

function shape(error: unknown): DatabaseErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

export function isDuplicateKey(error: unknown): boolean {
  return shape(error).errno === ER_DUP_ENTRY;
}

export function isDataRejection(error: unknown): boolean {
  const errno = shape(error).errno;
  return errno !== undefined && DATA_REJECTIONS.has(errno);
}

/** A transient error we expect (logged as a warning); anything else retried is logged as an error. */
export function isExpectedTransient(error: unknown): boolean {
  const { errno, code } = shape(error);
  if (errno !== undefined && EXPECTED_TRANSIENT.has(errno)) return true;
  if ((error as Error | undefined)?.name === 'KnexTimeoutError') return true;
  return (
    typeof code === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|PROTOCOL_CONNECTION_LOST|PROTOCOL_SEQUENCE_TIMEOUT)$/.test(code)
  );
}

export function describeDatabaseError(error: unknown): string {
  const { errno, code, sqlMessage } = shape(error);
  return [code, errno, sqlMessage ?? (error as Error | undefined)?.message]
    .filter((part) => part !== undefined)
    .join(' ');
}
