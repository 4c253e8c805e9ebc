import type { Order } from '@order-platform/order-contracts';

/**
 * The words of the order use cases and the ports they need. The adapters live in data-access/;
 * nothing here knows Express, kafkajs or knex.
 */
export type { Order };

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
}

export interface OrderReader {
  /** The user's orders, oldest first (created_at, then order_id). */
  listByUser(userId: string): Promise<StoredOrder[]>;
}
