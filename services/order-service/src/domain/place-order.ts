import { randomUUID } from 'node:crypto';
import type { Order, OrderPublisher, OrderRequest, OrderVisibility } from './order.js';

export interface PlacedOrder {
  order: Order;
  /** In mydb.orders already (201), or durable in Kafka but not written by the sink yet (202). */
  visible: boolean;
}

export type PlaceOrder = (userId: string, request: OrderRequest, requestId: string) => Promise<PlacedOrder>;

/** What became of an order: readable (201), durable but not readable yet (202), not placed (503). */
export type PlacementResult = 'created' | 'accepted' | 'unavailable';

/** What the use case tells about each order (the metrics listen); the domain knows no metrics library. */
export interface PlaceOrderObserver {
  placed(result: PlacementResult): void;
  /** How long the order waited for the sink, and whether it became readable within the wait. */
  waitedForVisibility(seconds: number, visible: boolean): void;
}

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
  observer?: PlaceOrderObserver;
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
    try {
      await deps.publisher.publish(order, requestId);
    } catch (error) {
      // The publisher rejects only when the order was certainly not placed (OrderPublisher).
      deps.observer?.placed('unavailable');
      throw error;
    }
    const waitStarted = performance.now();
    const visible = await deps.visibility.waitUntilVisible(order.orderId, deps.visibilityWaitMs);
    deps.observer?.waitedForVisibility((performance.now() - waitStarted) / 1000, visible);
    deps.observer?.placed(visible ? 'created' : 'accepted');
    return { order, visible };
  };
}
