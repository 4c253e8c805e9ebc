import type { OrderOutcome, OrderSource, StockOrder } from './stock-order.js';

/** An order and where it was read. */
export interface StockOrderItem {
  order: StockOrder;
  source: OrderSource;
}

/** A row of the ledger: the order, where it was read, and what it did to the stock. */
export interface LedgerEntry extends StockOrderItem {
  outcome: 'applied' | 'rejected';
  reason?: string;
}

/** One database transaction's worth of set-based stock operations (data-access implements it). */
export interface StockTransaction {
  /** Those of `orderIds` the ledger already holds. */
  processedAmong(orderIds: string[]): Promise<Set<string>>;
  /** Lowers the stock by qty unless that would go below zero (or there is no such product); false then. */
  lowerStockIfAvailable(productId: string, qty: number): Promise<boolean>;
  /** The stock of a product, row-locked until the transaction ends; undefined when there is no such product. */
  lockedStock(productId: string): Promise<number | undefined>;
  /** Adds the entries to the ledger; false, adding none, when it holds one of their order ids already. */
  record(entries: LedgerEntry[]): Promise<boolean>;
}

/** The port: runs work in one transaction; commits when it answers commit: true, rolls back otherwise. */
export interface StockLedger {
  inTransaction<T>(work: (tx: StockTransaction) => Promise<{ result: T; commit: boolean }>): Promise<T>;
}

export type BatchResult =
  /** One outcome per order, in the orders' order; what changed is committed, in one transaction. */
  | { kind: 'settled'; outcomes: OrderOutcome[] }
  /**
   * Another consumer recorded one of these orders meanwhile (or the ledger holds one of their ids
   * under another spelling): nothing was committed; apply the orders one at a time. Never the
   * answer for a single order, which is then simply a duplicate.
   */
  | { kind: 'conflict' };

/**
 * The story of "an order lowers the stock, exactly once", for any number of orders in one
 * transaction (one order being the smallest batch): an order already in the ledger, or earlier in
 * the batch, changes nothing; otherwise it lowers its product's stock and is remembered as applied,
 * or, when the stock is short, is remembered as rejected and leaves the stock as it is. An order for
 * a product the catalog does not know leaves no trace: it is not ours to apply. Orders are judged in
 * the order they came, per product, exactly as one by one. The common case costs one conditional
 * UPDATE per product (all of its orders fit), the short case a locked read and an UPDATE, and the
 * ledger one multi-row INSERT.
 */
export async function applyStockOrders(ledger: StockLedger, items: StockOrderItem[]): Promise<BatchResult> {
  return ledger.inTransaction<BatchResult>(async (tx) => {
    const outcomes = await judgeOrders(tx, items);
    const entries = ledgerEntries(items, outcomes);
    if (entries.length === 0) return { result: { kind: 'settled', outcomes }, commit: false };
    if (await tx.record(entries)) return { result: { kind: 'settled', outcomes }, commit: true };
    // The primary key refused an id our read did not show: it is in the ledger now, so a single
    // order is a duplicate; in a batch, we cannot tell which one it was.
    const result: BatchResult = items.length === 1 ? { kind: 'settled', outcomes: [{ kind: 'duplicate' }] } : CONFLICT;
    return { result, commit: false };
  });
}

const CONFLICT: BatchResult = { kind: 'conflict' };

async function judgeOrders(tx: StockTransaction, items: StockOrderItem[]): Promise<OrderOutcome[]> {
  const known = await tx.processedAmong([...new Set(items.map((item) => item.order.orderId))]);
  const outcomes: OrderOutcome[] = items.map(() => ({ kind: 'duplicate' }));
  const seen = new Set<string>();
  const freshByProduct = new Map<string, number[]>();
  items.forEach(({ order: { orderId, productId } }, index) => {
    if (known.has(orderId) || seen.has(orderId)) return;
    seen.add(orderId);
    freshByProduct.set(productId, [...(freshByProduct.get(productId) ?? []), index]);
  });
  // Products in a fixed order: two transactions lock rows in the same sequence, never in a cycle.
  for (const productId of [...freshByProduct.keys()].sort()) {
    const indexes = freshByProduct.get(productId)!;
    const judged = await judgeProduct(
      tx,
      productId,
      indexes.map((index) => items[index]!.order.qty),
    );
    indexes.forEach((index, position) => (outcomes[index] = judged[position]!));
  }
  return outcomes;
}

/** The quantities of one product's fresh orders, in their order. */
async function judgeProduct(tx: StockTransaction, productId: string, quantities: number[]): Promise<OrderOutcome[]> {
  const total = quantities.reduce((sum, qty) => sum + qty, 0);
  if (await tx.lowerStockIfAvailable(productId, total)) return quantities.map(() => ({ kind: 'applied' }));
  const locked = await tx.lockedStock(productId);
  if (locked === undefined) return quantities.map(() => ({ kind: 'unknown-product' }));
  let stock = locked;
  const outcomes: OrderOutcome[] = [];
  for (const qty of quantities) {
    if (qty > stock) {
      outcomes.push({ kind: 'rejected', reason: `insufficient stock: ordered ${qty}, in stock ${stock}` });
    } else {
      stock -= qty;
      outcomes.push({ kind: 'applied' });
    }
  }
  // We hold the row lock, so this cannot fail; if it did, rolling back is the only safe answer.
  if (stock < locked && !(await tx.lowerStockIfAvailable(productId, locked - stock)))
    throw new Error(`the stock of ${productId} changed under our row lock`);
  return outcomes;
}

function ledgerEntries(items: StockOrderItem[], outcomes: OrderOutcome[]): LedgerEntry[] {
  return items.flatMap((item, index): LedgerEntry[] => {
    const outcome = outcomes[index]!;
    if (outcome.kind === 'applied') return [{ ...item, outcome: 'applied' }];
    if (outcome.kind === 'rejected') return [{ ...item, outcome: 'rejected', reason: outcome.reason }];
    return [];
  });
}
