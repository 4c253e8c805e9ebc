import type { Order, OrderStatus } from '@order-platform/order-contracts';

/**
 * The words of the order use cases and the ports they need. The adapters live in data-access/;
 * nothing here knows Express, kafkajs or knex.
 */
export type { Order, OrderStatus };

/** What a client asks for; already validated by the entry point. */
export interface OrderRequest {
  productId: string;
  qty: number;
  unitPrice: number;
}

/** A row of the shared orders table. Columns may be NULL when a foreign producer left a field out. */
export interface StoredOrder {
  orderId: string;
  productId: string | null;
  qty: number | null;
  unitPrice: number | null;
  totalPrice: number | null;
  /** When the order was taken, in UTC, as the table holds it: `2022-07-29 17:00:27.025`. */
  createdAtUtc: string;
  /** From mydb.order_status (catalog-service's outcome, written by the second sink); PENDING without a row. */
  status: OrderStatus;
  /** Why, when REJECTED. */
  reason?: string;
}

export interface OrderPublisher {
  /**
   * Resolves once the order is committed to Kafka (both topics); rejects with a 503 AppError only
   * when it is certain the order was not committed and never will be.
   */
  publish(order: Order, requestId: string): Promise<void>;
}

export interface OrderVisibility {
  /** True once the order is in the shared orders table, false when `timeoutMs` passed first. */
  waitUntilVisible(orderId: string, timeoutMs: number): Promise<boolean>;
  /** Whether the order is in the shared orders table now (one query). */
  isVisible(orderId: string): Promise<boolean>;
}

/** One page of a user's orders, in the order the sink wrote them (docs/design.md §3.2). */
export interface OrderPage {
  orders: StoredOrder[];
  /** Where the next page starts (the write sequence of the page's last order); absent on the last page. */
  next?: number;
}

export interface OrderReader {
  /** The user's orders, oldest first (created_at, then order_id). */
  listByUser(userId: string): Promise<StoredOrder[]>;
  /** Up to `limit` orders of the user written after write sequence `after` (0: from the first). */
  pageByUser(userId: string, limit: number, after: number): Promise<OrderPage>;
  /** The user's order with this id; undefined for an unknown id or another user's order. */
  findForUser(userId: string, orderId: string): Promise<StoredOrder | undefined>;
}
