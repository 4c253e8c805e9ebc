import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogOrderMessage } from '@order-platform/order-contracts';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { useCatalogFixture } from './support/catalog-test-fixture.js';

/**
 * The seed's demonstration on the test run's catalog topic (its example-catalog-topic): 23 x
 * CATALOG-0003 published there lowers Stockholm's stock by 23. The consumer runs in a group of its
 * own, placed at the current end of the topic, so it applies only what this test publishes (and what
 * others publish meanwhile, which a catalog-service would apply anyway: the orderId ledger keeps it
 * to once, whichever group gets there first).
 */
const fx = useCatalogFixture('catalog-seed', { topic: 'run' });

beforeAll(async () => {
  const ends = await fx.endOffsets();
  const partitions = ends.map(({ partition, end }) => ({ partition, offset: String(end) }));
  await fx.admin.setOffsets({ groupId: fx.groupId, topic: fx.topic, partitions });
  const service = await fx.startService();
  await waitUntil('the consumer to join its group', () => service.consumer.status().state === 'running', {
    timeoutMs: 30_000,
  });
});

describe('the seed scenario', () => {
  it('when 23 x CATALOG-0003 is published to example-catalog-topic, then its stock goes from S to S-23', async () => {
    // Every run takes 23; a catalog that earlier runs emptied gets a top-up, so the order can be served.
    if ((await fx.stockOf('CATALOG-0003')) < 23)
      await fx.db('catalog').where('product_id', 'CATALOG-0003').increment('stock', 100);
    const before = await fx.stockOf('CATALOG-0003');
    const order = {
      orderId: uniqueId('seed-order'),
      userId: uniqueId('user'),
      productId: 'CATALOG-0003',
      qty: 23,
      unitPrice: 1200,
      totalPrice: 27600,
      createdAt: Date.now(),
    };
    const value = JSON.stringify(buildCatalogOrderMessage(order));
    const headers = { 'x-request-id': uniqueId('req') };
    await fx.producer.send({ topic: fx.topic, acks: -1, messages: [{ key: order.productId, value, headers }] });

    const processed = await waitUntil(
      'the order in the ledger',
      () => fx.db('processed_orders').where('order_id', order.orderId).first(),
      { timeoutMs: 30_000 },
    );
    expect(processed).toMatchObject({ outcome: 'applied', product_id: 'CATALOG-0003', qty: 23 });
    expect(await fx.stockOf('CATALOG-0003')).toBe(before - 23);
  });
});
