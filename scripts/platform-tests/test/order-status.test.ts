import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { collectMessages, uniqueId, waitUntil } from '@order-platform/test-kit';
import { OrdersClient, type OrderBody } from './support/orders-client.js';
import { infra, startTestPlatform, type TestPlatform } from './support/test-platform.js';

/**
 * Each order's status through the gateway (docs/design.md §3.2, §5.4): catalog-service publishes
 * the outcome to the run's order-status topic, the second sink writes it into order_status, and
 * GET shows it. The catalog database is this platform's own: every product starts at stock 100.
 */
let under: TestPlatform;
let client: OrdersClient;
const kafka = createKafka({
  clientId: 'order-status-test',
  brokers: infra.KAFKA_BROKERS,
  logger: createLogger('t', 'silent'),
});

beforeAll(async () => {
  under = await startTestPlatform('platform-status', { firstPort: 25_600 });
  client = new OrdersClient(under.gatewayUrl);
}, 180_000);

afterAll(async () => {
  await under?.stop();
}, 60_000);

async function getOne(userId: string, orderId: string) {
  const response = await fetch(`${under.gatewayUrl}/order-service/${userId}/orders/${orderId}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as OrderBody,
  };
}

/** The order as GET answers it once its status is no longer PENDING. */
function settledOrder(userId: string, orderId: string) {
  return waitUntil(
    `the status of ${orderId}`,
    async () => {
      const answer = await getOne(userId, orderId);
      return answer.status === 200 && answer.body.status !== 'PENDING' ? answer.body : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

const stockOf = async (productId: string) =>
  ((await (await fetch(`${under.gatewayUrl}/catalog-service/catalogs/${productId}`)).json()) as { stock: number })
    .stock;

describe('order status through the gateway', () => {
  it('when an order exceeds the stock, then GET shows it REJECTED with its reason; stock unchanged', async () => {
    const userId = uniqueId('status-big');
    const placed = await client.post(userId, { productId: 'CATALOG-0003', qty: 101, unitPrice: 1200 });
    expect(placed.status).toBe(201);
    const order = await settledOrder(userId, placed.body.orderId);
    expect(order).toMatchObject({ orderId: placed.body.orderId, status: 'REJECTED' });
    expect(order.reason).toMatch(/insufficient stock: ordered 101, in stock 100/);
    expect(Object.keys(order)).toEqual([
      'productId',
      'qty',
      'unitPrice',
      'totalPrice',
      'createdAt',
      'orderId',
      'status',
      'reason',
    ]);
    expect((await client.list(userId))[0]).toEqual(order);
    expect(await stockOf('CATALOG-0003')).toBe(100);
  });

  it('when an order fits, then it becomes CONFIRMED; an unknown product is REJECTED', async () => {
    const userId = uniqueId('status-fit');
    const fits = await client.post(userId, { productId: 'CATALOG-0001', qty: 4, unitPrice: 1500 });
    const unknown = await client.post(userId, { productId: 'NO-SUCH-PRODUCT', qty: 1, unitPrice: 1 });
    expect(await settledOrder(userId, fits.body.orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await settledOrder(userId, unknown.body.orderId)).toMatchObject({
      status: 'REJECTED',
      reason: 'unknown product: NO-SUCH-PRODUCT',
    });
    expect(await stockOf('CATALOG-0001')).toBe(96);
  });

  it('when an order is redelivered to catalog-service, then the same outcome again, and no stock', async () => {
    const userId = uniqueId('status-redelivered');
    const placed = await client.post(userId, { productId: 'CATALOG-0002', qty: 5, unitPrice: 900 });
    await settledOrder(userId, placed.body.orderId);
    const statuses = await collectMessages(kafka, infra.ORDER_STATUS_TOPIC);
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    try {
      // The example-catalog-topic message of the order once more (docs/design.md §5.2), as a redelivery.
      const { orderId, productId, qty, unitPrice, totalPrice } = placed.body;
      const value = JSON.stringify({ orderId, userId, productId, qty, unitPrice, totalPrice });
      await producer.send({ topic: under.catalog.topic, acks: -1, messages: [{ key: productId, value }] });
      const outcomes = () =>
        statuses.messages
          .filter((message) => message.key === placed.body.orderId)
          .map((message) => (JSON.parse(message.value!) as { payload: { status: string } }).payload.status);
      await waitUntil('the outcome published twice', () => outcomes().length === 2, { timeoutMs: 30_000 });
      expect(outcomes()).toEqual(['CONFIRMED', 'CONFIRMED']);
      expect(await stockOf('CATALOG-0002')).toBe(95);
    } finally {
      await producer.disconnect();
      await statuses.stop();
    }
  });

  it('when one order is asked for by another user or by an unknown id, then 404 problem+json', async () => {
    const owner = uniqueId('status-owner');
    const placed = await client.post(owner, { productId: 'CATALOG-0001', qty: 1, unitPrice: 1500 });
    expect((await getOne(owner, placed.body.orderId)).status).toBe(200);
    for (const [userId, orderId] of [
      [uniqueId('status-other'), placed.body.orderId],
      [owner, 'no-such-order'],
      [owner, 'x'.repeat(65)],
    ]) {
      const answer = await getOne(userId!, orderId!);
      expect(answer.status).toBe(404);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ code: 'order-not-found' });
    }
  });
});
