import type { Knex } from 'knex';
import * as createCatalog from './001-create-catalog.js';
import * as cancelledOutcome from './002-cancelled-outcome.js';

/**
 * Migrations of catalogdb, as a knex migration source: a fixed, type-checked list instead of files
 * discovered at run time. Never edit a shipped migration; add the next one.
 */
const migrations: Record<string, Knex.Migration> = {
  '001-create-catalog': createCatalog,
  '002-cancelled-outcome': cancelledOutcome,
};

export const catalogMigrations: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
