import type { ApplyOutcome, OrderSource, StockOrder } from './stock-order.js';

/** One database transaction's worth of stock operations (data-access implements it). */
export interface StockTransaction {
  /** Records the order as applied; false when its orderId was recorded before. */
  recordOrder(order: StockOrder, source: OrderSource): Promise<boolean>;
  /** Lowers the stock by qty unless that would go below zero; false when it did not. */
  lowerStockIfAvailable(productId: string, qty: number): Promise<boolean>;
  /** The stock of a product, undefined when the product does not exist. */
  currentStock(productId: string): Promise<number | undefined>;
  markRejected(orderId: string, reason: string): Promise<void>;
}

export interface StockLedger {
  /** Runs work in one transaction; commits when it answers commit: true, rolls back otherwise. */
  inTransaction<T>(work: (tx: StockTransaction) => Promise<{ result: T; commit: boolean }>): Promise<T>;
}

/**
 * The story of "an order lowers the stock, exactly once": remember the order and lower the stock
 * in the same transaction, the remembering first, so a second delivery of the same order finds it
 * and changes nothing. An order for more than is in stock is remembered as rejected and the stock
 * stays as it is. An order for a product we do not know leaves no trace: it is not ours to apply.
 */
export async function applyStockOrder(
  ledger: StockLedger,
  order: StockOrder,
  source: OrderSource,
): Promise<ApplyOutcome> {
  return ledger.inTransaction<ApplyOutcome>(async (tx) => {
    if (!(await tx.recordOrder(order, source))) return { result: { kind: 'duplicate' }, commit: false };
    if (await tx.lowerStockIfAvailable(order.productId, order.qty))
      return { result: { kind: 'applied' }, commit: true };

    const stock = await tx.currentStock(order.productId);
    if (stock === undefined) return { result: { kind: 'unknown-product' }, commit: false };

    const reason = `insufficient stock: ordered ${order.qty}, in stock ${stock}`;
    await tx.markRejected(order.orderId, reason);
    return { result: { kind: 'rejected', reason }, commit: true };
  });
}
