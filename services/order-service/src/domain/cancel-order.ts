import type { OrderReader, StoredOrder } from './order.js';

/** The port to `example-catalog-topic` for cancels (docs/design.md §5.2). */
export interface CancelPublisher {
  /** Resolves once every in-sync replica has the cancel; rejects with a 503 AppError when Kafka did not take it. */
  publish(cancel: { orderId: string; userId: string; productId: string }, requestId: string): Promise<void>;
}

/** The user has no order with this id: 404. */
export class OrderNotFoundError extends Error {
  constructor(readonly orderId: string) {
    super(`no order ${orderId}`);
  }
}

export interface CancelledOrder {
  order: StoredOrder;
  /** True once the status is final (CANCELLED, or REJECTED: nothing to give back); false when the wait ran out. */
  settled: boolean;
}

export type CancelOrder = (userId: string, orderId: string, requestId: string) => Promise<CancelledOrder>;

const FINAL = new Set(['CANCELLED', 'REJECTED']);

/**
 * Cancel (docs/design.md §3.2.3): an order already CANCELLED or REJECTED answers as it is, with no
 * message (a second cancel answers the same as the first); any other is sent to catalog-service
 * behind its order, and the answer waits a bounded time for its final status. catalog-service gives
 * the stock back exactly once, so sending a cancel again (a retry, a race of two cancels) is harmless.
 */
export function cancelOrderUseCase(deps: {
  orders: Pick<OrderReader, 'findForUser'>;
  cancels: CancelPublisher;
  waitMs: number;
  pollMs: number;
  sleep?: (ms: number) => Promise<void>;
}): CancelOrder {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const find = async (userId: string, orderId: string) => {
    const order = await deps.orders.findForUser(userId, orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    return order;
  };
  return async (userId, orderId, requestId) => {
    let order = await find(userId, orderId);
    if (FINAL.has(order.status)) return { order, settled: true };
    // A row without a product (a foreign producer's) cannot be routed to its partition; it never took stock.
    if (order.productId === null) return { order, settled: false };
    await deps.cancels.publish({ orderId, userId, productId: order.productId }, requestId);
    const deadline = Date.now() + deps.waitMs;
    while (Date.now() < deadline) {
      await sleep(deps.pollMs);
      order = await find(userId, orderId);
      if (FINAL.has(order.status)) return { order, settled: true };
    }
    return { order, settled: false };
  };
}
