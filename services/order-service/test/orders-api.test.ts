import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ORDER_FIELDS } from '@order-platform/order-contracts';
import { type ProblemDetails } from '@order-platform/service-kit';
import { collectMessages, uniqueId, waitUntil } from '@order-platform/test-kit';
import type { RunningOrderService } from '../src/composition-root.js';
import { getOrders, infraConfig, postOrder, startTestService, TEST_PRODUCT, testKafka } from './support/harness.js';

const CREATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let service: RunningOrderService;

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  await service.stop();
});

describe('order-service HTTP API on the real infrastructure', () => {
  // The sink runs, so each POST is 201; the POST body and the GET rows have the seed's keys, in its order.
  it("when orders are posted, then each answers 201 with the seed's body and GET lists them oldest first", async () => {
    const userId = uniqueId('api-user');
    const first = await postOrder(service, userId, { productId: TEST_PRODUCT, qty: 10, unitPrice: 900 });
    const second = await postOrder(service, userId, { productId: 'TEST-ORDER-SERVICE-P2', qty: 3, unitPrice: 1200 });

    expect(first.status).toBe(201);
    expect(Object.keys(first.body)).toEqual(['productId', 'qty', 'unitPrice', 'totalPrice', 'orderId']);
    expect(first.body).toMatchObject({ productId: TEST_PRODUCT, qty: 10, unitPrice: 900, totalPrice: 9000 });
    expect(first.body.orderId).toMatch(UUID);
    expect(first.headers.get('location')).toBe(`/order-service/${userId}/orders`);
    expect(second.status).toBe(201);

    // 201 promises read-your-writes: no waiting here.
    const listed = await getOrders(service, userId);
    expect(listed.map((order) => order.orderId)).toEqual([first.body.orderId, second.body.orderId]);
    // The seed's keys in its order, then the status (issue 16); no catalog-service here, so it stays PENDING.
    expect(Object.keys(listed[0]!)).toEqual([
      'productId',
      'qty',
      'unitPrice',
      'totalPrice',
      'createdAt',
      'orderId',
      'status',
    ]);
    expect(listed.map((order) => order.status)).toEqual(['PENDING', 'PENDING']);
    expect(listed[1]).toMatchObject({
      productId: 'TEST-ORDER-SERVICE-P2',
      qty: 3,
      unitPrice: 1200,
      totalPrice: 3600,
    });
    for (const order of listed) expect(order.createdAt).toMatch(CREATED_AT);
    expect(Math.abs(Date.parse(listed[0]!.createdAt) - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('when a user has no orders, then GET answers an empty list', async () => {
    expect(await getOrders(service, uniqueId('nobody'))).toEqual([]);
  });

  it('when an order has a request id, then each record carries it as x-request-id, in its format and key', async () => {
    const userId = uniqueId('api-headers');
    const requestId = uniqueId('req');
    const orders = await collectMessages(testKafka, infraConfig.ORDERS_TOPIC);
    const catalog = await collectMessages(testKafka, infraConfig.CATALOG_TOPIC);
    try {
      const placed = await postOrder(
        service,
        userId,
        { productId: TEST_PRODUCT, qty: 2, unitPrice: 5 },
        { 'x-request-id': requestId },
      );
      expect(placed.headers.get('x-request-id')).toBe(requestId);
      const orderId = placed.body.orderId as string;
      const orderRecord = await waitUntil(
        'the orders record',
        () => orders.messages.find((message) => message.key === orderId),
        { timeoutMs: 30_000 },
      );
      const catalogRecord = await waitUntil(
        'the catalog record',
        () => catalog.messages.find((message) => message.value?.includes(orderId)),
        {
          timeoutMs: 30_000,
        },
      );

      expect(orderRecord.headers['x-request-id']).toBe(requestId);
      const dto = JSON.parse(orderRecord.value!);
      expect(dto.schema.fields.slice(0, SEED_ORDER_FIELDS.length)).toEqual(SEED_ORDER_FIELDS);
      expect(dto.payload).toMatchObject({
        order_id: orderId,
        user_id: userId,
        product_id: TEST_PRODUCT,
        qty: 2,
        unit_price: 5,
        total_price: 10,
      });
      expect(typeof dto.payload.created_at).toBe('number');

      expect(catalogRecord.key).toBe(TEST_PRODUCT);
      expect(catalogRecord.headers['x-request-id']).toBe(requestId);
      expect(JSON.parse(catalogRecord.value!)).toEqual({
        orderId,
        userId,
        productId: TEST_PRODUCT,
        qty: 2,
        unitPrice: 5,
        totalPrice: 10,
      });
    } finally {
      await orders.stop();
      await catalog.stop();
    }
  });

  it("when health_check is asked, then it answers the seed's text with the port it really listens on", async () => {
    const response = await fetch(`${service.url}/order-service/health_check`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(`It's Working in Order Service on PORT ${service.port}`);
    expect(service.port).toBeGreaterThan(0);
  });

  it('when ready is asked while Kafka and the database answer, then it answers 200 naming both up', async () => {
    const response = await fetch(`${service.url}/order-service/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', kafka: 'up', database: 'up' });
  });

  it('when a route does not exist or a method is not supported, then it answers 404 or 405 problem+json', async () => {
    const missing = await fetch(`${service.url}/order-service/u1/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await missing.json()) as ProblemDetails).code).toBe('not-found');

    const wrongMethod = await fetch(`${service.url}/order-service/u1/orders`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(((await wrongMethod.json()) as ProblemDetails).code).toBe('method-not-allowed');
  });
});
