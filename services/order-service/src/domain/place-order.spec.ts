import { describe, expect, it } from 'vitest';
import type { Order } from './order.js';
import { IdempotencyKeyReusedError, requestFingerprint, type IdempotencyClaim } from './idempotency.js';
import { placeOrderUseCase } from './place-order.js';

/** The shared key table as a map: the first claim of a (user, key) wins, as the primary key makes it. */
function memoryKeys() {
  const claims = new Map<string, IdempotencyClaim>();
  return {
    claims,
    claim: async (claim: IdempotencyClaim) => {
      const id = JSON.stringify([claim.userId, claim.key]);
      if (!claims.has(id)) claims.set(id, claim);
      return claims.get(id)!;
    },
  };
}

function fakes(options: { visible?: boolean; publishError?: Error; alreadyVisible?: string[] } = {}) {
  const published: Array<{ order: Order; requestId: string }> = [];
  const waited: Array<{ orderId: string; timeoutMs: number }> = [];
  return {
    published,
    waited,
    publisher: {
      publish: async (order: Order, requestId: string) => {
        if (options.publishError) throw options.publishError;
        published.push({ order, requestId });
      },
    },
    visibility: {
      waitUntilVisible: async (orderId: string, timeoutMs: number) => {
        waited.push({ orderId, timeoutMs });
        return options.visible ?? true;
      },
      isVisible: async (orderId: string) => (options.alreadyVisible ?? []).includes(orderId),
    },
  };
}

describe('placeOrderUseCase', () => {
  it(
    'when an order is placed,' +
      ' then it gets an id, the total and a timestamp, is published with the request id, and waited for',
    async () => {
      const deps = fakes();
      const placeOrder = placeOrderUseCase({
        ...deps,
        visibilityWaitMs: 3000,
        newOrderId: () => 'order-1',
        now: () => 1_659_114_027_025,
      });
      const placed = await placeOrder('user-1', { productId: 'CATALOG-0002', qty: 10, unitPrice: 900 }, 'request-1');
      const order = {
        orderId: 'order-1',
        userId: 'user-1',
        productId: 'CATALOG-0002',
        qty: 10,
        unitPrice: 900,
        totalPrice: 9000,
        createdAt: 1_659_114_027_025,
      };
      expect(placed).toEqual({ order, visible: true });
      expect(deps.published).toEqual([{ order, requestId: 'request-1' }]);
      expect(deps.waited).toEqual([{ orderId: 'order-1', timeoutMs: 3000 }]);
    },
  );

  it('when the sink has not written the order in time, then it is placed but not visible', async () => {
    const deps = fakes({ visible: false });
    const placed = await placeOrderUseCase({ ...deps, visibilityWaitMs: 10 })(
      'u',
      { productId: 'P', qty: 1, unitPrice: 1 },
      'r',
    );
    expect(placed.visible).toBe(false);
  });

  it('when publishing fails, then the error reaches the caller and nobody waits for the order', async () => {
    const deps = fakes({ publishError: new Error('kafka down') });
    const placeOrder = placeOrderUseCase({ ...deps, visibilityWaitMs: 10 });
    await expect(placeOrder('u', { productId: 'P', qty: 1, unitPrice: 1 }, 'r')).rejects.toThrow('kafka down');
    expect(deps.waited).toEqual([]);
  });

  it('when orders are placed, then the observer hears each result, and each wait for the sink', async () => {
    const heard: string[] = [];
    const observer = {
      placed: (result: string) => heard.push(result),
      waitedForVisibility: (seconds: number, visible: boolean) => heard.push(`waited ${seconds >= 0} ${visible}`),
    };
    const request = { productId: 'P', qty: 1, unitPrice: 1 };
    for (const options of [{ visible: true }, { visible: false }, { publishError: new Error('kafka down') }]) {
      const placeOrder = placeOrderUseCase({ ...fakes(options), visibilityWaitMs: 10, observer });
      await placeOrder('u', request, 'r').catch(() => undefined);
    }
    expect(heard).toEqual(['waited true true', 'created', 'waited true false', 'accepted', 'unavailable']);
  });

  describe('with an Idempotency-Key', () => {
    const request = { productId: 'P', qty: 2, unitPrice: 5 };
    let ids = 0;
    const options = { visibilityWaitMs: 10, newOrderId: () => `order-${++ids}`, now: () => 1000 + ids };

    it('when one key is sent twice with one body, then both answers are the first order, published again', async () => {
      const deps = fakes();
      const keys = memoryKeys();
      const placeOrder = placeOrderUseCase({ ...deps, ...options, keys });
      const first = await placeOrder('u', request, 'r1', 'k');
      const second = await placeOrder('u', request, 'r2', 'k');
      expect(second).toEqual(first);
      expect(deps.published.map((entry) => entry.order)).toEqual([first.order, first.order]);
      expect(keys.claims.size).toBe(1);
    });

    it('when the order of a key is readable already, then a retry answers it without publishing', async () => {
      const keys = memoryKeys();
      const first = await placeOrderUseCase({ ...fakes(), ...options, keys })('u', request, 'r1', 'k');
      const deps = fakes({ alreadyVisible: [first.order.orderId] });
      const again = await placeOrderUseCase({ ...deps, ...options, keys })('u', request, 'r2', 'k');
      expect(again).toEqual({ order: first.order, visible: true });
      expect(deps.published).toEqual([]);
    });

    it('when one key comes with another body, then it is refused and nothing is published', async () => {
      const deps = fakes();
      const placeOrder = placeOrderUseCase({ ...deps, ...options, keys: memoryKeys() });
      await placeOrder('u', request, 'r1', 'k');
      await expect(placeOrder('u', { ...request, qty: 3 }, 'r2', 'k')).rejects.toBeInstanceOf(
        IdempotencyKeyReusedError,
      );
      expect(deps.published).toHaveLength(1);
    });

    it('when two users send one key, then they get two orders', async () => {
      const placeOrder = placeOrderUseCase({ ...fakes(), ...options, keys: memoryKeys() });
      const a = await placeOrder('a', request, 'r1', 'k');
      const b = await placeOrder('b', request, 'r2', 'k');
      expect(a.order.orderId).not.toBe(b.order.orderId);
    });
  });
});

describe('requestFingerprint', () => {
  it('when two requests differ in any field, then their fingerprints differ; equal ones are equal', () => {
    const base = { productId: 'P', qty: 1, unitPrice: 12 };
    expect(requestFingerprint({ ...base })).toBe(requestFingerprint(base));
    expect(requestFingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
    for (const other of [
      { ...base, productId: 'Q' },
      { ...base, qty: 11, unitPrice: 2 },
      { ...base, unitPrice: 13 },
    ])
      expect(requestFingerprint(other)).not.toBe(requestFingerprint(base));
  });
});
