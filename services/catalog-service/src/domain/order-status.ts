import type { OrderStatusUpdate } from '@order-platform/order-contracts';
import type { OrderOutcome, StockOrder } from './stock-order.js';

/** What the ledger holds for an order: its outcome when it was first applied. */
export interface RecordedOutcome {
  outcome: 'applied' | 'rejected' | 'cancelled';
  reason?: string;
}

/** The port to the ledger's past decisions (a redelivered order answers what was decided then). */
export interface OutcomeLedger {
  recordedOutcomes(orderIds: string[]): Promise<Map<string, RecordedOutcome>>;
}

/** The port to the order-status topic (docs/design.md §5.4). */
export interface OrderStatusPublisher {
  /** Resolves once every in-sync replica has the records. */
  publish(updates: OrderStatusUpdate[]): Promise<void>;
}

/**
 * The status each settled order publishes: CONFIRMED when its stock was taken, REJECTED (with the
 * reason) when it did not fit or names no product of the catalog. A duplicate publishes what the
 * ledger decided for it the first time, so a redelivered order publishes the same outcome again and
 * the status follows the stock exactly once, also when the first publish was lost in a crash.
 */
export async function statusUpdates(
  settled: Array<{ order: StockOrder; outcome: OrderOutcome }>,
  ledger: OutcomeLedger,
  now: number,
): Promise<OrderStatusUpdate[]> {
  const duplicates = settled.filter(({ outcome }) => outcome.kind === 'duplicate').map(({ order }) => order.orderId);
  const recorded = duplicates.length
    ? await ledger.recordedOutcomes([...new Set(duplicates)])
    : new Map<string, RecordedOutcome>();
  return settled.flatMap(({ order, outcome }): OrderStatusUpdate[] => {
    const base = { orderId: order.orderId, updatedAt: now };
    switch (outcome.kind) {
      case 'applied':
        return [{ ...base, status: 'CONFIRMED' }];
      case 'rejected':
        return [{ ...base, status: 'REJECTED', reason: outcome.reason }];
      case 'unknown-product':
        return [{ ...base, status: 'REJECTED', reason: `unknown product: ${order.productId}` }];
      case 'duplicate': {
        const first = recorded.get(order.orderId);
        if (!first) return [];
        if (first.outcome === 'applied') return [{ ...base, status: 'CONFIRMED' }];
        if (first.outcome === 'cancelled') return [{ ...base, status: 'CANCELLED' }];
        return [{ ...base, status: 'REJECTED', ...(first.reason !== undefined && { reason: first.reason }) }];
      }
    }
  });
}
