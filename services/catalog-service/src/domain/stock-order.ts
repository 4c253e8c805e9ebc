/** An order as catalog-service sees it: which product, how many, and where the message came from. */
export interface StockOrder {
  orderId: string;
  userId: string;
  productId: string;
  qty: number;
  unitPrice: number;
  totalPrice: number;
}

export interface OrderSource {
  topic: string;
  partition: number;
  offset: string;
  requestId?: string;
}

export type ApplyOutcome =
  | { kind: 'applied' }
  | { kind: 'rejected'; reason: string }
  /** Already taken into account by an earlier delivery: nothing changes. */
  | { kind: 'duplicate' }
  | { kind: 'unknown-product' };

/** Why a message cannot be applied and goes to the dead-letter topic instead. */
export type DeadLetterReason = 'empty-value' | 'not-json' | 'invalid-fields' | 'unknown-product' | 'database-rejected';
