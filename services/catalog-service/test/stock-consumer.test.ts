import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '@order-platform/test-kit';
import type { RunningCatalogService } from '../src/composition-root.js';
import { newOrder } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';
import { readinessOf } from './support/readiness.js';

/**
 * The consumer in-process, wired as main.ts wires it, on a topic and group of its own: each order
 * lowers the stock exactly once, a Kafka transaction that aborted changes nothing, and an order for
 * more than is in stock is recorded as rejected (docs/design.md, I4 and I6).
 */
const fx = useCatalogFixture('catalog-consumer');
let service: RunningCatalogService;
beforeAll(async () => {
  service = await fx.startService();
});

describe('catalog-service consumer', () => {
  it('when an order arrives, then the stock goes down by its qty and the request id is recorded', async () => {
    const [product] = await fx.products([100]);
    const order = newOrder(product!, 23);
    await fx.publish([order]);
    await fx.caughtUp();
    expect(await fx.stockOf(product!)).toBe(77);
    const [row] = await fx.processedRows([product!]);
    expect(row).toMatchObject({
      order_id: order.orderId,
      outcome: 'applied',
      qty: 23,
      request_id: `req-${order.orderId}`,
      source_topic: fx.topic,
    });
  });

  it('when the same order is delivered twice, then the stock goes down once', async () => {
    const [product] = await fx.products([100]);
    const order = newOrder(product!, 7);
    const duplicatesBefore = service.consumer.status().counts.duplicates;
    await fx.publish([order]);
    await fx.publish([order]);
    await fx.caughtUp();
    expect(await fx.stockOf(product!)).toBe(93);
    expect(await fx.processedRows([product!])).toHaveLength(1);
    expect(service.consumer.status().counts.duplicates).toBe(duplicatesBefore + 1);
  });

  it('when orders come in Kafka transactions, then committed ones apply, aborted ones never, no lag left', async () => {
    const [product] = await fx.products([100]);
    const [committed, aborted, last] = [newOrder(product!, 1), newOrder(product!, 20), newOrder(product!, 2)];
    const transactional = fx.kafka.producer({
      transactionalId: uniqueId('catalog-test-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await transactional.connect();
    try {
      for (const [order, outcome] of [
        [committed, 'commit'],
        [aborted, 'abort'],
        [last, 'commit'],
      ] as const) {
        const transaction = await transactional.transaction();
        const messages = [{ key: order.productId, value: JSON.stringify(order) }];
        await transaction.send({ topic: fx.topic, acks: -1, messages });
        await (outcome === 'commit' ? transaction.commit() : transaction.abort());
      }
    } finally {
      await transactional.disconnect();
    }
    await fx.caughtUp();
    expect(await fx.stockOf(product!)).toBe(97);
    expect((await fx.processedRows([product!])).map((row) => row.order_id).sort()).toEqual(
      [committed.orderId, last.orderId].sort(),
    );
  });

  it('when an order asks for more than is in stock, then the stock stays and it is recorded as rejected', async () => {
    const [product] = await fx.products([5]);
    const tooMuch = newOrder(product!, 6);
    const exactly = newOrder(product!, 5);
    await fx.publish([tooMuch, exactly]);
    await fx.caughtUp();
    expect(await fx.stockOf(product!)).toBe(0);
    const rows = await fx.processedRows([product!]);
    expect(rows.find((row) => row.order_id === tooMuch.orderId)).toMatchObject({
      outcome: 'rejected',
      reason: 'insufficient stock: ordered 6, in stock 5',
    });
    expect(rows.find((row) => row.order_id === exactly.orderId)).toMatchObject({ outcome: 'applied' });
  });

  it("when asked whether it is ready, then it answers the consumer state and each partition's lag", async () => {
    await fx.caughtUp();
    const report = await readinessOf(service.port);
    expect(report).toMatchObject({
      httpStatus: 200,
      status: 'ready',
      database: 'up',
      consumer: { state: 'running', assignedPartitions: [0, 1, 2] },
    });
    expect(report.lag?.map((entry) => entry.partition)).toEqual([0, 1, 2]);
    expect(report.lag?.every((entry) => entry.lag === 0)).toBe(true);
  });
});
