import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { OrdersClient, type OrderBody } from './support/orders-client.js';
import { startTestPlatform, type TestPlatform } from './support/test-platform.js';

/**
 * Paging of `GET /order-service/{userId}/orders?limit=N` through the gateway, over two instances
 * (docs/design.md §3.2): the walk along `Link: rel="next"` sees every order once, also while
 * orders arrive.
 */
let under: TestPlatform;
let client: OrdersClient;

beforeAll(async () => {
  under = await startTestPlatform('platform-paging', { firstPort: 25_200 });
  client = new OrdersClient(under.gatewayUrl);
}, 180_000);

afterAll(async () => {
  await under?.stop();
}, 60_000);

const ORDER = { productId: 'CATALOG-0001', qty: 1, unitPrice: 1 };

/** Places `count` orders of the user, `parallel` at a time; answers each order id with when its 2xx came. */
async function placeOrders(userId: string, count: number, parallel: number, placed: Map<string, number>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next += 1;
        const answer = await client.post(userId, ORDER);
        if (answer.status !== 201) throw new Error(`POST answered ${answer.status}`);
        placed.set(answer.body.orderId, performance.now());
      }
    }),
  );
}

async function getPage(path: string) {
  const response = await fetch(`${under.gatewayUrl}${path}`);
  expect(response.status).toBe(200);
  const link = response.headers.get('link');
  const next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
  if (link) expect(next).toBeDefined();
  return { orders: (await response.json()) as OrderBody[], next };
}

describe('paging the orders of a user through the gateway', () => {
  it(
    'when a user with 1,000 orders is walked 20 at a time while 100 more arrive, then no order is missing or twice',
    { timeout: 240_000 },
    async () => {
      const userId = uniqueId('paging-user');
      const before = new Map<string, number>();
      await placeOrders(userId, 1000, 25, before);
      const whole = await client.list(userId);
      expect(whole).toHaveLength(1000);

      const during = new Map<string, number>();
      const arriving = placeOrders(userId, 100, 3, during);
      // The walk starts once some of the new orders are in, so that it surely meets arrivals.
      await waitUntil('10 of the new orders to be placed', () => during.size >= 10, { timeoutMs: 30_000 });
      const seen: OrderBody[] = [];
      let path: string | undefined = `/order-service/${userId}/orders?limit=20`;
      let lastRequestAt = 0;
      let pages = 0;
      while (path) {
        lastRequestAt = performance.now();
        const page = await getPage(path);
        expect(page.orders.length).toBeLessThanOrEqual(20);
        if (page.next) expect(page.orders).toHaveLength(20);
        seen.push(...page.orders);
        path = page.next;
        pages += 1;
      }
      await arriving;

      const ids = seen.map((order) => order.orderId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.slice(0, 1000).sort()).toEqual([...before.keys()].sort());
      // Every order readable (201) before the walk's last request is in the walk; nothing else is.
      const readableInTime = [...during].filter(([, at]) => at < lastRequestAt).map(([id]) => id);
      expect(ids.slice(1000).filter((id) => !during.has(id))).toEqual([]);
      expect(readableInTime.filter((id) => !ids.includes(id))).toEqual([]);
      expect(ids.length).toBeGreaterThanOrEqual(1010);
      expect(pages).toBe(Math.ceil(ids.length / 20));
      // The pages hold the seed's elements, field for field (the status may have moved on since).
      const withoutStatus = ({ status: _status, reason: _reason, ...seed }: OrderBody) => seed;
      const byId = new Map(whole.map((order) => [order.orderId, withoutStatus(order)]));
      for (const order of seen.slice(0, 1000)) expect(withoutStatus(order)).toEqual(byId.get(order.orderId));

      // And the whole list, without parameters, is the seed's answer: every order, no Link.
      const all = await fetch(`${under.gatewayUrl}/order-service/${userId}/orders`);
      expect(all.headers.get('link')).toBeNull();
      expect(((await all.json()) as OrderBody[]).map((order) => order.orderId).sort()).toEqual(
        [...before.keys(), ...during.keys()].sort(),
      );
    },
  );

  it('when the limit or the cursor is not one the API gave, then it answers 400 problem+json naming it', async () => {
    const userId = uniqueId('paging-bad');
    for (const [query, name] of [
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=5&after=not-a-cursor', 'after'],
    ]) {
      const response = await fetch(`${under.gatewayUrl}/order-service/${userId}/orders?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { code: string; errors: Array<{ name: string }> };
      expect(problem.code).toBe('invalid-page-query');
      expect(problem.errors.map((error) => error.name)).toEqual([name]);
    }
  });

  it('when a user has no orders, then the first page is empty and has no Link', async () => {
    const page = await getPage(`/order-service/${uniqueId('paging-nobody')}/orders?limit=5`);
    expect(page).toEqual({ orders: [], next: undefined });
  });
});
