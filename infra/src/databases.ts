import type { Knex } from 'knex';
import { createMysql } from '@order-platform/service-kit';
import type { InfraConfig } from './infra-config.js';
import { InfraError } from './infra-error.js';
import { orderServiceMigrations } from './migrations/order-service-db/index.js';
import { ordersMigrations } from './migrations/orders-db/index.js';

/** A knex handle on the server (no database selected) or on one database. */
export function connectDatabase(config: InfraConfig, database?: string): Knex {
  return createMysql({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database,
    poolMax: 2,
  });
}

/**
 * Creates a database the way the platform needs it (idempotent): utf8mb4 with the binary collation,
 * so ids compare byte for byte (docs/design.md §6). Every catalog or orders database is made here.
 */
export async function createDatabase(server: Knex, database: string): Promise<void> {
  await server.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [database]);
}

/** Drops the databases a configuration names (a test run's, a drill's); idempotent. */
export async function dropDatabases(config: InfraConfig): Promise<void> {
  const server = connectDatabase(config);
  try {
    for (const database of [config.ORDERS_DB, config.CATALOG_DB, config.ORDER_SERVICE_DB])
      await server.raw('DROP DATABASE IF EXISTS ??', [database]);
  } finally {
    await server.destroy();
  }
}

export function describeDatabaseAddress(config: InfraConfig): string {
  return `${config.DB_USER}@${config.DB_HOST}:${config.DB_PORT}`;
}

/**
 * Creates the three databases and brings `mydb` and order-service's database to their latest
 * migrations (catalog-service migrates its own); every step is idempotent.
 */
export async function ensureDatabases(config: InfraConfig): Promise<{ applied: string[] }> {
  const server = connectDatabase(config);
  try {
    for (const database of [config.ORDERS_DB, config.CATALOG_DB, config.ORDER_SERVICE_DB]) {
      await createDatabase(server, database);
    }
  } catch (error) {
    throw databaseError(config, error);
  } finally {
    await server.destroy();
  }
  const applied: string[] = [];
  for (const [database, migrationSource] of [
    [config.ORDERS_DB, ordersMigrations],
    [config.ORDER_SERVICE_DB, orderServiceMigrations],
  ] as const) {
    const db = connectDatabase(config, database);
    try {
      const [, names] = (await db.migrate.latest({ migrationSource, tableName: 'knex_migrations' })) as [
        number,
        string[],
      ];
      applied.push(...names.map((name) => `${database}: ${name}`));
    } finally {
      await db.destroy();
    }
  }
  return { applied };
}

export function databaseError(config: InfraConfig, error: unknown): InfraError {
  const code = (error as { code?: string }).code ?? (error as Error).message;
  return new InfraError(
    `Cannot use the MySQL/MariaDB server at ${describeDatabaseAddress(config)}: ${code}.`,
    code === 'ECONNREFUSED'
      ? 'Is it running? On this kind of machine: ' +
          'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd'
      : 'Check DB_HOST, DB_PORT, DB_USER and DB_PASSWORD (see .env.example).',
  );
}
