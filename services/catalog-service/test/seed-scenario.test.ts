import type { Knex } from 'knex';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogOrderMessage } from '@order-platform/order-contracts';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { startCatalogService, type RunningCatalogService } from '../src/service.js';
import {
  config,
  connectCatalogDb,
  createTestKafka,
  createTestProducer,
  prepareCatalogDb,
  silentLogger,
  stockOf,
  testConfig,
} from './support/test-kit.js';

/**
 * The seed's demonstration on the real topic: 23 x CATALOG-0003 published to
 * example-catalog-topic lowers Stockholm's stock by 23. The consumer runs in a group of its own,
 * placed at the current end of the topic, so it applies only what this test publishes (and what
 * others publish meanwhile, which a catalog-service would apply anyway: the orderId ledger keeps
 * it to once, whichever group gets there first).
 */
const kafka = createTestKafka('catalog-seed-test');
const admin: Admin = kafka.admin();
const producer: Producer = createTestProducer(kafka);
const groupId = uniqueId('catalog-seed-group');
let db: Knex;
let service: RunningCatalogService;

beforeAll(async () => {
  db = connectCatalogDb();
  await prepareCatalogDb(db);
  await Promise.all([admin.connect(), producer.connect()]);
  const ends = await admin.fetchTopicOffsets(config.CATALOG_TOPIC);
  await admin.setOffsets({
    groupId,
    topic: config.CATALOG_TOPIC,
    partitions: ends.map(({ partition, offset }) => ({ partition, offset })),
  });
  service = await startCatalogService(testConfig({ CATALOG_GROUP_ID: groupId }), silentLogger);
  await waitUntil('the consumer to join its group', () => service.consumer.status().state === 'running', {
    timeoutMs: 30_000,
  });
});

afterAll(async () => {
  await service?.stop();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await db.destroy();
});

describe('the seed scenario', () => {
  it('when 23 x CATALOG-0003 is published to example-catalog-topic, then its stock goes from S to S-23', async () => {
    // Every run takes 23; a catalog that earlier runs emptied gets a top-up, so the order can be served.
    if ((await stockOf(db, 'CATALOG-0003')) < 23)
      await db('catalog').where('product_id', 'CATALOG-0003').increment('stock', 100);
    const before = await stockOf(db, 'CATALOG-0003');
    const order = {
      orderId: uniqueId('seed-order'),
      userId: uniqueId('user'),
      productId: 'CATALOG-0003',
      qty: 23,
      unitPrice: 1200,
      totalPrice: 27600,
      createdAt: Date.now(),
    };
    await producer.send({
      topic: config.CATALOG_TOPIC,
      acks: -1,
      messages: [
        {
          key: order.productId,
          value: JSON.stringify(buildCatalogOrderMessage(order)),
          headers: { 'x-request-id': uniqueId('req') },
        },
      ],
    });

    const processed = await waitUntil(
      'the order in the ledger',
      () => db('processed_orders').where('order_id', order.orderId).first(),
      { timeoutMs: 30_000 },
    );
    expect(processed).toMatchObject({ outcome: 'applied', product_id: 'CATALOG-0003', qty: 23 });
    expect(await stockOf(db, 'CATALOG-0003')).toBe(before - 23);
  });
});
