import knex, { type Knex } from 'knex';
import type { Admin, Producer, Transaction } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { createDatabase } from '../src/data-access/database.js';
import { migrateCatalogDb } from '../src/data-access/migrate.js';
import type { StockOrder } from '../src/domain/stock-order.js';
import { startCatalogService } from '../src/service.js';
import {
  config,
  createTestKafka,
  insertProducts,
  newOrder,
  processedRows,
  silentLogger,
  stockOf,
  testConfig,
  waitForCaughtUp,
} from './support/test-kit.js';

/**
 * Two order-service instances' transactions interleave on one partition and abort: catalog-service
 * (kafkajs, read_committed) must apply exactly the committed orders. kafkajs 2.2.4 took the fetch
 * response's aborted transactions as sorted by first offset (the broker lists them in the order they
 * were aborted) and turned on at most one per record, so an aborted order could be applied; the
 * patch in patches/kafkajs@2.2.4.patch filters as the Java consumer does. Everything is produced
 * before catalog-service starts, so one fetch carries all the aborted transactions.
 */
const kafka = createTestKafka('catalog-interleaved-aborts-test');
const admin: Admin = kafka.admin();
// A catalog database of its own: nothing else writes its processed_orders.
const database = uniqueId('catalog_test').replace('-', '_');
let server: Knex;
let db: Knex;
const topics: string[] = [];
const groups: string[] = [];

beforeAll(async () => {
  const { DB_HOST: host, DB_PORT: port, DB_USER: user, DB_PASSWORD: password } = config;
  server = knex({ client: 'mysql2', connection: { host, port, user, password } });
  await server.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_bin', [database]);
  db = createDatabase({ host, port, user, password, database, poolMax: 3, lockWaitTimeoutS: 10 });
  await migrateCatalogDb(db, silentLogger);
  await admin.connect();
});

afterAll(async () => {
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
  await db?.destroy();
  await server?.raw('DROP DATABASE IF EXISTS ??', [database]);
  await server?.destroy();
});

type Step = readonly ['A' | 'B', StockOrder | 'commit' | 'abort'];

/**
 * Runs the steps in order on partition 0 of a new one-partition topic; each producer's send opens its
 * transaction, a commit or abort ends it. The coordinator writes a marker after it answers, but it
 * holds a producer's next transaction until then: a send after its producer's commit or abort comes
 * after that marker. Returns the topic and each send's offset, to check the layout.
 */
async function writeInterleaved(steps: Step[]): Promise<{ topic: string; offsets: number[] }> {
  const topic = uniqueId('catalog-test-aborts');
  topics.push(topic);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
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
    async () => Number((await admin.fetchTopicOffsets(topic))[0]?.offset) === end,
    { timeoutMs: 15_000, intervalMs: 50 },
  );
  return { topic, offsets };
}

function transactional(): Producer {
  return kafka.producer({ transactionalId: uniqueId('catalog-test-tx'), idempotent: true, maxInFlightRequests: 1 });
}

/** Runs catalog-service on the topic with a new group (at `startOffset` if given) until it committed it all. */
async function consumeWithCatalogService(topic: string, startOffset?: number): Promise<void> {
  const groupId = uniqueId('catalog-test-group');
  groups.push(groupId);
  if (startOffset !== undefined) {
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: String(startOffset) }] });
  }
  const overrides = { CATALOG_TOPIC: topic, CATALOG_DLQ_TOPIC: `${topic}-dlq`, CATALOG_GROUP_ID: groupId };
  const service = await startCatalogService(testConfig({ ...overrides, CATALOG_DB: database }), silentLogger);
  try {
    await waitForCaughtUp(admin, groupId, topic);
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
  const rows = await processedRows(db, [product]);
  const applied = rows.filter((row) => row.outcome === 'applied').map((row) => nameOf.get(row.order_id));
  // Every row is an applied committed order: no aborted one, none rejected, none twice.
  expect({ applied: applied.sort(), rows: rows.length }).toEqual({ applied: committed.sort(), rows: committed.length });
  const ordered = committed.reduce((sum, name) => sum + orders[name].qty, 0);
  expect(await stockOf(db, product)).toBe(100 - ordered);
}

describe('catalog-service and interleaved aborted transactions', () => {
  it('when overlapping transactions abort, the later-started first, then only committed orders apply', async () => {
    const [product] = await insertProducts(db, [100]);
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
    const [product] = await insertProducts(db, [100]);
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
