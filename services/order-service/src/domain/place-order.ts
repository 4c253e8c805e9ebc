import { randomUUID } from 'node:crypto';
import { IdempotencyKeyReusedError, requestFingerprint, type IdempotencyKeys } from './idempotency.js';
import type { Order, OrderPublisher, OrderRequest, OrderVisibility } from './order.js';

export interface PlacedOrder {
  order: Order;
  /** In mydb.orders already (201), or durable in Kafka but not written by the sink yet (202). */
  visible: boolean;
}

export type PlaceOrder = (
  userId: string,
  request: OrderRequest,
  requestId: string,
  idempotencyKey?: string,
) => Promise<PlacedOrder>;

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
 *
 * With an Idempotency-Key, the id and instant come from the key's first request (stored in
 * order-service's own table, shared by every instance): every request with the key, concurrent or a
 * retry after an instance died, publishes that same order again unless it is readable already, and
 * the copies collapse into one row at the sink's upsert and one stock change at catalog-service's
 * ledger (docs/design.md §3.2).
 */
export function placeOrderUseCase(deps: {
  publisher: OrderPublisher;
  visibility: OrderVisibility;
  visibilityWaitMs: number;
  keys?: IdempotencyKeys;
  newOrderId?: () => string;
  now?: () => number;
  observer?: PlaceOrderObserver;
}): PlaceOrder {
  const newOrderId = deps.newOrderId ?? randomUUID;
  const now = deps.now ?? Date.now;
  const identify = async (userId: string, request: OrderRequest, key: string | undefined) => {
    const fresh = { orderId: newOrderId(), createdAt: now() };
    if (key === undefined || !deps.keys) return { ...fresh, replay: false };
    const fingerprint = requestFingerprint(request);
    const stored = await deps.keys.claim({ userId, key, fingerprint, ...fresh });
    if (stored.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
    return { orderId: stored.orderId, createdAt: stored.createdAt, replay: stored.orderId !== fresh.orderId };
  };
  return async (userId, request, requestId, idempotencyKey) => {
    const { orderId, createdAt, replay } = await identify(userId, request, idempotencyKey);
    const order: Order = {
      orderId,
      userId,
      productId: request.productId,
      qty: request.qty,
      unitPrice: request.unitPrice,
      totalPrice: request.qty * request.unitPrice,
      createdAt,
    };
    if (replay && (await deps.visibility.isVisible(orderId))) {
      deps.observer?.placed('created');
      return { order, visible: true };
    }
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
