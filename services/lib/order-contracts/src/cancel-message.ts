/**
 * A cancel on `example-catalog-topic` (docs/design.md §5.2): keyed by product id like the order
 * itself, so it lands on the order's partition and catalog-service applies it after the order.
 * `type: "cancel"` tells it from an order; an order message has no `type`.
 */
export interface CatalogCancelMessage {
  type: 'cancel';
  orderId: string;
  userId: string;
  productId: string;
}

export function buildCatalogCancelMessage(cancel: Omit<CatalogCancelMessage, 'type'>): CatalogCancelMessage {
  return { type: 'cancel', orderId: cancel.orderId, userId: cancel.userId, productId: cancel.productId };
}
