import { describe, expect, it } from 'vitest';
import { statusUpdates, type RecordedOutcome } from './order-status.js';
import type { StockOrder } from './stock-order.js';

const order = (orderId: string, productId = 'P'): StockOrder => ({
  orderId,
  userId: 'u',
  productId,
  qty: 1,
  unitPrice: 1,
  totalPrice: 1,
});

describe('statusUpdates', () => {
  it('when orders are applied, rejected or name no product, then CONFIRMED or REJECTED with the reason', async () => {
    const ledger = { recordedOutcomes: async () => new Map<string, RecordedOutcome>() };
    const updates = await statusUpdates(
      [
        { order: order('a'), outcome: { kind: 'applied' } },
        { order: order('b'), outcome: { kind: 'rejected', reason: 'insufficient stock' } },
        { order: order('c', 'NOPE'), outcome: { kind: 'unknown-product' } },
      ],
      ledger,
      7,
    );
    expect(updates).toEqual([
      { orderId: 'a', status: 'CONFIRMED', updatedAt: 7 },
      { orderId: 'b', status: 'REJECTED', reason: 'insufficient stock', updatedAt: 7 },
      { orderId: 'c', status: 'REJECTED', reason: 'unknown product: NOPE', updatedAt: 7 },
    ]);
  });

  it('when an order is redelivered, then it publishes what the ledger decided the first time', async () => {
    const asked: string[][] = [];
    const ledger = {
      recordedOutcomes: async (ids: string[]) => {
        asked.push(ids);
        return new Map<string, RecordedOutcome>([
          ['a', { outcome: 'applied' }],
          ['b', { outcome: 'rejected', reason: 'short' }],
        ]);
      },
    };
    const duplicate = { kind: 'duplicate' } as const;
    const updates = await statusUpdates(
      [
        { order: order('a'), outcome: duplicate },
        { order: order('b'), outcome: duplicate },
        { order: order('a'), outcome: duplicate },
      ],
      ledger,
      1,
    );
    expect(asked).toEqual([['a', 'b']]);
    expect(updates.map((update) => [update.orderId, update.status, update.reason])).toEqual([
      ['a', 'CONFIRMED', undefined],
      ['b', 'REJECTED', 'short'],
      ['a', 'CONFIRMED', undefined],
    ]);
  });
});
