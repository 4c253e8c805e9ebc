import type { Knex } from 'knex';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { startCatalogService, type RunningCatalogService } from '../src/service.js';
import {
  committedOffsets,
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
  waitForCaughtUp,
} from './support/test-kit.js';

/**
 * A stop request while the consumer is held on a message by a failing database: it stops without
 * committing past that message, so the next instance applies it.
 */
const kafka = createTestKafka('catalog-stop-test');
const admin: Admin = kafka.admin();
const producer: Producer = createTestProducer(kafka);
const groupId = uniqueId('catalog-stop-group');
let db: Knex;
let topic: string;
let dlqTopic: string;
const products: string[] = [];
const services: RunningCatalogService[] = [];

beforeAll(async () => {
  db = connectCatalogDb();
  await prepareCatalogDb(db);
  await Promise.all([admin.connect(), producer.connect()]);
  topic = await createTopic(admin, 'catalog-stop');
  dlqTopic = await createTopic(admin, 'catalog-stop-dlq');
});

afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  await deleteProducts(db, products);
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic, dlqTopic].filter(Boolean) }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await db.destroy();
});

const start = async () => {
  const service = await startCatalogService(
    testConfig({
      CATALOG_TOPIC: topic,
      CATALOG_DLQ_TOPIC: dlqTopic,
      CATALOG_GROUP_ID: groupId,
      DB_LOCK_WAIT_TIMEOUT_S: 1,
      RETRY_MAX_BACKOFF_MS: 300,
    }),
    silentLogger,
  );
  services.push(service);
  return service;
};

describe('stopping while a message is being retried', () => {
  it('when the service stops while the database holds it on an order, then it does not commit past the order and the next instance applies it once', async () => {
    products.push(...(await insertProducts(db, [100])));
    const product = products[0]!;
    const settled = newOrder(product, 1);
    const stuck = newOrder(product, 10);
    const first = await start();
    await publishOrders(producer, topic, [settled]);
    await waitForCaughtUp(admin, groupId, topic);

    const lock = await db.transaction();
    try {
      await lock('catalog').where('product_id', product).forUpdate().select('stock');
      await publishOrders(producer, topic, [stuck]);
      const retrying = await waitUntil(
        'the consumer to retry the locked order',
        () => first.consumer.status().retrying ?? undefined,
        { timeoutMs: 30_000 },
      );
      await first.stop();
      expect(first.consumer.status().state).toBe('stopped');
      expect((await committedOffsets(admin, groupId, topic)).get(retrying.partition)).toBe(Number(retrying.offset));
    } finally {
      await lock.commit();
    }
    expect(await stockOf(db, product)).toBe(99);

    await start();
    await waitForCaughtUp(admin, groupId, topic);
    expect(await stockOf(db, product)).toBe(89);
    expect((await processedRows(db, [product])).map((row) => row.order_id).sort()).toEqual(
      [settled.orderId, stuck.orderId].sort(),
    );
  });
});
