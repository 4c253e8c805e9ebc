import net from 'node:net';
import type { Kafka } from 'kafkajs';
import { createKafka, createLogger, loadConfig } from '@order-platform/service-kit';
import { collectMessages, uniqueId, waitUntil, type CollectedMessage } from '@order-platform/test-kit';
import { loadInfraConfig } from '@order-platform/infra';
import { orderServiceConfigSchema } from '../../src/config.js';
import { startOrderService, type RunningOrderService } from '../../src/composition-root.js';

export const infraConfig = loadInfraConfig();
export const testKafka = createKafka({
  clientId: 'order-service-test',
  brokers: infraConfig.KAFKA_BROKERS,
  logger: createLogger('test', 'silent'),
});

/**
 * Product ids of test orders: not in the catalog, so that a running catalog-service does not
 * spend the seed's stock on our tests.
 */
export const TEST_PRODUCT = 'TEST-ORDER-SERVICE-P1';

/** A real order-service on a free port with real Kafka and database; `overrides` are env keys. */
export function startTestService(
  overrides: Record<string, string> = {},
  seams: Parameters<typeof startOrderService>[2] = {},
): Promise<RunningOrderService> {
  const config = loadConfig(orderServiceConfigSchema, {
    ...process.env,
    ORDER_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  });
  return startOrderService(config, createLogger('order-service-test', config.LOG_LEVEL), seams);
}

/** The JSON of a POST's answer: the placed order (orderId, ...) or a problem (code, ...). */
export interface AnswerBody {
  orderId?: string;
  code?: string;
  [field: string]: unknown;
}

/** One order of GET /{userId}/orders (docs/design.md, §3.2). */
export interface ListedOrder {
  productId: string;
  qty: number;
  unitPrice: number;
  totalPrice: number;
  createdAt: string;
  orderId: string;
  status: string;
  reason?: string;
}

export async function postOrder(
  service: { url: string },
  userId: string,
  body: unknown = { productId: TEST_PRODUCT, qty: 10, unitPrice: 900 },
  headers: Record<string, string> = {},
): Promise<{ status: number; body: AnswerBody; headers: Headers }> {
  const response = await fetch(`${service.url}/order-service/${userId}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as AnswerBody) : {}, headers: response.headers };
}

/**
 * On a freshly started broker the first transactions fail while it creates its transaction log:
 * waits (bounded) until an order of a warm-up user is accepted.
 */
export async function waitUntilAccepting(service: { url: string }): Promise<void> {
  await waitUntil(
    'a warm-up order to be accepted',
    async () => (await postOrder(service, uniqueId('warm-up'))).status < 300,
    {
      timeoutMs: 90_000,
      intervalMs: 500,
    },
  );
}

export async function getOrders(service: { url: string }, userId: string): Promise<ListedOrder[]> {
  const response = await fetch(`${service.url}/order-service/${userId}/orders`);
  if (response.status !== 200) throw new Error(`GET orders answered ${response.status}`);
  return (await response.json()) as ListedOrder[];
}

/** Until GET lists at least `count` orders of the user (the sink wrote them); returns the list. */
export function waitUntilListed(service: { url: string }, userId: string, what: string, count = 1) {
  return waitUntil(
    what,
    async () => {
      const orders = await getOrders(service, userId);
      return orders.length >= count ? orders : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

/** A port nothing listens on: taken from the OS, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The user id a record of either topic belongs to (other tests also put garbage on `orders`). */
export function userIdOf(message: CollectedMessage): string | undefined {
  try {
    const value = JSON.parse(message.value ?? '{}') as { payload?: { user_id?: unknown }; userId?: unknown } | null;
    const userId = value?.payload?.user_id ?? value?.userId;
    return typeof userId === 'string' ? userId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads both order topics read_committed from the beginning, past everything produced so far:
 * marker orders are placed through `service` until each partition of each topic shows one.
 * Anything produced before that is missing from the result was never committed (a read_committed
 * consumer stops at the first open transaction, so it cannot just be "not yet").
 */
export async function readBothTopicsToTheEnd(
  service: { url: string },
  kafka: Kafka = testKafka,
  topics = { orders: infraConfig.ORDERS_TOPIC, catalog: infraConfig.CATALOG_TOPIC },
): Promise<{ orders: CollectedMessage[]; catalog: CollectedMessage[] }> {
  const admin = kafka.admin();
  await admin.connect();
  const partitions = async (topic: string) => (await admin.fetchTopicOffsets(topic)).length;
  const counts = { orders: await partitions(topics.orders), catalog: await partitions(topics.catalog) };
  await admin.disconnect();

  const orders = await collectMessages(kafka, topics.orders);
  const catalog = await collectMessages(kafka, topics.catalog);
  const marker = uniqueId('marker');
  const covered = (messages: CollectedMessage[], count: number) =>
    new Set(messages.filter((message) => userIdOf(message) === marker).map((message) => message.partition)).size ===
    count;
  try {
    let round = 0;
    await waitUntil(
      'marker orders on every partition of both topics',
      async () => {
        if (covered(orders.messages, counts.orders) && covered(catalog.messages, counts.catalog)) return true;
        // Ten markers with different order ids and product ids miss a partition rarely; then more.
        round += 1;
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            postOrder(service, marker, { productId: `TEST-MARKER-${round}-${index}`, qty: 1, unitPrice: 1 }),
          ),
        );
        if (answers.some((answer) => answer.status >= 300))
          throw new Error(`a marker order answered ${answers.map((answer) => answer.status).join(',')}`);
        await waitUntil(
          'the markers to be read',
          () => orders.messages.filter((message) => userIdOf(message) === marker).length >= round * 10,
          {
            timeoutMs: 20_000,
          },
        ).catch(() => undefined);
        return covered(orders.messages, counts.orders) && covered(catalog.messages, counts.catalog);
      },
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    return { orders: [...orders.messages], catalog: [...catalog.messages] };
  } finally {
    await orders.stop();
    await catalog.stop();
  }
}
