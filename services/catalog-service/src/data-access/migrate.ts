import type { Knex } from 'knex';
import type { Logger } from '@order-platform/service-kit';
import { seedCatalog } from './catalog-seed.js';
import { catalogMigrations } from './migrations/index.js';

/** What we use of knex's client, which knex types as `any`. */
interface KnexClient {
  config: { connection: { database: string } };
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/**
 * Brings catalogdb to the latest migration and inserts the missing seed products.
 *
 * Several instances may start together. knex's own lock row is not enough on its own: two fresh
 * instances can both create knex_migrations (one fails with "table exists") or both insert a lock
 * row (after which no one can ever take the lock). A MariaDB named lock, held on one connection
 * for the whole step, serialises them, and the server drops it if the holder dies.
 */
export async function migrateCatalogDb(
  db: Knex,
  logger: Logger,
  options: { lockTimeoutS?: number } = {},
): Promise<{ applied: string[]; seeded: number }> {
  const client = db.client as KnexClient;
  const lockName = `${client.config.connection.database}:migrations`;
  const connection = await client.acquireConnection();
  try {
    const [rows] = (await db
      .raw('SELECT GET_LOCK(?, ?) AS got', [lockName, options.lockTimeoutS ?? 60])
      .connection(connection)) as [Array<{ got: number | null }>];
    if (rows[0]?.got !== 1)
      throw new Error(`Could not take the migration lock ${lockName} (another instance holds it)`);
    try {
      const [, applied] = (await db.migrate.latest({
        migrationSource: catalogMigrations,
        tableName: 'knex_migrations',
      })) as [number, string[]];
      const seeded = await seedCatalog(db);
      logger.info({ applied, seeded }, 'catalogdb is at the latest migration');
      return { applied, seeded };
    } finally {
      await db.raw('SELECT RELEASE_LOCK(?)', [lockName]).connection(connection);
    }
  } finally {
    await client.releaseConnection(connection);
  }
}
