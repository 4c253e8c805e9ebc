import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { OrdersClient, type OrderBody } from './support/orders-client.js';
import { kafka } from './support/fuzz-platform.js';
import { startTestPlatform, type TestPlatform } from './support/test-platform.js';

/**
 * `POST /order-service/{userId}/orders/{orderId}/cancel` through the gateway (docs/design.md
 * §3.2.3): the stock comes back exactly once and the status becomes CANCELLED. The catalog database
 * is this platform's own: every product starts at stock 100.
 */
let under: TestPlatform;
let client: OrdersClient;

beforeAll(async () => {
  under = await startTestPlatform('platform-cancel', { firstPort: 25_800 });
  client = new OrdersClient(under.gatewayUrl);
}, 180_000);

afterAll(async () => {
  await under?.stop();
}, 60_000);

async function cancel(userId: string, orderId: string) {
  const response = await fetch(`${under.gatewayUrl}/order-service/${userId}/orders/${orderId}/cancel`, {
    method: 'POST',
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as OrderBody,
  };
}

async function getOne(userId: string, orderId: string) {
  return (await (await fetch(`${under.gatewayUrl}/order-service/${userId}/orders/${orderId}`)).json()) as OrderBody;
}

const stockOf = async (productId: string) =>
  ((await (await fetch(`${under.gatewayUrl}/catalog-service/catalogs/${productId}`)).json()) as { stock: number })
    .stock;

const statusIs = (userId: string, orderId: string, status: string) =>
  waitUntil(`${orderId} to be ${status}`, async () => (await getOne(userId, orderId)).status === status, {
    timeoutMs: 60_000,
  });

describe('cancelling an order through the gateway', () => {
  it('when a confirmed order is cancelled twice, then the stock comes back once, both answer CANCELLED', async () => {
    const userId = uniqueId('cancel-user');
    const placed = await client.post(userId, { productId: 'CATALOG-0001', qty: 7, unitPrice: 1500 });
    await statusIs(userId, placed.body.orderId, 'CONFIRMED');
    expect(await stockOf('CATALOG-0001')).toBe(93);

    const first = await cancel(userId, placed.body.orderId);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ orderId: placed.body.orderId, status: 'CANCELLED' });
    expect(await stockOf('CATALOG-0001')).toBe(100);
    const second = await cancel(userId, placed.body.orderId);
    expect(second).toEqual(first);
    expect(await getOne(userId, placed.body.orderId)).toEqual(first.body);
    expect(await stockOf('CATALOG-0001')).toBe(100);
  });

  it('when the cancel record reaches catalog-service twice, then the stock is given back once', async () => {
    const userId = uniqueId('cancel-twice');
    const placed = await client.post(userId, { productId: 'CATALOG-0002', qty: 9, unitPrice: 900 });
    await statusIs(userId, placed.body.orderId, 'CONFIRMED');
    expect(await stockOf('CATALOG-0002')).toBe(91);
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    try {
      // The cancel message order-service sends (docs/design.md §5.2), produced twice.
      const value = JSON.stringify({ type: 'cancel', orderId: placed.body.orderId, userId, productId: 'CATALOG-0002' });
      const record = { key: 'CATALOG-0002', value };
      await producer.send({ topic: under.catalog.topic, acks: -1, messages: [record, record] });
      await producer.send({ topic: under.catalog.topic, acks: -1, messages: [record] });
    } finally {
      await producer.disconnect();
    }
    await statusIs(userId, placed.body.orderId, 'CANCELLED');
    // A sentinel order behind the cancels on the product's partition: once it is judged, so are they.
    // 91 + 9 given back once, minus the sentinel's 1 (given back three times, it would be 117).
    const sentinel = await client.post(uniqueId('sentinel'), { productId: 'CATALOG-0002', qty: 1, unitPrice: 1 });
    expect(sentinel.status).toBe(201);
    await waitUntil('the sentinel to be applied', async () => (await stockOf('CATALOG-0002')) !== 100, {
      timeoutMs: 60_000,
    });
    expect(await stockOf('CATALOG-0002')).toBe(99);
  });

  it('when a rejected order is cancelled, then no stock changes and it answers REJECTED with the reason', async () => {
    const userId = uniqueId('cancel-rejected');
    const placed = await client.post(userId, { productId: 'CATALOG-0003', qty: 500, unitPrice: 1200 });
    await statusIs(userId, placed.body.orderId, 'REJECTED');
    const answer = await cancel(userId, placed.body.orderId);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'REJECTED', reason: 'insufficient stock: ordered 500, in stock 100' });
    expect(await cancel(userId, placed.body.orderId)).toEqual(answer);
    expect(await stockOf('CATALOG-0003')).toBe(100);
  });

  it("when an unknown order or another user's order is cancelled, then 404 problem+json", async () => {
    const owner = uniqueId('cancel-owner');
    const placed = await client.post(owner, { productId: 'CATALOG-0003', qty: 1, unitPrice: 1200 });
    for (const [userId, orderId] of [
      [owner, 'no-such-order'],
      [uniqueId('cancel-other'), placed.body.orderId],
    ]) {
      const answer = await cancel(userId!, orderId!);
      expect(answer.status).toBe(404);
      expect(answer.type).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ code: 'order-not-found' });
    }
  });
});
