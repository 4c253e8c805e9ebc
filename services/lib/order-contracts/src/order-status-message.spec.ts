import { describe, expect, it } from 'vitest';
import { buildOrderStatusDto } from './order-status-message.js';

describe('buildOrderStatusDto', () => {
  it('when an outcome is built, then it is a Connect envelope with the payload fields, reason or null', () => {
    const rejected = buildOrderStatusDto({ orderId: 'o-1', status: 'REJECTED', reason: 'short', updatedAt: 5 });
    expect(rejected.payload).toEqual({ order_id: 'o-1', status: 'REJECTED', reason: 'short', updated_at: 5 });
    expect(rejected.schema.fields.map((field) => field.field)).toEqual(['order_id', 'status', 'reason', 'updated_at']);
    expect(buildOrderStatusDto({ orderId: 'o', status: 'CONFIRMED', updatedAt: 1 }).payload.reason).toBeNull();
    const long = buildOrderStatusDto({ orderId: 'o', status: 'REJECTED', reason: 'x'.repeat(300), updatedAt: 1 });
    expect(long.payload.reason).toHaveLength(255);
  });
});
