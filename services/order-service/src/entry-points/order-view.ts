import { formatCreatedAt } from '@order-platform/order-contracts';
import type { Order, StoredOrder } from '../domain/order.js';

/** The seed's POST answer, keys in the seed's order. */
export function placedOrderView(order: Order) {
  return {
    productId: order.productId,
    qty: order.qty,
    unitPrice: order.unitPrice,
    totalPrice: order.totalPrice,
    orderId: order.orderId,
  };
}

const UTC_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

/** `2022-07-29 17:00:27.025` (UTC) as the seed writes it: `2022-07-29T17:00:27.025+00:00`. */
export function seedCreatedAt(utcText: string): string {
  if (UTC_TEXT.test(utcText)) return `${utcText.slice(0, 10)}T${utcText.slice(11)}+00:00`;
  return formatCreatedAt(new Date(`${utcText.replace(' ', 'T')}Z`));
}

/** One element of the seed's GET answer, keys in the seed's order, then the status. */
export function storedOrderView(order: StoredOrder) {
  return {
    productId: order.productId,
    qty: order.qty,
    unitPrice: order.unitPrice,
    totalPrice: order.totalPrice,
    createdAt: seedCreatedAt(order.createdAtUtc),
    orderId: order.orderId,
    // Added by issue 16 after the seed's keys: PENDING, CONFIRMED, REJECTED (with its reason), CANCELLED.
    status: order.status,
    ...(order.status === 'REJECTED' && { reason: order.reason ?? 'rejected' }),
  };
}
