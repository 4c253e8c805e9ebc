import { describe, expect, it } from 'vitest';
import { cancelStatus } from './cancel-order.js';

const request = { orderId: 'o', userId: 'u', productId: 'P' };

describe('cancelStatus', () => {
  it('when a cancel gave the stock back, or had before, then it publishes CANCELLED both times', () => {
    for (const kind of ['cancelled', 'already-cancelled'] as const)
      expect(cancelStatus(request, { kind }, 3)).toEqual([{ orderId: 'o', status: 'CANCELLED', updatedAt: 3 }]);
  });

  it('when the order was rejected, then it publishes REJECTED again with its reason; an unknown one nothing', () => {
    expect(cancelStatus(request, { kind: 'was-rejected', reason: 'short' }, 1)).toEqual([
      { orderId: 'o', status: 'REJECTED', reason: 'short', updatedAt: 1 },
    ]);
    expect(cancelStatus(request, { kind: 'unknown-order' }, 1)).toEqual([]);
  });
});
