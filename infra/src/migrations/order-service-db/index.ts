import type { Knex } from 'knex';
import * as createIdempotencyKeys from './001-create-idempotency-keys.js';

/** Migrations of order-service's own database, as a knex migration source (see orders-db/index.ts). */
const migrations: Record<string, Knex.Migration> = {
  '001-create-idempotency-keys': createIdempotencyKeys,
};

export const orderServiceMigrations: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
