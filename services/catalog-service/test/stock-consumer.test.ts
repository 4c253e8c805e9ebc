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
  readTopic,
  silentLogger,
  stockOf,
  testConfig,
  waitForCaughtUp,
} from './support/test-kit.js';

/**
 * The consumer in-process, wired as main.ts wires it, on a topic and group of its own: each order
 * lowers the stock exactly once, what cannot be applied goes to the dead-letter topic, and a
 * database that fails for a while holds the consumer on the message instead of skipping it.
 */
const kafka = createTestKafka('catalog-consumer-test');
const admin: Admin = kafka.admin();
const producer: Producer = createTestProducer(kafka);
let db: Knex;
let topic: string;
let dlqTopic: string;
const groupId = uniqueId('catalog-test-group');
let service: RunningCatalogService;
let deadLetters: Awaited<ReturnType<typeof readTopic>>;
let originals: Awaited<ReturnType<typeof readTopic>>;
const products: string[] = [];

beforeAll(async () => {
  db = connectCatalogDb();
  await prepareCatalogDb(db);
  await Promise.all([admin.connect(), producer.connect()]);
  topic = await createTopic(admin);
  dlqTopic = await createTopic(admin, 'catalog-test-dlq');
  service = await startCatalogService(
    testConfig({
      CATALOG_TOPIC: topic,
      CATALOG_DLQ_TOPIC: dlqTopic,
      CATALOG_GROUP_ID: groupId,
      DB_LOCK_WAIT_TIMEOUT_S: 1,
      RETRY_MAX_BACKOFF_MS: 300,
    }),
    silentLogger,
  );
  [deadLetters, originals] = await Promise.all([readTopic(kafka, dlqTopic), readTopic(kafka, topic)]);
});

afterAll(async () => {
  await Promise.all([service?.stop(), deadLetters?.stop(), originals?.stop()]);
  await deleteProducts(db, products);
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic, dlqTopic].filter(Boolean) }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await db.destroy();
});

async function ownProducts(...stocks: number[]): Promise<string[]> {
  const ids = await insertProducts(db, stocks);
  products.push(...ids);
  return ids;
}

describe('catalog-service consumer', () => {
  it('when an order arrives, then the stock goes down by its qty and the request id is recorded', async () => {
    const [product] = await ownProducts(100);
    const order = newOrder(product!, 23);
    await publishOrders(producer, topic, [order]);
    await waitForCaughtUp(admin, groupId, topic);
    expect(await stockOf(db, product!)).toBe(77);
    const [row] = await processedRows(db, [product!]);
    expect(row).toMatchObject({
      order_id: order.orderId,
      outcome: 'applied',
      qty: 23,
      request_id: `req-${order.orderId}`,
      source_topic: topic,
    });
  });

  it('when the same order is delivered twice, then the stock goes down once', async () => {
    const [product] = await ownProducts(100);
    const order = newOrder(product!, 7);
    const duplicatesBefore = service.consumer.status().counts.duplicates;
    await publishOrders(producer, topic, [order]);
    await publishOrders(producer, topic, [order]);
    await waitForCaughtUp(admin, groupId, topic);
    expect(await stockOf(db, product!)).toBe(93);
    expect(await processedRows(db, [product!])).toHaveLength(1);
    expect(service.consumer.status().counts.duplicates).toBe(duplicatesBefore + 1);
  });

  it('when orders arrive in Kafka transactions as order-service publishes them, then committed ones are applied, an aborted one never, and no lag is left behind', async () => {
    const [product] = await ownProducts(100);
    const [committed, aborted, last] = [newOrder(product!, 1), newOrder(product!, 20), newOrder(product!, 2)];
    const transactional = kafka.producer({
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
        await transaction.send({ topic, acks: -1, messages: [{ key: order.productId, value: JSON.stringify(order) }] });
        await (outcome === 'commit' ? transaction.commit() : transaction.abort());
      }
    } finally {
      await transactional.disconnect();
    }
    await waitForCaughtUp(admin, groupId, topic);
    expect(await stockOf(db, product!)).toBe(97);
    expect((await processedRows(db, [product!])).map((row) => row.order_id).sort()).toEqual(
      [committed.orderId, last.orderId].sort(),
    );
  });

  it('when an order asks for more than is in stock, then the stock stays and the order is recorded as rejected', async () => {
    const [product] = await ownProducts(5);
    const tooMuch = newOrder(product!, 6);
    const exactly = newOrder(product!, 5);
    await publishOrders(producer, topic, [tooMuch, exactly]);
    await waitForCaughtUp(admin, groupId, topic);
    expect(await stockOf(db, product!)).toBe(0);
    const rows = await processedRows(db, [product!]);
    expect(rows.find((row) => row.order_id === tooMuch.orderId)).toMatchObject({
      outcome: 'rejected',
      reason: 'insufficient stock: ordered 6, in stock 5',
    });
    expect(rows.find((row) => row.order_id === exactly.orderId)).toMatchObject({ outcome: 'applied' });
  });

  it('when messages cannot be applied, then each lands in the dead-letter topic with its reason and origin, and the good one after them is applied', async () => {
    const [product] = await ownProducts(50);
    const good = newOrder(product!, 4);
    const missingField = JSON.stringify({ ...newOrder(product!, 1), qty: undefined });
    const unknownProduct = JSON.stringify(newOrder(uniqueId('NO-SUCH-PRODUCT'), 1));
    const poison = Buffer.from([0x7b, 0x6e, 0x6f, 0x74, 0xff, 0x00, 0x20, 0x6a, 0x73, 0x6f, 0x6e]); // "{not", 0xff, 0x00, " json": not even UTF-8
    const bad = [
      { reason: 'not-json', value: poison },
      { reason: 'invalid-fields', value: Buffer.from(missingField) },
      { reason: 'unknown-product', value: Buffer.from(unknownProduct) },
    ];
    // One key, one partition: the good order waits behind the bad ones.
    await producer.send({
      topic,
      acks: -1,
      messages: [
        ...bad.map(({ value }) => ({ key: product!, value, headers: { 'x-request-id': 'req-bad' } })),
        { key: product!, value: JSON.stringify(good) },
      ],
    });

    const letters = await waitUntil(
      'three dead letters',
      () => {
        const found = deadLetters.messages.filter((message) => message.key?.toString() === product);
        return found.length === 3 && found;
      },
      { timeoutMs: 30_000 },
    );
    await waitForCaughtUp(admin, groupId, topic);
    expect(letters.map((letter) => letter.headers['x-dlq-reason'])).toEqual(bad.map(({ reason }) => reason));
    letters.forEach((letter, index) => {
      expect(letter.value?.equals(bad[index]!.value)).toBe(true);
      expect(letter.headers).toMatchObject({
        'x-dlq-original-topic': topic,
        'x-request-id': 'req-bad',
        'x-dlq-consumer-group': groupId,
      });
      expect(letter.headers['x-dlq-detail']).toBeTruthy();
      // The origin headers point at the very message that failed.
      const original = originals.messages.find(
        (message) =>
          String(message.partition) === letter.headers['x-dlq-original-partition'] &&
          message.offset === letter.headers['x-dlq-original-offset'],
      );
      expect(original?.value?.equals(bad[index]!.value)).toBe(true);
    });
    expect(letters[1]!.headers['x-dlq-detail']).toContain('qty');
    expect(letters[2]!.headers['x-dlq-detail']).toContain('NO-SUCH-PRODUCT');
    expect(await stockOf(db, product!)).toBe(46);
  });

  it('when a message that is not an order has a binary key and value, then the dead letter keeps both byte for byte', async () => {
    const key = Buffer.from([0x01, 0x02, 0xff]);
    const value = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41]);
    await producer.send({ topic, acks: -1, messages: [{ key, value }] });
    const letter = await waitUntil(
      'the binary dead letter',
      () => deadLetters.messages.find((message) => message.key?.equals(key)),
      { timeoutMs: 30_000 },
    );
    expect(letter.value?.equals(value)).toBe(true);
    expect(letter.headers['x-dlq-reason']).toBe('not-json');
  });

  it('when the product row is locked past the lock wait timeout, then the consumer retries the same order without moving past it, and applies it once released', async () => {
    const [product] = await ownProducts(100);
    const first = newOrder(product!, 10);
    const second = newOrder(product!, 3);
    const retriesBefore = service.consumer.status().counts.retries;
    const lock = await db.transaction();
    try {
      await lock('catalog').where('product_id', product!).forUpdate().select('stock');
      await publishOrders(producer, topic, [first, second]);
      // Two lock wait timeouts (1 s each) on the first order.
      const stuck = await waitUntil(
        'the consumer to retry on the locked row',
        () => {
          const status = service.consumer.status();
          return status.counts.retries >= retriesBefore + 2 ? (status.retrying ?? undefined) : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(stuck.lastError).toContain('ER_LOCK_WAIT_TIMEOUT');
      const stuckOffset = Number(stuck.offset);
      const committed = await committedOffsets(admin, groupId, topic);
      expect(committed.get(stuck.partition) ?? 0).toBeLessThanOrEqual(stuckOffset);
      expect(await processedRows(db, [product!])).toEqual([]);
    } finally {
      await lock.commit();
    }
    await waitForCaughtUp(admin, groupId, topic);
    expect(await stockOf(db, product!)).toBe(87);
    const rows = await processedRows(db, [product!]);
    expect(rows.map((row) => row.order_id).sort()).toEqual([first.orderId, second.orderId].sort());
    expect(service.consumer.status().retrying).toBeNull();
  });

  it("when the consumer's database connection is killed in the middle of a transaction, then the order is retried on a new connection and applied once", async () => {
    const [product] = await ownProducts(100);
    const order = newOrder(product!, 9);
    const retriesBefore = service.consumer.status().counts.retries;
    const lock = await db.transaction();
    try {
      await lock('catalog').where('product_id', product!).forUpdate().select('stock');
      await publishOrders(producer, topic, [order]);
      // The consumer's UPDATE now waits for our row lock, inside its transaction: kill its connection.
      const [waiting] = await waitUntil(
        'the consumer waiting on the row lock',
        async () => {
          const [rows] = (await db.raw(
            "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE INFO LIKE 'update `catalog`%' AND INFO LIKE ?",
            [`%${product}%`],
          )) as [Array<{ id: number }>];
          return rows.length > 0 && rows;
        },
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      await db.raw('KILL CONNECTION ?', [waiting!.id]);
      const stuck = await waitUntil(
        'a retry after the lost connection',
        () => {
          const status = service.consumer.status();
          return status.counts.retries > retriesBefore &&
            status.retrying &&
            !status.retrying.lastError.includes('ER_LOCK_WAIT_TIMEOUT')
            ? status.retrying
            : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      expect(stuck.lastError).toMatch(/CONNECTION|killed|lost/i);
    } finally {
      await lock.commit();
    }
    await waitForCaughtUp(admin, groupId, topic);
    expect(await stockOf(db, product!)).toBe(91);
    expect((await processedRows(db, [product!])).map((row) => row.order_id)).toEqual([order.orderId]);
  });

  it('when asked whether it is ready, then it answers with the consumer state and the lag of every partition', async () => {
    await waitForCaughtUp(admin, groupId, topic);
    const response = await fetch(`http://127.0.0.1:${service.port}/catalog-service/ready`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      status: string;
      database: string;
      consumer: { state: string; assignedPartitions: number[] };
      lag: Array<{ partition: number; lag: number }>;
    };
    expect(report).toMatchObject({
      status: 'ready',
      database: 'up',
      consumer: { state: 'running', assignedPartitions: [0, 1, 2] },
    });
    expect(report.lag.map((entry) => entry.partition)).toEqual([0, 1, 2]);
    expect(report.lag.every((entry) => entry.lag === 0)).toBe(true);
  });
});
