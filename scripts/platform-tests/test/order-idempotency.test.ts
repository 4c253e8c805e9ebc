import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '@order-platform/infra';
import { uniqueId, waitUntil } from '@order-platform/test-kit';
import { infra, startTestPlatform, type TestPlatform } from './support/test-platform.js';

/**
 * `POST /order-service/{userId}/orders` with an `Idempotency-Key`, through the gateway over two
 * instances (docs/design.md §3.2): one key, one order, one row, one stock change, one answer body;
 * also while an instance is SIGKILLed mid-request. The catalog database is this platform's own, so
 * CATALOG-0002 starts at its seed stock of 100.
 */
let under: TestPlatform;
let orders: ReturnType<typeof connectDatabase>;

beforeAll(async () => {
  // An instance killed inside a transaction leaves it open, and read_committed readers wait for it
  // until it times out (or the slot restarts): 10 s instead of 60 keeps the test's waits short.
  under = await startTestPlatform('platform-idempotency', {
    firstPort: 25_400,
    env: { KAFKA_TRANSACTION_TIMEOUT_MS: '10000' },
  });
  orders = connectDatabase(infra, infra.ORDERS_DB);
}, 180_000);

afterAll(async () => {
  await orders?.destroy();
  await under?.stop();
}, 60_000);

interface Answer {
  status: number;
  text: string;
  contentType: string | null;
}

async function post(userId: string, body: object, key?: string): Promise<Answer> {
  const response = await fetch(`${under.gatewayUrl}/order-service/${userId}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
  }).catch((error: unknown) => ({ status: 0, text: async () => String(error), headers: new Headers() }));
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

/** Answers other than 2xx that a client retried (502: the SIGKILL cut the request at the instance). */
const cut: number[] = [];

/** Posts until a 2xx comes back (a request the SIGKILL cut answers 502; the client retries it). */
async function postUntilAccepted(userId: string, body: object, key: string): Promise<Answer> {
  return waitUntil(
    'a 2xx for the key',
    async () => {
      const answer = await post(userId, body, key);
      if (answer.status === 201 || answer.status === 202) return answer;
      cut.push(answer.status);
      return undefined;
    },
    { timeoutMs: 60_000, intervalMs: 50 },
  );
}

async function stockOf(productId: string): Promise<number> {
  const response = await fetch(`${under.gatewayUrl}/catalog-service/catalogs/${productId}`);
  return ((await response.json()) as { stock: number }).stock;
}

const rowsOf = (userId: string): Promise<Array<{ order_id: string; qty: number }>> =>
  orders('orders').where({ user_id: userId }).select('order_id', 'qty');

/**
 * Waits until catalog-service applied everything before now on the product's partition: a sentinel
 * order (no key) of qty 1 lands behind them, so once it lowered the stock, the rest were judged.
 */
async function settledStock(productId: string, expected: number): Promise<void> {
  const sentinel = await post(uniqueId('sentinel'), { productId, qty: 1, unitPrice: 1 });
  expect([201, 202]).toContain(sentinel.status);
  const after = expected - 1;
  await waitUntil(`the stock of ${productId} to be ${after}`, async () => (await stockOf(productId)) === after, {
    timeoutMs: 60_000,
  });
}

describe('idempotent POST through the gateway', () => {
  it(
    'when 50 POSTs with one key run at once and are retried while an instance is SIGKILLed, then one order',
    { timeout: 180_000 },
    async () => {
      const userId = uniqueId('idem-user');
      const key = uniqueId('key');
      const body = { productId: 'CATALOG-0002', qty: 3, unitPrice: 900 };
      expect(await stockOf('CATALOG-0002')).toBe(100);

      const [victim] = under.platform.orders;
      let answered = 0;
      const answers = Array.from({ length: 50 }, () =>
        postUntilAccepted(userId, body, key).then((answer) => (answered++, answer)),
      );
      // Killed once the first answers come back, while the rest are still in the instances' hands.
      await waitUntil('a first answer', () => answered > 0, { timeoutMs: 30_000, intervalMs: 1 });
      const answeredAtKill = answered;
      victim!.process.kill('SIGKILL');
      await victim!.process.exited;
      const retries = Array.from({ length: 10 }, () => postUntilAccepted(userId, body, key));
      const accepted = await Promise.all([...answers, ...retries]);

      console.info(
        `[platform-test] ${answeredAtKill} of 50 answered before the SIGKILL; retried answers: ${cut.join(' ')}`,
      );
      const bodies = new Set(accepted.map((answer) => answer.text));
      expect(bodies.size).toBe(1);
      const order = JSON.parse([...bodies][0]!) as Record<string, unknown>;
      expect(Object.keys(order)).toEqual(['productId', 'qty', 'unitPrice', 'totalPrice', 'orderId']);
      expect(order).toMatchObject({ ...body, totalPrice: 2700 });

      await waitUntil('the row', async () => (await rowsOf(userId)).length > 0, { timeoutMs: 60_000 });
      await settledStock('CATALOG-0002', 97);
      expect((await rowsOf(userId)).map((row) => row.order_id)).toEqual([order.orderId]);

      // Once readable, a replay answers 201 with the same body, from either instance.
      await under.platform.startOrder();
      for (let i = 0; i < 4; i++) {
        const replay = await post(userId, body, key);
        expect(replay.status).toBe(201);
        expect(replay.text).toBe([...bodies][0]);
      }
      expect(await stockOf('CATALOG-0002')).toBe(96);
    },
  );

  it('when a key is sent again with another body, then 422 problem+json, and nothing changed', async () => {
    const userId = uniqueId('idem-reuse');
    const key = uniqueId('key');
    const first = await post(userId, { productId: 'CATALOG-0001', qty: 1, unitPrice: 1500 }, key);
    expect(first.status).toBe(201);
    await waitUntil('the first order to be applied', async () => (await stockOf('CATALOG-0001')) === 99, {
      timeoutMs: 60_000,
    });
    const other = await post(userId, { productId: 'CATALOG-0001', qty: 2, unitPrice: 1500 }, key);
    expect(other.status).toBe(422);
    expect(other.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(other.text)).toMatchObject({
      status: 422,
      code: 'idempotency-key-reused',
      errors: [{ name: 'idempotency-key' }],
    });
    await settledStock('CATALOG-0001', 99);
    const { orderId } = JSON.parse(first.text) as { orderId: string };
    expect(await rowsOf(userId)).toEqual([{ order_id: orderId, qty: 1 }]);
  });

  it('when two users send one key, or a POST has no key, then each is an order of its own', async () => {
    const key = uniqueId('key');
    const body = { productId: 'CATALOG-0003', qty: 1, unitPrice: 1200 };
    const [a, b] = [uniqueId('idem-a'), uniqueId('idem-b')];
    const ids = [await post(a, body, key), await post(b, body, key), await post(a, body), await post(a, body)].map(
      (answer) => (JSON.parse(answer.text) as { orderId: string }).orderId,
    );
    expect(new Set(ids).size).toBe(4);
  });

  it('when the Idempotency-Key header is malformed, then 400 problem+json naming it, and no order', async () => {
    const userId = uniqueId('idem-bad');
    for (const key of ['"unterminated', `"${'k'.repeat(256)}"`, '""', 'two words']) {
      const answer = await post(userId, { productId: 'CATALOG-0001', qty: 1, unitPrice: 1 }, key);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({
        code: 'invalid-idempotency-key',
        errors: [{ name: 'idempotency-key' }],
      });
    }
    expect(await rowsOf(userId)).toEqual([]);
  });
});
