import type { Producer, Transaction } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import type { StockOrder } from '../src/domain/stock-order.js';
import { newOrder } from './support/catalog-orders.js';
import { useCatalogFixture } from './support/catalog-test-fixture.js';

/**
 * Two order-service instances' transactions interleave on one partition and abort: catalog-service
 * (kafkajs, read_committed) must apply exactly the committed orders. kafkajs 2.2.4 took the fetch
 * response's aborted transactions as sorted by first offset (the broker lists them in the order they
 * were aborted) and turned on at most one per record, so an aborted order could be applied; the
 * patch in patches/kafkajs@2.2.4.patch filters as the Java consumer does. Everything is produced
 * before catalog-service starts, so one fetch carries all the aborted transactions. On a catalog
 * database of its own: nothing else writes its processed_orders.
 */
const fx = useCatalogFixture('catalog-aborts', { database: 'own' });

type Step = readonly ['A' | 'B', StockOrder | 'commit' | 'abort'];

/**
 * Runs the steps in order on partition 0 of a new one-partition topic; each producer's send opens its
 * transaction, a commit or abort ends it. The coordinator writes a marker after it answers, but it
 * holds a producer's next transaction until then: a send after its producer's commit or abort comes
 * after that marker. Returns the topic and each send's offset, to check the layout.
 */
async function writeInterleaved(steps: Step[]): Promise<{ topic: string; offsets: number[] }> {
  const topic = await fx.newTopic('catalog-test-aborts', 1);
  const producers: Record<Step[0], Producer> = { A: transactional(), B: transactional() };
  const open = new Map<Step[0], Transaction>();
  const offsets: number[] = [];
  try {
    await Promise.all(Object.values(producers).map((producer) => producer.connect()));
    for (const [name, action] of steps) {
      if (action === 'commit' || action === 'abort') {
        await open.get(name)![action]();
        open.delete(name);
        continue;
      }
      const transaction = open.get(name) ?? (await producers[name].transaction());
      open.set(name, transaction);
      const message = { partition: 0, key: action.productId, value: JSON.stringify(action) };
      const [metadata] = await transaction.send({ topic, acks: -1, messages: [message] });
      offsets.push(Number(metadata?.baseOffset));
    }
  } finally {
    await Promise.all(Object.values(producers).map((producer) => producer.disconnect()));
  }
  // Every marker written: with no open transaction the last stable offset is the end of the log.
  const end = steps.length;
  await waitUntil(
    `all ${end} records and markers of ${topic} to be stable`,
    async () => (await fx.endOffsets(topic))[0]?.end === end,
    { timeoutMs: 15_000, intervalMs: 50 },
  );
  return { topic, offsets };
}

function transactional(): Producer {
  return fx.kafka.producer({ transactionalId: uniqueId('catalog-test-tx'), idempotent: true, maxInFlightRequests: 1 });
}

/** Runs catalog-service on the topic with a new group (at `startOffset` if given) until it committed it all. */
async function consumeWithCatalogService(topic: string, startOffset?: number): Promise<void> {
  const groupId = fx.newGroup('catalog-test-group');
  if (startOffset !== undefined) {
    await fx.admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: String(startOffset) }] });
  }
  const service = await fx.startService({ CATALOG_TOPIC: topic, CATALOG_GROUP_ID: groupId });
  try {
    await fx.caughtUp(30_000, topic, groupId);
    expect(service.consumer.status().counts.deadLettered).toBe(0);
  } finally {
    await service.stop();
  }
}

/** Orders named as in the scenario, with distinct powers of two as qty: the stock tells which were applied. */
function namedOrders<Name extends string>(product: string, names: Name[]): Record<Name, StockOrder> {
  const orders = names.map((name, index) => [name, newOrder(product, 2 ** index)] as const);
  return Object.fromEntries(orders) as Record<Name, StockOrder>;
}

/** The orders applied to the product, by scenario name and offset, and its stock, are exactly `committed`'s. */
async function expectApplied<Name extends string>(
  product: string,
  orders: Record<Name, StockOrder>,
  committed: Name[],
): Promise<void> {
  const nameOf = new Map(Object.entries<StockOrder>(orders).map(([name, order]) => [order.orderId, name]));
  const rows = await fx.processedRows([product]);
  const applied = rows.filter((row) => row.outcome === 'applied').map((row) => nameOf.get(row.order_id));
  // Every row is an applied committed order: no aborted one, none rejected, none twice.
  expect({ applied: applied.sort(), rows: rows.length }).toEqual({ applied: committed.sort(), rows: committed.length });
  const ordered = committed.reduce((sum, name) => sum + orders[name].qty, 0);
  expect(await fx.stockOf(product)).toBe(100 - ordered);
}

describe('catalog-service and interleaved aborted transactions', () => {
  it('when overlapping transactions abort, the later-started first, then only committed orders apply', async () => {
    const [product] = await fx.products([100]);
    const orders = namedOrders(product!, ['a0', 'a1', 'b1', 'b2', 'a2']);
    const { a0, a1, b1, b2, a2 } = orders;
    const { topic, offsets } = await writeInterleaved([
      ['A', a0],
      ['A', 'commit'],
      ['A', a1],
      ['B', b1],
      ['B', 'abort'],
      ['B', b2],
      ['A', 'abort'],
      ['A', a2],
      ['B', 'commit'],
      ['A', 'commit'],
    ]);
    // 0 a0, 1 A commit, 2 a1, 3 b1, 4 B abort, 5 b2, 6 A abort, 7 a2, 8-9 commits.
    // The broker lists the aborted transactions as they were aborted: [B@3, A@2], not by first offset.
    expect(offsets).toEqual([0, 2, 3, 5, 7]);

    await consumeWithCatalogService(topic);

    await expectApplied(product!, orders, ['a0', 'b2', 'a2']);
  });

  it('when the consumer starts inside two aborted transactions, then only the committed orders apply', async () => {
    const [product] = await fx.products([100]);
    const orders = namedOrders(product!, ['a1', 'b1', 'b2', 'a2', 'a3', 'b3']);
    const { a1, b1, b2, a2, a3, b3 } = orders;
    const { topic, offsets } = await writeInterleaved([
      ['A', a1],
      ['B', b1],
      ['B', b2],
      ['A', a2],
      ['A', 'abort'],
      ['A', a3],
      ['B', 'abort'],
      ['B', b3],
      ['A', 'commit'],
      ['B', 'commit'],
    ]);
    // 0 a1, 1 b1, 2 b2, 3 a2, 4 A abort, 5 a3, 6 B abort, 7 b3, 8-9 commits.
    // Fetched from offset 2, the aborted list is [A@0, B@1]: sorted, but b2 needs both turned on.
    expect(offsets).toEqual([0, 1, 2, 3, 5, 7]);

    // The group resumes at b2, as after a restart or a size-limited fetch: inside both aborted transactions.
    await consumeWithCatalogService(topic, 2);

    await expectApplied(product!, orders, ['a3', 'b3']);
  });
});
