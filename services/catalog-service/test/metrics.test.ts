import { beforeAll, describe, expect, it } from 'vitest';
import { checkPrometheusText, fetchMetrics, parseSamples, sumOf, uniqueId, waitUntil } from '@order-platform/test-kit';
import type { RunningCatalogService } from '../src/composition-root.js';
import { newOrder } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';

/**
 * catalog-service's `/metrics`, in process on a topic, group and products of this file's own: every
 * outcome of an order message counted exactly once, and the consumer's lag per partition.
 */
const fx = useCatalogFixture('catalog-metrics');
let service: RunningCatalogService;
beforeAll(async () => {
  service = await fx.startService();
});

const OUTCOMES = ['applied', 'rejected', 'duplicate', 'dead-lettered'] as const;
const outcomes = (text: string) =>
  Object.fromEntries(OUTCOMES.map((outcome) => [outcome, sumOf(text, 'catalog_service_orders_total', { outcome })]));

describe('catalog-service metrics', () => {
  it('when /metrics is read, then promtool parses it clean and it has the consumer and process metrics', async () => {
    const text = await fetchMetrics(service.url);
    const families = ['catalog_service_orders_total', 'catalog_service_batch_duration_seconds'];
    expect(await checkPrometheusText(text, [...families, 'process_start_time_seconds'])).toEqual([]);
    // What the gateway forwards is /catalog-service/**: the metrics are not there.
    expect((await fetch(`${service.url}/catalog-service/metrics`)).status).toBe(404);
  });

  it(
    'when N orders, a redelivery, an order beyond the stock, an unknown product and a non-order arrive,' +
      ' then each outcome counter moved by exactly its count',
    async () => {
      const n = 5;
      const [product] = await fx.products([100]);
      const orders = Array.from({ length: n }, () => newOrder(product!, 1));
      const before = await fetchMetrics(service.url);
      await fx.publish([...orders, newOrder(product!, 1000), newOrder(uniqueId('NO-SUCH-PRODUCT'), 1)]);
      await fx.publish([orders[0]!]);
      await fx.producer.send({ topic: fx.topic, messages: [{ key: product!, value: 'not an order' }] });
      await fx.caughtUp();
      const after = await fetchMetrics(service.url);

      const [was, is] = [outcomes(before), outcomes(after)];
      const moved = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, is[outcome]! - was[outcome]!]));
      expect(moved).toEqual({ applied: n, rejected: 1, duplicate: 1, 'dead-lettered': 2 });
      expect(await fx.stockOf(product!)).toBe(100 - n);
      const batches = sumOf(after, 'catalog_service_batch_duration_seconds_count');
      expect(batches - sumOf(before, 'catalog_service_batch_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    },
  );

  it('when orders in a committed Kafka transaction are consumed, then the lag of their partitions is 0', async () => {
    const [product] = await fx.products([100]);
    const producer = fx.kafka.producer({ transactionalId: uniqueId('catalog-metrics-tx'), maxInFlightRequests: 1 });
    await producer.connect();
    let partitions: number[];
    try {
      const transaction = await producer.transaction();
      const orders = [newOrder(product!, 1), newOrder(product!, 2)];
      const sent = await transaction.send({
        topic: fx.topic,
        messages: orders.map((order) => ({ key: order.productId, value: JSON.stringify(order) })),
      });
      await transaction.commit();
      partitions = [...new Set(sent.map((record) => record.partition))];
    } finally {
      await producer.disconnect();
    }
    await fx.caughtUp();
    expect(await fx.stockOf(product!)).toBe(97);
    // The commit marker takes an offset after the last order: it must not count as lag.
    const lagOf = async () =>
      parseSamples(await fetchMetrics(service.url)).filter(
        (sample) => sample.name === 'catalog_service_consumer_lag_records',
      );
    await waitUntil(
      'the lag of the transaction partitions to be 0',
      async () => {
        const lag = await lagOf();
        return partitions.every((partition) =>
          lag.some((sample) => sample.labels.partition === String(partition) && sample.value === 0),
        );
      },
      { timeoutMs: 5000 },
    );
  });
});
