import { Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { buildCatalogOrderMessage } from '@order-platform/order-contracts';
import { pollUntil, settle, type BenchContext } from './bench-context.js';
import { BenchSystem } from './bench-system.js';
import { round } from './stats.js';

export interface ConsumerResult {
  messages: number;
  /** messages / (last processed_at - first processed_at): the pace of applying. */
  messagesPerSec: number;
  /** From starting the process until the last order was applied (start-up and group join included). */
  wallSeconds: number;
  applied: number;
  rejected: number;
  /** The stock went down by exactly the ordered quantity, and no message was dead-lettered. */
  exact: boolean;
}

const STOCK = 1_000_000_000;
const PRODUCTS = ['CATALOG-0001', 'CATALOG-0002', 'CATALOG-0003'];

/**
 * Scenario 5: catalog-service applying orders already waiting in its topic. The topic, group and
 * database are this scenario's own. A first start migrates and seeds the database (stock raised
 * so every order applies, the common case), then the orders are produced as order-service does
 * (transactions of 500), and a second start is timed until every order is in the ledger.
 */
export async function consumerScenario(context: BenchContext): Promise<ConsumerResult> {
  const { system, options } = context;
  const resources = BenchSystem.catalogResources(context.runId, 'consumer');
  await system.createCatalogResources(resources);
  const db = (table: string) => context.server(`${resources.database}.${table}`);

  context.say('consumer: preparing its database (first start migrates and seeds it)');
  const first = await system.startConsumer(resources, 'catalog-consumer-prepare', 'ready');
  await first.stop();
  await db('catalog').update({ stock: STOCK });

  const total = Math.round(options.catalogMessages);
  context.say(`consumer: producing ${total} orders to ${resources.topic}`);
  const producer = context.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    transactionalId: `bench-producer-${context.runId}`,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const quantities = new Map<string, number>(PRODUCTS.map((product) => [product, 0]));
  try {
    for (let start = 0; start < total; start += 500) {
      const transaction = await producer.transaction();
      const messages = [];
      for (let n = start; n < Math.min(total, start + 500); n++) {
        const productId = PRODUCTS[n % PRODUCTS.length]!;
        const qty = 1 + (n % 3);
        quantities.set(productId, quantities.get(productId)! + qty);
        const message = buildCatalogOrderMessage({
          orderId: randomUUID(),
          userId: `bench-${context.runId}-c${n % 1000}`,
          productId,
          qty,
          unitPrice: 900,
          totalPrice: 900 * qty,
          createdAt: Date.now(),
        });
        messages.push({ key: productId, value: JSON.stringify(message), headers: { 'x-request-id': `bench-${n}` } });
      }
      await transaction.send({ topic: resources.topic, acks: -1, messages });
      await transaction.commit();
    }
  } finally {
    await producer.disconnect();
  }

  await settle(context);
  context.say(`consumer: starting catalog-service on the ${total} waiting orders`);
  const startedAt = performance.now();
  const consumer = await system.startConsumer(resources, 'catalog-consumer', 'none');
  context.sampler.watch('catalog-service (consumer scenario)', consumer.pid);
  let seen = 0;
  const done = await pollUntil(
    async () => {
      const [row] = await db('processed_orders').count<Array<{ n: number | string }>>({ n: '*' });
      seen = Number(row?.n ?? 0);
      if (!consumer.running) throw new Error('catalog-service exited');
      return seen >= total ? true : undefined;
    },
    600_000,
    250,
  );
  const wallSeconds = round((performance.now() - startedAt) / 1000, 2);
  context.sampler.forget('catalog-service (consumer scenario)');
  await consumer.stop();
  if (!done) throw new Error(`catalog-service applied ${seen} of ${total} orders within 10 minutes`);

  const [span] = await db('processed_orders').select<
    Array<{ us: number; applied: number | string; rejected: number | string }>
  >(
    context.server.raw('TIMESTAMPDIFF(MICROSECOND, MIN(processed_at), MAX(processed_at)) AS us'),
    context.server.raw("SUM(outcome = 'applied') AS applied"),
    context.server.raw("SUM(outcome = 'rejected') AS rejected"),
  );
  const stocks = await db('catalog').select<Array<{ product_id: string; stock: number }>>('product_id', 'stock');
  const stockExact = stocks.every(
    (row) => !quantities.has(row.product_id) || row.stock === STOCK - quantities.get(row.product_id)!,
  );
  const dlq = await deadLetters(context, resources.dlq);
  const spanS = Math.max(0.001, Number(span?.us ?? 0) / 1e6);
  const result: ConsumerResult = {
    messages: total,
    messagesPerSec: round(total / spanS),
    wallSeconds,
    applied: Number(span?.applied ?? 0),
    rejected: Number(span?.rejected ?? 0),
    exact: stockExact && dlq === 0 && seen === total,
  };
  context.say(
    `  ${result.messagesPerSec} messages/s (${total} in ${round(spanS, 2)} s of applying, ` +
      `${wallSeconds} s from process start); stock exact: ${result.exact}`,
  );
  return result;
}

async function deadLetters(context: BenchContext, topic: string): Promise<number> {
  const admin = context.kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}
