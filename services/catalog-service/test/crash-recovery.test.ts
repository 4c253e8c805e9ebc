import type { Knex } from 'knex';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { killLeftoverProcesses, startServiceProcess, type LogLine } from './support/service-process.js';
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
  stockOf,
  waitForCaughtUp,
} from './support/test-kit.js';

/**
 * catalog-service as a real process, killed without warning (SIGKILL) in the middle of 2,000
 * orders and started again: whatever it had applied but not yet committed to Kafka is delivered
 * again, and the stock still ends exactly at the initial stock minus the sum of the quantities.
 */
const ORDERS = 2000;
const INITIAL_STOCK = 1_000_000;
const kafka = createTestKafka('catalog-crash-test');
const admin: Admin = kafka.admin();
const producer: Producer = createTestProducer(kafka);
const groupId = uniqueId('catalog-crash-group');
let db: Knex;
let topic: string;
let dlqTopic: string;
let products: string[] = [];

beforeAll(async () => {
  db = connectCatalogDb();
  await prepareCatalogDb(db);
  await Promise.all([admin.connect(), producer.connect()]);
  topic = await createTopic(admin, 'catalog-crash');
  dlqTopic = await createTopic(admin, 'catalog-crash-dlq');
});

afterAll(async () => {
  await killLeftoverProcesses();
  await deleteProducts(db, products);
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic, dlqTopic].filter(Boolean) }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await db.destroy();
});

/** Messages per second between the first and the last message a process settled. */
function throughput(logs: LogLine[]): { messages: number; perSecond: number } {
  const settled = logs.filter(
    (line) => line.msg === 'order applied to stock' || line.msg.startsWith('order already taken'),
  );
  if (settled.length < 2) return { messages: settled.length, perSecond: 0 };
  const seconds = (Date.parse(String(settled.at(-1)!.time)) - Date.parse(String(settled[0]!.time))) / 1000;
  return { messages: settled.length, perSecond: Math.round(settled.length / seconds) };
}

describe('catalog-service killed in the middle of its work', () => {
  it(
    'when the process is SIGKILLed after some of 2,000 orders and started again, then every order lowers the stock exactly once',
    { timeout: 180_000 },
    async () => {
      products = await insertProducts(
        db,
        [INITIAL_STOCK, INITIAL_STOCK, INITIAL_STOCK, INITIAL_STOCK, INITIAL_STOCK, INITIAL_STOCK],
        100,
        productIdsCoveringPartitions(2),
      );
      const { orders, drop } = ordersOver(products, ORDERS);
      await publishOrders(producer, topic, orders);
      const env = {
        CATALOG_TOPIC: topic,
        CATALOG_GROUP_ID: groupId,
        CATALOG_DLQ_TOPIC: dlqTopic,
        CATALOG_SESSION_TIMEOUT_MS: '6000',
      };

      const first = await startServiceProcess(env);
      const countAtKill = await waitUntil(
        'a few hundred orders applied',
        async () => {
          const [{ count }] = (await db('processed_orders').whereIn('product_id', products).count({ count: '*' })) as [
            { count: number },
          ];
          return Number(count) >= 400 && Number(count);
        },
        { timeoutMs: 60_000, intervalMs: 20 },
      );
      first.signal('SIGKILL');
      expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
      const [{ count: appliedByFirst }] = (await db('processed_orders')
        .whereIn('product_id', products)
        .count({ count: '*' })) as [{ count: number }];
      // Killed in the middle, not after the end: the second process has work left.
      expect(Number(appliedByFirst)).toBeLessThan(ORDERS);

      const second = await startServiceProcess(env);
      await waitUntil('all orders in the ledger', async () => (await processedRows(db, products)).length === ORDERS, {
        timeoutMs: 120_000,
        intervalMs: 200,
      });
      await waitForCaughtUp(admin, groupId, topic, 60_000);

      const rows = await processedRows(db, products);
      expect(new Set(rows.map((row) => row.order_id)).size).toBe(ORDERS);
      expect(rows.every((row) => row.outcome === 'applied')).toBe(true);
      for (const product of products) expect(await stockOf(db, product)).toBe(INITIAL_STOCK - drop.get(product)!);
      expect(second.logs.filter((line) => line.msg === 'order message dead-lettered')).toEqual([]);

      const redelivered = second.logs.filter((line) => String(line.msg).startsWith('order already taken')).length;
      process.stderr.write(
        `[catalog-service] SIGKILL after ${countAtKill}+ orders (${appliedByFirst} in the ledger at the kill); ` +
          `first process ${JSON.stringify(throughput(first.logs))}, second ${JSON.stringify(throughput(second.logs))}, redelivered and ignored: ${redelivered}\n`,
      );

      second.signal('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    },
  );
});
