import type { Knex } from 'knex';
import { createMysql } from '@order-platform/shared';

export interface DatabaseOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  poolMax: number;
  /** innodb_lock_wait_timeout of every session: a row held elsewhere fails fast and is retried. */
  lockWaitTimeoutS: number;
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
