import type { CatalogOrderMessage } from '@order-platform/order-contracts';

/** An order as catalog-service applies it: the `example-catalog-topic` message (docs/design.md, §5.2). */
export type StockOrder = CatalogOrderMessage;

/** Where an order was read: the ledger keeps it with the order. */
export interface OrderSource {
  topic: string;
  partition: number;
  offset: string;
  requestId?: string;
}

/** What applying one order did to the stock. */
export type OrderOutcome =
  | { kind: 'applied' }
  | { kind: 'rejected'; reason: string }
  /** Already taken into account by an earlier delivery: nothing changes. */
  | { kind: 'duplicate' }
  /** Not a product of the catalog: nothing changes and nothing is remembered; the order is a dead letter. */
  | { kind: 'unknown-product' };

/** Why a message cannot be applied and goes to the dead-letter topic instead. */
export type DeadLetterReason = 'empty-value' | 'not-json' | 'invalid-fields' | 'unknown-product' | 'database-rejected';
