import type { Knex } from 'knex';
import * as createOrders from './001-create-orders.js';
import * as createdAtFallback from './002-created-at-fallback.js';
import * as writeSequence from './003-write-sequence.js';
import * as createOrderStatus from './004-create-order-status.js';

/**
 * Migrations of the orders database, as a knex migration source: a fixed, type-checked list instead
 * of files discovered at run time. Never edit a shipped migration; add the next one.
 */
const migrations: Record<string, Knex.Migration> = {
  '001-create-orders': createOrders,
  '002-created-at-fallback': createdAtFallback,
  '003-write-sequence': writeSequence,
  '004-create-order-status': createOrderStatus,
};

export const ordersMigrations: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
