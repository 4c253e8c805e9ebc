import { randomUUID } from 'node:crypto';
import type { Order, OrderPublisher, OrderRequest, OrderVisibility } from './order.js';

export interface PlacedOrder {
  order: Order;
  /** In mydb.orders already (201), or durable in Kafka but not written by the sink yet (202). */
  visible: boolean;
}

export type PlaceOrder = (userId: string, request: OrderRequest, requestId: string) => Promise<PlacedOrder>;

/**
 * The seed's story of an order: give it an id and a total, hand it to Kafka (which keeps the one
 * shared table consistent through the sink), then wait a bounded time for the sink so that the
 * client can read its own write from any instance. order-service never writes the table itself.
 */
export function placeOrderUseCase(deps: {
  publisher: OrderPublisher;
  visibility: OrderVisibility;
  visibilityWaitMs: number;
  newOrderId?: () => string;
  now?: () => number;
}): PlaceOrder {
  const newOrderId = deps.newOrderId ?? randomUUID;
  const now = deps.now ?? Date.now;
  return async (userId, request, requestId) => {
    const order: Order = {
      orderId: newOrderId(),
      userId,
      productId: request.productId,
      qty: request.qty,
      unitPrice: request.unitPrice,
      totalPrice: request.qty * request.unitPrice,
      createdAt: now(),
    };
    await deps.publisher.publish(order, requestId);
    const visible = await deps.visibility.waitUntilVisible(order.orderId, deps.visibilityWaitMs);
    return { order, visible };
  };
}
