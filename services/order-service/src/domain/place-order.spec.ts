import { describe, expect, it } from 'vitest';
import type { Order } from './order.js';
import { placeOrderUseCase } from './place-order.js';

function fakes(options: { visible?: boolean; publishError?: Error } = {}) {
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
});
