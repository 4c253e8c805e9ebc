import type { ApplyOutcome, OrderSource, StockOrder } from './stock-order.js';

/** A row of the ledger: the order, where it was read, and what it did to the stock. */
export interface LedgerEntry {
  order: StockOrder;
  source: OrderSource;
  outcome: 'applied' | 'rejected';
  reason?: string;
}

/** One database transaction's worth of set-based stock operations (data-access implements it). */
export interface StockBatchTransaction {
  /** Those of `orderIds` the ledger already holds. */
  processedAmong(orderIds: string[]): Promise<Set<string>>;
  /** Lowers the stock by qty unless that would go below zero (or there is no such product); false then. */
  lowerStockIfAvailable(productId: string, qty: number): Promise<boolean>;
  /** The stock of a product, row-locked until the transaction ends; undefined when there is no such product. */
  lockedStock(productId: string): Promise<number | undefined>;
  /** Adds the entries to the ledger; an order id already there fails the whole statement. */
  record(entries: LedgerEntry[]): Promise<void>;
}

export interface StockBatchLedger {
  inBatchTransaction<T>(work: (tx: StockBatchTransaction) => Promise<{ result: T; commit: boolean }>): Promise<T>;
}

export interface BatchItem {
  order: StockOrder;
  source: OrderSource;
}

export type SettledOutcome = Exclude<ApplyOutcome, { kind: 'unknown-product' }>;

export type BatchResult =
  /** One outcome per item, in the items' order; all of it committed in one transaction. */
  | { kind: 'settled'; outcomes: SettledOutcome[] }
  /** A product the catalog does not know: nothing was committed; apply the items one at a time. */
  | { kind: 'unknown-product' };

/**
 * Many orders, one transaction, the same story as applyStockOrder for each: an order already in
 * the ledger (or earlier in the same batch) changes nothing; otherwise it lowers its product's
 * stock and is remembered as applied, or, when the stock is short, is remembered as rejected and
 * leaves the stock as it is. Orders are judged in the order they came, per product, as if applied
 * one by one. The common case costs one conditional UPDATE per product (all of a product's orders
 * fit), the short case a locked read and an UPDATE, and the ledger one multi-row INSERT. A
 * concurrent consumer recording the same order id makes that INSERT fail on the primary key and
 * the transaction roll back: nothing of the batch happened, and the caller goes one by one.
 */
export async function applyStockOrders(ledger: StockBatchLedger, items: BatchItem[]): Promise<BatchResult> {
  return ledger.inBatchTransaction<BatchResult>(async (tx) => {
    const known = await tx.processedAmong([...new Set(items.map((item) => item.order.orderId))]);
    const outcomes: SettledOutcome[] = new Array(items.length);
    const seen = new Set<string>();
    const freshByProduct = new Map<string, number[]>();
    items.forEach((item, index) => {
      const { orderId, productId } = item.order;
      if (known.has(orderId) || seen.has(orderId)) {
        outcomes[index] = { kind: 'duplicate' };
        return;
      }
      seen.add(orderId);
      freshByProduct.set(productId, [...(freshByProduct.get(productId) ?? []), index]);
    });

    // Products in a fixed order: two transactions lock rows in the same sequence, never in a cycle.
    for (const productId of [...freshByProduct.keys()].sort()) {
      const indexes = freshByProduct.get(productId)!;
      const total = indexes.reduce((sum, index) => sum + items[index]!.order.qty, 0);
      if (await tx.lowerStockIfAvailable(productId, total)) {
        for (const index of indexes) outcomes[index] = { kind: 'applied' };
        continue;
      }
      let stock = await tx.lockedStock(productId);
      if (stock === undefined) return { result: { kind: 'unknown-product' }, commit: false };
      let applied = 0;
      for (const index of indexes) {
        const { qty } = items[index]!.order;
        if (qty <= stock) {
          stock -= qty;
          applied += qty;
          outcomes[index] = { kind: 'applied' };
        } else {
          outcomes[index] = { kind: 'rejected', reason: `insufficient stock: ordered ${qty}, in stock ${stock}` };
        }
      }
      // We hold the row lock, so this cannot fail; if it did, rolling back is the only safe answer.
      if (applied > 0 && !(await tx.lowerStockIfAvailable(productId, applied)))
        throw new Error(`the stock of ${productId} changed under our row lock`);
    }

    const entries: LedgerEntry[] = [];
    items.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.kind === 'applied') entries.push({ ...item, outcome: 'applied' });
      else if (outcome.kind === 'rejected') entries.push({ ...item, outcome: 'rejected', reason: outcome.reason });
    });
    if (entries.length > 0) await tx.record(entries);
    return { result: { kind: 'settled', outcomes }, commit: entries.length > 0 };
  });
}
