import { describe, expect, it } from 'vitest';
import { applyStockOrder, type StockLedger, type StockTransaction } from './apply-stock-order.js';
import type { StockOrder } from './stock-order.js';

/** An in-memory ledger with the same transaction semantics: changes land only on commit. */
function memoryLedger(stock: Record<string, number>) {
  const processed = new Map<string, { outcome: 'applied' | 'rejected'; reason?: string }>();
  const ledger: StockLedger = {
    async inTransaction(work) {
      const draftStock = { ...stock };
      const draftProcessed = new Map(processed);
      const tx: StockTransaction = {
        recordOrder: async (order) =>
          draftProcessed.has(order.orderId) ? false : (draftProcessed.set(order.orderId, { outcome: 'applied' }), true),
        lowerStockIfAvailable: async (productId, qty) => {
          const available = draftStock[productId];
          if (available === undefined || available < qty) return false;
          draftStock[productId] = available - qty;
          return true;
        },
        currentStock: async (productId) => draftStock[productId],
        markRejected: async (orderId, reason) => void draftProcessed.set(orderId, { outcome: 'rejected', reason }),
      };
      const { result, commit } = await work(tx);
      if (commit) {
        Object.assign(stock, draftStock);
        processed.clear();
        for (const [id, entry] of draftProcessed) processed.set(id, entry);
      }
      return result;
    },
  };
  return { ledger, stock, processed };
}

const source = { topic: 't', partition: 0, offset: '0' };
const order = (overrides: Partial<StockOrder> = {}): StockOrder => ({
  orderId: 'o-1',
  userId: 'u-1',
  productId: 'CATALOG-0003',
  qty: 23,
  unitPrice: 1200,
  totalPrice: 27600,
  ...overrides,
});

describe('applyStockOrder', () => {
  it('when the product has enough stock, then the stock goes down by qty and the order is remembered as applied', async () => {
    const memory = memoryLedger({ 'CATALOG-0003': 100 });
    expect(await applyStockOrder(memory.ledger, order(), source)).toEqual({ kind: 'applied' });
    expect(memory.stock['CATALOG-0003']).toBe(77);
    expect(memory.processed.get('o-1')).toEqual({ outcome: 'applied' });
  });

  it('when the same order arrives again, then nothing changes', async () => {
    const memory = memoryLedger({ 'CATALOG-0003': 100 });
    await applyStockOrder(memory.ledger, order(), source);
    expect(await applyStockOrder(memory.ledger, order(), source)).toEqual({ kind: 'duplicate' });
    expect(memory.stock['CATALOG-0003']).toBe(77);
  });

  it('when the order asks for more than is in stock, then the stock stays and the order is remembered as rejected', async () => {
    const memory = memoryLedger({ 'CATALOG-0003': 10 });
    const outcome = await applyStockOrder(memory.ledger, order({ qty: 11 }), source);
    expect(outcome).toEqual({ kind: 'rejected', reason: 'insufficient stock: ordered 11, in stock 10' });
    expect(memory.stock['CATALOG-0003']).toBe(10);
    expect(memory.processed.get('o-1')?.outcome).toBe('rejected');
  });

  it('when the order takes exactly what is in stock, then the stock reaches zero', async () => {
    const memory = memoryLedger({ 'CATALOG-0003': 23 });
    expect(await applyStockOrder(memory.ledger, order(), source)).toEqual({ kind: 'applied' });
    expect(memory.stock['CATALOG-0003']).toBe(0);
  });

  it('when the product is unknown, then nothing is remembered, so a later delivery is judged again', async () => {
    const memory = memoryLedger({});
    expect(await applyStockOrder(memory.ledger, order({ productId: 'NOPE' }), source)).toEqual({
      kind: 'unknown-product',
    });
    expect(memory.processed.size).toBe(0);
  });
});
