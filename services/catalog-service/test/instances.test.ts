import type { Knex } from 'knex';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { killLeftoverProcesses, startServiceProcess, type ServiceProcess } from './support/service-process.js';
import {
  connectCatalogDb,
  createTestKafka,
  createTestProducer,
  createTopic,
  deleteProducts,
  insertProducts,
  ordersOver,
  prepareCatalogDb,
  processedRows,
  productIdsCoveringPartitions,
  publishOrders,
  readinessOf,
  stockOf,
  waitForCaughtUp,
} from './support/test-kit.js';

/**
 * Two catalog-service processes in one consumer group share the partitions of the topic; every
 * order is applied once. One of them is then stopped with SIGTERM: it finishes the message in
 * hand, commits and leaves, and the other takes its partitions over without a single redelivery.
 */
const INITIAL_STOCK = 100_000;
const kafka = createTestKafka('catalog-instances-test');
const admin: Admin = kafka.admin();
const producer: Producer = createTestProducer(kafka);
const groupId = uniqueId('catalog-instances-group');
let db: Knex;
let topic: string;
let dlqTopic: string;
let products: string[] = [];
let first: ServiceProcess;
let second: ServiceProcess;

beforeAll(async () => {
  db = connectCatalogDb();
  await prepareCatalogDb(db);
  await Promise.all([admin.connect(), producer.connect()]);
  topic = await createTopic(admin, 'catalog-instances');
  dlqTopic = await createTopic(admin, 'catalog-instances-dlq');
  products = await insertProducts(db, Array(6).fill(INITIAL_STOCK), 100, productIdsCoveringPartitions(2));
  const env = {
    CATALOG_TOPIC: topic,
    CATALOG_GROUP_ID: groupId,
    CATALOG_DLQ_TOPIC: dlqTopic,
    CATALOG_SESSION_TIMEOUT_MS: '6000',
  };
  [first, second] = await Promise.all([startServiceProcess(env), startServiceProcess(env)]);
});

afterAll(async () => {
  await killLeftoverProcesses();
  await deleteProducts(db, products);
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic, dlqTopic].filter(Boolean) }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await db.destroy();
});

describe('several catalog-service instances', () => {
  const expectedDrop = new Map<string, number>();
  let published = 0;
  const publish = async (count: number) => {
    const { orders, drop } = ordersOver(products, count);
    for (const [product, qty] of drop) expectedDrop.set(product, (expectedDrop.get(product) ?? 0) + qty);
    published += count;
    await publishOrders(producer, topic, orders);
  };

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
          return (
            reports.every(
              (report) => report.consumer.state === 'running' && report.consumer.assignedPartitions.length > 0,
            ) &&
            all.join() === '0,1,2' &&
            reports
          );
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(a!.consumer.assignedPartitions.length + b!.consumer.assignedPartitions.length).toBe(3);

      await publish(600);
      await waitUntil(
        'all orders in the ledger',
        async () => (await processedRows(db, products)).length === published,
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      await waitForCaughtUp(admin, groupId, topic);
      for (const product of products)
        expect(await stockOf(db, product)).toBe(INITIAL_STOCK - expectedDrop.get(product)!);
      const counts = await Promise.all([readinessOf(first.port), readinessOf(second.port)]).then((reports) =>
        reports.map((report) => report.consumer.counts),
      );
      expect(counts.every((count) => count.applied > 0)).toBe(true);
      expect(counts[0]!.applied + counts[1]!.applied).toBe(published);
    },
  );

  it(
    'when one instance gets SIGTERM while orders flow, then it exits 0 after leaving the group, and the other applies the rest with no redelivery',
    { timeout: 90_000 },
    async () => {
      const inLedgerBefore = published;
      await publish(1200);
      await waitUntil(
        'the new orders to be under way',
        async () => (await processedRows(db, products)).length >= inLedgerBefore + 100,
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
      await waitUntil(
        'all orders in the ledger',
        async () => (await processedRows(db, products)).length === published,
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      await waitForCaughtUp(admin, groupId, topic);
      for (const product of products)
        expect(await stockOf(db, product)).toBe(INITIAL_STOCK - expectedDrop.get(product)!);
      // Everything the stopped instance applied, it had committed: nothing came back to the other one.
      expect((await readinessOf(second.port)).consumer.counts.duplicates).toBe(0);

      second.signal('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    },
  );
});
