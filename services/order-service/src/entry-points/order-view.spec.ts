import { describe, expect, it } from 'vitest';
import { formatCreatedAt } from '@order-platform/order-contracts';
import { placedOrderView, seedCreatedAt, storedOrderView } from './order-view.js';

describe('order views', () => {
  it("when an order is placed, then the answer has the seed's keys in the seed's order", () => {
    const view = placedOrderView({
      orderId: 'o',
      userId: 'u',
      productId: 'P',
      qty: 2,
      unitPrice: 3,
      totalPrice: 6,
      createdAt: 0,
    });
    expect(Object.keys(view)).toEqual(['productId', 'qty', 'unitPrice', 'totalPrice', 'orderId']);
  });

  const stored = {
    orderId: 'o',
    productId: 'P',
    qty: 2,
    unitPrice: 3,
    totalPrice: 6,
    createdAtUtc: '1970-01-01 00:00:00.000',
  };

  it("when an order is listed, then it has the seed's keys in the seed's order, then its status", () => {
    const view = storedOrderView({ ...stored, status: 'CONFIRMED' });
    expect(view).toEqual({
      productId: 'P',
      qty: 2,
      unitPrice: 3,
      totalPrice: 6,
      createdAt: '1970-01-01T00:00:00.000+00:00',
      orderId: 'o',
      status: 'CONFIRMED',
    });
    expect(Object.keys(view)).toEqual([
      'productId',
      'qty',
      'unitPrice',
      'totalPrice',
      'createdAt',
      'orderId',
      'status',
    ]);
  });

  it('when an order is rejected, then its reason follows the status; other statuses have no reason', () => {
    const rejected = storedOrderView({ ...stored, status: 'REJECTED', reason: 'insufficient stock' });
    expect(rejected).toMatchObject({ status: 'REJECTED', reason: 'insufficient stock' });
    expect(Object.keys(storedOrderView({ ...stored, status: 'PENDING', reason: 'x' }))).not.toContain('reason');
  });

  it('when the table gives a DATETIME(3) text, then it reads as the same instant the shared formatter writes', () => {
    for (const instant of [0, 1_659_114_027_025, Date.UTC(2031, 11, 31, 23, 59, 59, 999)]) {
      const iso = new Date(instant).toISOString();
      expect(seedCreatedAt(`${iso.slice(0, 10)} ${iso.slice(11, 23)}`)).toBe(formatCreatedAt(new Date(instant)));
    }
  });

  it('when the text has no milliseconds, then it is still formatted through a Date', () => {
    expect(seedCreatedAt('2022-07-29 17:00:27')).toBe('2022-07-29T17:00:27.000+00:00');
  });
});
