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
  /**
   * Server-side limit of every statement of the pool's sessions: MariaDB's `max_statement_time`
   * (every statement), or MySQL 8's `max_execution_time` (SELECTs only) where MariaDB's is unknown.
   */
  statementTimeoutMs?: number;
  /** Where knex's own warnings go (a failed connection attempt...); default: its console output. */
  log?: { warn: (message: string) => void; error: (message: string) => void; debug: (message: string) => void };
}

type RawConnection = { query: (sql: string, callback: (error: (Error & { errno?: number }) | null) => void) => void };

const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

function runSql(connection: RawConnection, sql: string): Promise<void> {
  return new Promise((resolve, reject) => connection.query(sql, (error) => (error ? reject(error) : resolve())));
}

async function setStatementTimeout(connection: RawConnection, ms: number): Promise<void> {
  try {
    await runSql(connection, `SET SESSION max_statement_time = ${(ms / 1000).toFixed(3)}`);
  } catch (error) {
    if ((error as { errno?: number }).errno !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error;
    await runSql(connection, `SET SESSION max_execution_time = ${Math.trunc(ms)}`);
  }
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
      afterCreate: (connection: RawConnection, done: (error: Error | null, connection: unknown) => void) => {
        runSql(connection, `SET SESSION ${settings.join(', ')}`)
          .then(() =>
            options.statementTimeoutMs ? setStatementTimeout(connection, options.statementTimeoutMs) : undefined,
          )
          .then(
            () => done(null, connection),
            (error: Error) => done(error, connection),
          );
      },
    },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 10_000,
    ...(options.log ? { log: { ...options.log, deprecate: options.log.warn } } : {}),
  });
}
