import { beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@order-platform/test-kit';
import { ordersOver, productIdsCoveringPartitions } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';
import { readinessOf } from './support/readiness.js';
import type { ServiceProcess } from './support/service-process.js';

/**
 * Two catalog-service processes in one consumer group share the partitions of the topic; every
 * order is applied once. One of them is then stopped with SIGTERM: it finishes the message in
 * hand, commits and leaves, and the other takes its partitions over without a single redelivery.
 */
const INITIAL_STOCK = 100_000;
const fx = useCatalogFixture('catalog-instances');
let products: string[] = [];
let first: ServiceProcess;
let second: ServiceProcess;

beforeAll(async () => {
  products = await fx.products(Array(6).fill(INITIAL_STOCK), { ids: productIdsCoveringPartitions(2) });
  const env = { CATALOG_SESSION_TIMEOUT_MS: '6000' };
  [first, second] = await Promise.all([fx.startProcess(env), fx.startProcess(env)]);
});

const expectedDrop = new Map<string, number>();
let published = 0;
const publish = async (count: number) => {
  const { orders, drop } = ordersOver(products, count);
  for (const [product, qty] of drop) expectedDrop.set(product, (expectedDrop.get(product) ?? 0) + qty);
  published += count;
  await fx.publish(orders);
};

/** Every published order in the ledger and committed in Kafka, and each product's stock down by its orders. */
async function expectAllApplied() {
  await waitUntil('all orders in the ledger', async () => (await fx.ledgerSize(products)) === published, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  await fx.caughtUp();
  for (const product of products) expect(await fx.stockOf(product)).toBe(INITIAL_STOCK - expectedDrop.get(product)!);
}

describe('several catalog-service instances', () => {
  it(
    'when two instances consume in one group, then they split the partitions and apply every order once',
    { timeout: 90_000 },
    async () => {
      // Settled when each holds some partitions and together, without overlap, all of them (right
      // after the second joins, the first may still report its old assignment for a heartbeat).
      const [a, b] = await waitUntil(
        'the instances to split the partitions',
        async () => {
          const reports = await Promise.all([readinessOf(first.port), readinessOf(second.port)]);
          const all = reports.flatMap((report) => report.consumer.assignedPartitions).sort();
          const running = reports.every(
            ({ consumer }) => consumer.state === 'running' && consumer.assignedPartitions.length > 0,
          );
          return running && all.join() === '0,1,2' && reports;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(a.consumer.assignedPartitions.length + b.consumer.assignedPartitions.length).toBe(3);

      await publish(600);
      await expectAllApplied();
      const counts = await Promise.all([readinessOf(first.port), readinessOf(second.port)]).then((reports) =>
        reports.map((report) => report.consumer.counts),
      );
      expect(counts.every((count) => count.applied > 0)).toBe(true);
      expect(counts[0]!.applied + counts[1]!.applied).toBe(published);
    },
  );

  it(
    'when one instance gets SIGTERM while orders flow, then it leaves and exits 0; the other applies the rest',
    { timeout: 90_000 },
    async () => {
      const inLedgerBefore = published;
      await publish(1200);
      await waitUntil(
        'the new orders to be under way',
        async () => (await fx.ledgerSize(products)) >= inLedgerBefore + 100,
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      first.signal('SIGTERM');
      expect(await first.exited).toEqual({ code: 0, signal: null });
      expect(first.logs.some((line) => line.msg === 'consumer stopped and left the group')).toBe(true);

      await waitUntil(
        'the remaining instance to hold every partition',
        async () => (await readinessOf(second.port)).consumer.assignedPartitions.length === 3,
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      await expectAllApplied();
      // Everything the stopped instance applied, it had committed: nothing came back to the other one (no redelivery).
      expect((await readinessOf(second.port)).consumer.counts.duplicates).toBe(0);

      second.signal('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    },
  );
});
