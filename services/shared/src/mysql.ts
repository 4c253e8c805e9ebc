import knex, { type Knex } from 'knex';

export interface MysqlOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Omitted: a connection to the server, for CREATE DATABASE and the like. */
  database?: string;
  poolMax?: number;
  connectTimeoutMs?: number;
  /** How long a query may wait for a pooled connection. */
  acquireTimeoutMs?: number;
  /** Extra `SET SESSION ...` assignments run on every new connection, e.g. `innodb_lock_wait_timeout = 5`. */
  sessionSettings?: string[];
}

/**
 * A knex pool on MySQL/MariaDB through mysql2. Every session runs in UTC (`time_zone = '+00:00'`
 * on the server, `timezone: 'Z'` in the driver): created_at columns are DATETIME(3) in UTC and must
 * come back as the same instant whatever the machine's or the server's time zone is.
 */
export function createMysql(options: MysqlOptions): Knex {
  const settings = ["time_zone = '+00:00'", ...(options.sessionSettings ?? [])];
  return knex({
    client: 'mysql2',
    connection: {
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      database: options.database,
      timezone: 'Z',
      connectTimeout: options.connectTimeoutMs ?? 5000,
      supportBigNumbers: true,
    },
    pool: {
      min: 0,
      max: options.poolMax ?? 5,
      afterCreate: (connection: { query: (sql: string, callback: (error: Error | null) => void) => void }, done: (error: Error | null, connection: unknown) => void) => {
        connection.query(`SET SESSION ${settings.join(', ')}`, (error) => done(error, connection));
      },
    },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 10_000,
  });
}
