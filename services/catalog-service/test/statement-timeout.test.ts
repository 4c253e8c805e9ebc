import type { Knex } from 'knex';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { createDatabase } from '../src/data-access/database.js';
import { isExpectedTransient } from '../src/data-access/database-errors.js';
import { startCatalogService, type RunningCatalogService } from '../src/service.js';
import {
  config,
  connectCatalogDb,
  createTestKafka,
  createTestProducer,
  createTopic,
  deleteProducts,
  insertProducts,
  newOrder,
  prepareCatalogDb,
  processedRows,
  publishOrders,
  silentLogger,
  stockOf,
  testConfig,
} from './support/test-kit.js';

/**
 * Every statement of catalog-service has a server-side time limit under the consumer's session
 * timeout (kafkajs heartbeats only between our calls): a statement that would wait longer fails
 * with a timeout, which the consumer retries like any transient database error.
 */
const kafka = createTestKafka('catalog-statement-timeout-test');
const admin: Admin = kafka.admin();
const producer: Producer = createTestProducer(kafka);
const groupId = uniqueId('catalog-stmt-group');
let db: Knex;
let topic: string;
let dlqTopic: string;
const products: string[] = [];
let service: RunningCatalogService | undefined;

beforeAll(async () => {
  db = connectCatalogDb();
  await prepareCatalogDb(db);
  await Promise.all([admin.connect(), producer.connect()]);
  topic = await createTopic(admin, 'catalog-stmt');
  dlqTopic = await createTopic(admin, 'catalog-stmt-dlq');
});

afterAll(async () => {
  await service?.stop();
  await deleteProducts(db, products);
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic, dlqTopic].filter(Boolean) }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await db.destroy();
});

describe('statement timeouts', () => {
  it("when a statement runs past the pool's statement timeout, then the server stops it with a transient error", async () => {
    const limited = createDatabase({
      host: config.DB_HOST,
      port: config.DB_PORT,
      user: config.DB_USER,
      password: config.DB_PASSWORD,
      database: config.CATALOG_DB,
      poolMax: 2,
      lockWaitTimeoutS: 10,
      statementTimeoutMs: 300,
    });
    try {
      const started = Date.now();
      const error = await limited.raw('SELECT SLEEP(3)').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(Date.now() - started).toBeLessThan(2000);
      // MariaDB: ER_STATEMENT_TIMEOUT; MySQL 8: ER_QUERY_TIMEOUT.
      expect([1969, 3024]).toContain((error as { errno?: number } | undefined)?.errno);
      expect(isExpectedTransient(error)).toBe(true);
    } finally {
      await limited.destroy();
    }
  });

  it('when the product row is locked longer than the statement timeout, then the order is retried and applied once the lock is gone', async () => {
    const [productId] = await insertProducts(db, [10]);
    products.push(productId!);
    const holder = await db.transaction();
    try {
      await holder('catalog').select('stock').where('product_id', productId).forUpdate();
      service = await startCatalogService(
        testConfig({
          CATALOG_TOPIC: topic,
          CATALOG_DLQ_TOPIC: dlqTopic,
          CATALOG_GROUP_ID: groupId,
          DB_STATEMENT_TIMEOUT_MS: 300,
          DB_LOCK_WAIT_TIMEOUT_S: 30,
          RETRY_MAX_BACKOFF_MS: 300,
        }),
        silentLogger,
      );
      await publishOrders(producer, topic, [newOrder(productId!, 4)]);
      // Blocked behind the lock, each attempt ends at 300 ms (not at the 30 s lock wait): the consumer keeps retrying.
      const retrying = await waitUntil(
        'a few timed-out attempts',
        () => {
          const current = service!.consumer.status().retrying;
          return current && current.attempts >= 2 ? current : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 50 },
      );
      expect(retrying.lastError).toMatch(/1969|3024/);
      expect(await stockOf(db, productId!)).toBe(10);
    } finally {
      await holder.rollback();
    }
    await waitUntil('the order applied', async () => (await stockOf(db, productId!)) === 6, { timeoutMs: 20_000 });
    expect((await processedRows(db, [productId!])).map((row) => row.outcome)).toEqual(['applied']);
  });
});
