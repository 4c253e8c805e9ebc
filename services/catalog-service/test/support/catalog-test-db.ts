import knex, { type Knex } from 'knex';
import { createDatabase } from '@order-platform/infra';
import { createLogger, loadConfig } from '@order-platform/service-kit';
import { uniqueId } from '@order-platform/test-kit';
import { catalogConfigSchema, type CatalogConfig } from '../../src/config.js';
import { createDatabase as connectCatalog } from '../../src/data-access/database.js';
import { migrateCatalogDb } from '../../src/data-access/migrate.js';

/** The test run's configuration (its own topics and databases, handed down by the global setup). */
export const config: CatalogConfig = loadConfig(catalogConfigSchema);
export const silentLogger = createLogger('catalog-test', 'silent');
const server = { host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD };

/**
 * The database half of the catalog test fixture (catalog-test-fixture.ts): the catalog database, the
 * test run's or one of the file's own (made by createDatabase, dropped after), the products the file
 * inserts, and reads of stock and ledger.
 */
export class CatalogTestDb {
  readonly database: string;
  db!: Knex;
  /** Handles and databases to close after the tests, last-made first. */
  protected readonly closes: Array<() => Promise<unknown>> = [];
  private readonly productIds: string[] = [];

  constructor(private readonly dbOptions: { database?: 'run' | 'own'; migrate?: boolean }) {
    this.database = dbOptions.database === 'own' ? uniqueId('catalog_test').replace('-', '_') : config.CATALOG_DB;
  }

  protected async setUpDatabase(): Promise<void> {
    if (this.dbOptions.database === 'own') {
      const handle = knex({ client: 'mysql2', connection: server });
      await createDatabase(handle, this.database);
      this.closes.push(async () => {
        await handle.raw('DROP DATABASE IF EXISTS ??', [this.database]);
        await handle.destroy();
      });
    }
    this.db = this.connect({ poolMax: 4 });
    if (this.dbOptions.migrate ?? true) await migrateCatalogDb(this.db, silentLogger);
  }

  /** Deletes the file's products and their ledger rows. */
  protected async deleteProducts(): Promise<void> {
    if (!this.db || this.productIds.length === 0) return;
    await this.db('processed_orders').whereIn('product_id', this.productIds).delete();
    await this.db('catalog').whereIn('product_id', this.productIds).delete();
  }

  /** A knex pool on the fixture's catalog database, closed after the tests. */
  connect(options: { poolMax?: number; statementTimeoutMs?: number } = {}): Knex {
    const { poolMax = 3, statementTimeoutMs } = options;
    const db = connectCatalog({
      ...server,
      database: this.database,
      poolMax,
      statementTimeoutMs,
      lockWaitTimeoutS: 10,
    });
    this.closes.push(() => db.destroy());
    return db;
  }

  /** Products of this file, each with its stock; returns their ids. */
  async products(stocks: number[], options: { unitPrice?: number; ids?: string[] } = {}): Promise<string[]> {
    const ids = options.ids ?? stocks.map(() => uniqueId('P'));
    this.productIds.push(...ids);
    await this.db('catalog').insert(
      ids.map((productId, index) => ({
        product_id: productId,
        product_name: `test ${productId}`,
        stock: stocks[index],
        unit_price: options.unitPrice ?? 100,
      })),
    );
    return ids;
  }

  async stockOf(productId: string): Promise<number> {
    const row = await this.db('catalog').first<{ stock: number } | undefined>('stock').where('product_id', productId);
    if (!row) throw new Error(`no product ${productId}`);
    return row.stock;
  }

  /** A transaction holding the product's row lock: commit or roll it back to release it. */
  async lockRow(productId: string): Promise<Knex.Transaction> {
    const lock = await this.db.transaction();
    await lock('catalog').where('product_id', productId).forUpdate().select('stock');
    return lock;
  }

  /** How many orders of the products the ledger holds. */
  async ledgerSize(productIds: string[]): Promise<number> {
    const rows = await this.db('processed_orders').whereIn('product_id', productIds).count({ n: '*' });
    return Number(rows[0]?.n ?? 0);
  }

  /** The ledger rows of the products. */
  async processedRows(productIds: string[]): Promise<LedgerRow[]> {
    return this.db('processed_orders').whereIn('product_id', productIds).select<LedgerRow[]>('*');
  }
}

export interface LedgerRow {
  order_id: string;
  product_id: string;
  qty: number;
  outcome: 'applied' | 'rejected';
  reason: string | null;
  request_id: string | null;
  source_partition: number;
  source_offset: string | number;
}
