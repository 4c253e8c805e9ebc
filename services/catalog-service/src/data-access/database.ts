import type { Knex } from 'knex';
import { createMysql } from '@order-platform/service-kit';

export interface DatabaseOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  poolMax: number;
  /** innodb_lock_wait_timeout of every session: a row held elsewhere fails fast and is retried. */
  lockWaitTimeoutS: number;
  /** Server-side limit of every statement (see createMysql); undefined: none. */
  statementTimeoutMs?: number;
}

/**
 * The client-side timeout of every query: the server's statement timeout plus this margin, so the
 * server (which also stops the work) normally fires first; the client's catches a server or
 * network that stopped answering altogether.
 */
export const CLIENT_TIMEOUT_MARGIN_MS = 1000;

/** Applies the client-side query timeout to a knex query (none when `ms` is undefined). */
export type QueryLimit = <Q extends { timeout(ms: number): Q }>(query: Q) => Q;

export function queryLimit(statementTimeoutMs: number | undefined): QueryLimit {
  return (query) => (statementTimeoutMs ? query.timeout(statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS) : query);
}

/** A knex pool on catalogdb (UTC both ways, see createMysql). */
export function createDatabase(options: DatabaseOptions): Knex {
  const { lockWaitTimeoutS, ...connection } = options;
  return createMysql({
    ...connection,
    connectTimeoutMs: 3000,
    sessionSettings: [`innodb_lock_wait_timeout = ${Math.trunc(lockWaitTimeoutS)}`],
    // Kept under the consumer's session timeout: kafkajs only heartbeats between our calls, so no
    // single wait for the database may outlast it.
    acquireTimeoutMs: 3000,
  });
}
