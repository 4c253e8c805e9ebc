import { describe, expect, it } from 'vitest';
import { cancelOrderUseCase, OrderNotFoundError } from './cancel-order.js';
import type { OrderStatus, StoredOrder } from './order.js';

function order(status: OrderStatus): StoredOrder {
  return {
    orderId: 'o',
    productId: 'P',
    qty: 1,
    unitPrice: 1,
    totalPrice: 1,
    createdAtUtc: '2026-01-01 00:00:00.000',
    status,
  };
}

function fakes(statuses: OrderStatus[]) {
  const sent: unknown[] = [];
  let reads = 0;
  return {
    sent,
    deps: {
      orders: {
        findForUser: async (userId: string) =>
          userId === 'u' ? order(statuses[Math.min(reads++, statuses.length - 1)]!) : undefined,
      },
      cancels: { publish: async (cancel: unknown) => void sent.push(cancel) },
      waitMs: 1000,
      pollMs: 1,
      sleep: async () => {},
    },
  };
}

describe('cancelOrderUseCase', () => {
  it('when a confirmed order is cancelled, then the cancel is sent and the answer waits for CANCELLED', async () => {
    const { sent, deps } = fakes(['CONFIRMED', 'CONFIRMED', 'CANCELLED']);
    const cancelled = await cancelOrderUseCase(deps)('u', 'o', 'r');
    expect(cancelled).toEqual({ order: order('CANCELLED'), settled: true });
    expect(sent).toEqual([{ orderId: 'o', userId: 'u', productId: 'P' }]);
  });

  it('when the order is CANCELLED or REJECTED already, then it answers as it is and sends nothing', async () => {
    for (const status of ['CANCELLED', 'REJECTED'] as const) {
      const { sent, deps } = fakes([status]);
      expect(await cancelOrderUseCase(deps)('u', 'o', 'r')).toEqual({ order: order(status), settled: true });
      expect(sent).toEqual([]);
    }
  });

  it('when catalog-service has not answered in time, then the order comes back as it is, not settled', async () => {
    const { deps } = fakes(['PENDING']);
    const result = await cancelOrderUseCase({ ...deps, waitMs: 0 })('u', 'o', 'r');
    expect(result).toEqual({ order: order('PENDING'), settled: false });
  });

  it('when the user has no such order, then OrderNotFoundError', async () => {
    const { deps } = fakes(['CONFIRMED']);
    await expect(cancelOrderUseCase(deps)('someone-else', 'o', 'r')).rejects.toBeInstanceOf(OrderNotFoundError);
  });
});
