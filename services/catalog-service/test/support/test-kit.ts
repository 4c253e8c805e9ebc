import type { Knex } from 'knex';
import { Partitioners, type Admin, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import { createKafka, createLogger, loadConfig } from '@order-platform/service-kit';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { catalogConfigSchema, type CatalogConfig } from '../../src/config.js';
import { createDatabase } from '../../src/data-access/database.js';
import { migrateCatalogDb } from '../../src/data-access/migrate.js';
import type { StockOrder } from '../../src/domain/stock-order.js';

/**
 * What the catalog-service integration tests share: the configuration of the running
 * infrastructure, a database handle, Kafka clients, and test-owned products and topics, so tests
 * never touch each other's data nor a running system's.
 */
export const config: CatalogConfig = loadConfig(catalogConfigSchema);
export const silentLogger = createLogger('catalog-test', 'silent');

export function testConfig(overrides: Partial<CatalogConfig>): CatalogConfig {
  return { ...config, PORT: 0, REGISTRY_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent', ...overrides };
}

export function connectCatalogDb(): Knex {
  return createDatabase({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.CATALOG_DB,
    poolMax: 4,
    lockWaitTimeoutS: 10,
  });
}

/** catalogdb at the latest migration: the tests insert their products into its tables. */
export async function prepareCatalogDb(db: Knex): Promise<void> {
  await migrateCatalogDb(db, silentLogger);
}

export function createTestKafka(clientId: string): Kafka {
  return createKafka({ clientId, brokers: config.KAFKA_BROKERS, logger: silentLogger });
}

export function createTestProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
}

/** A fresh topic with 3 partitions, like example-catalog-topic. */
export async function createTopic(admin: Admin, prefix = 'catalog-test'): Promise<string> {
  const topic = uniqueId(prefix);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
  return topic;
}

/** Products of one test, each with a known stock; returns their ids. */
export async function insertProducts(
  db: Knex,
  stocks: number[],
  unitPrice = 100,
  ids = stocks.map(() => uniqueId('P')),
): Promise<string[]> {
  await db('catalog').insert(
    ids.map((productId, index) => ({
      product_id: productId,
      product_name: `test ${productId}`,
      stock: stocks[index],
      unit_price: unitPrice,
    })),
  );
  return ids;
}

export async function deleteProducts(db: Knex, productIds: string[]): Promise<void> {
  if (productIds.length === 0) return;
  await db('processed_orders').whereIn('product_id', productIds).delete();
  await db('catalog').whereIn('product_id', productIds).delete();
}

export async function stockOf(db: Knex, productId: string): Promise<number> {
  const row = (await db('catalog').select('stock').where('product_id', productId).first()) as
    { stock: number } | undefined;
  if (!row) throw new Error(`no product ${productId}`);
  return row.stock;
}

export function newOrder(productId: string, qty: number, overrides: Partial<StockOrder> = {}): StockOrder {
  return {
    orderId: uniqueId('order'),
    userId: uniqueId('user'),
    productId,
    qty,
    unitPrice: 100,
    totalPrice: qty * 100,
    ...overrides,
  };
}

/** Sends orders as order-service does: key productId, plain JSON value, x-request-id header. */
export async function publishOrders(
  producer: Producer,
  topic: string,
  orders: StockOrder[],
  batchSize = 250,
): Promise<void> {
  for (let start = 0; start < orders.length; start += batchSize) {
    await producer.send({
      topic,
      acks: -1,
      messages: orders.slice(start, start + batchSize).map((order) => ({
        key: order.productId,
        value: JSON.stringify(order),
        headers: { 'x-request-id': `req-${order.orderId}` } as IHeaders,
      })),
    });
  }
}

/** The group's committed offset on every partition has reached the end of the partition. */
export async function waitForCaughtUp(admin: Admin, groupId: string, topic: string, timeoutMs = 30_000): Promise<void> {
  await waitUntil(
    `consumer group ${groupId} to commit everything on ${topic}`,
    async () => {
      const [committed, ends] = await Promise.all([
        admin.fetchOffsets({ groupId, topics: [topic] }),
        admin.fetchTopicOffsets(topic),
      ]);
      const byPartition = new Map(
        (committed[0]?.partitions ?? []).map((entry) => [entry.partition, Number(entry.offset)]),
      );
      return ends.every(
        (end) => Number(end.offset) === 0 || (byPartition.get(end.partition) ?? -1) >= Number(end.offset),
      );
    },
    { timeoutMs, intervalMs: 100 },
  );
}

export async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, number>> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map((committed?.partitions ?? []).map((entry) => [entry.partition, Number(entry.offset)]));
}

export async function processedRows(db: Knex, productIds: string[]) {
  return (await db('processed_orders').whereIn('product_id', productIds).select('*')) as Array<{
    order_id: string;
    product_id: string;
    qty: number;
    outcome: 'applied' | 'rejected';
    reason: string | null;
    request_id: string | null;
    source_partition: number;
    source_offset: string | number;
  }>;
}

export interface RawMessage {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with a fresh group, keeping keys and values as bytes. Shorter
 * fetch waits than the shared collector, so stop() does not wait out a 5 s long-poll.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
): Promise<{ messages: RawMessage[]; stop: () => Promise<void> }> {
  const consumer = kafka.consumer({ groupId: uniqueId('catalog-test-reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: RawMessage[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {}))
        if (value !== undefined) headers[name] = String(value);
      messages.push({ partition, offset: message.offset, key: message.key, value: message.value, headers });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

/**
 * Product ids whose orders land on every partition of a 3-partition topic (perPartition each),
 * found with the producer's own partitioner: tests about instances sharing partitions need work
 * on all of them.
 */
export function productIdsCoveringPartitions(perPartition: number, partitions = 3): string[] {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
    partitionErrorCode: 0,
  }));
  const byPartition: string[][] = Array.from({ length: partitions }, () => []);
  while (byPartition.some((ids) => ids.length < perPartition)) {
    const id = uniqueId('P');
    const partition = partitioner({ topic: 'any', partitionMetadata, message: { key: id, value: null } });
    if (byPartition[partition]!.length < perPartition) byPartition[partition]!.push(id);
  }
  return byPartition.flat();
}

export interface ReadyReport {
  status: string;
  consumer: {
    state: string;
    assignedPartitions: number[];
    counts: { applied: number; duplicates: number; rejected: number; deadLettered: number };
  };
  lag: Array<{ partition: number; lag: number }> | null;
}

export async function readinessOf(port: number): Promise<ReadyReport> {
  const response = await fetch(`http://127.0.0.1:${port}/catalog-service/ready`);
  return (await response.json()) as ReadyReport;
}

/** Random quantities 1..9 spread round-robin over the products; returns the orders and the expected stock drop per product. */
export function ordersOver(productIds: string[], count: number): { orders: StockOrder[]; drop: Map<string, number> } {
  const drop = new Map(productIds.map((id) => [id, 0]));
  const orders = Array.from({ length: count }, (_, index) => {
    const productId = productIds[index % productIds.length]!;
    const qty = 1 + Math.floor(Math.random() * 9);
    drop.set(productId, drop.get(productId)! + qty);
    return newOrder(productId, qty);
  });
  return { orders, drop };
}
