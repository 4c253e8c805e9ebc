import { describe, expect, it } from 'vitest';
import {
  applyStockOrders,
  type LedgerEntry,
  type StockBatchLedger,
  type StockBatchTransaction,
} from './apply-stock-batch.js';
import type { StockOrder } from './stock-order.js';

/** An in-memory ledger with the same transaction semantics: changes land only on commit. */
function memoryLedger(stock: Record<string, number>, ledgerEntries: LedgerEntry[] = []) {
  const statements: string[] = [];
  const ledger: StockBatchLedger = {
    async inBatchTransaction(work) {
      const draftStock = { ...stock };
      const draftEntries = [...ledgerEntries];
      const tx: StockBatchTransaction = {
        processedAmong: async (ids) => (
          statements.push('select ledger'),
          new Set(draftEntries.map((entry) => entry.order.orderId).filter((id) => ids.includes(id)))
        ),
        lowerStockIfAvailable: async (productId, qty) => {
          statements.push(`lower ${productId} ${qty}`);
          const available = draftStock[productId];
          if (available === undefined || available < qty) return false;
          draftStock[productId] = available - qty;
          return true;
        },
        lockedStock: async (productId) => (statements.push(`lock ${productId}`), draftStock[productId]),
        record: async (entries) => {
          statements.push(`record ${entries.length}`);
          draftEntries.push(...entries);
        },
      };
      const { result, commit } = await work(tx);
      if (commit) {
        Object.assign(stock, draftStock);
        ledgerEntries.splice(0, ledgerEntries.length, ...draftEntries);
      }
      return result;
    },
  };
  return { ledger, stock, entries: ledgerEntries, statements };
}

let next = 0;
const order = (productId: string, qty: number, orderId = `o-${++next}`): StockOrder => ({
  orderId,
  userId: 'u',
  productId,
  qty,
  unitPrice: 1,
  totalPrice: qty,
});
const item = (o: StockOrder, offset = next) => ({
  order: o,
  source: { topic: 't', partition: 0, offset: String(offset) },
});

describe('applyStockOrders', () => {
  it('when every product has enough stock, then each product costs one conditional update and the ledger one insert', async () => {
    const memory = memoryLedger({ A: 100, B: 10 });
    const result = await applyStockOrders(memory.ledger, [
      item(order('A', 5)),
      item(order('B', 3)),
      item(order('A', 7)),
    ]);
    expect(result).toEqual({
      kind: 'settled',
      outcomes: [{ kind: 'applied' }, { kind: 'applied' }, { kind: 'applied' }],
    });
    expect(memory.stock).toEqual({ A: 88, B: 7 });
    expect(memory.statements).toEqual(['select ledger', 'lower A 12', 'lower B 3', 'record 3']);
    expect(memory.entries.map((entry) => entry.outcome)).toEqual(['applied', 'applied', 'applied']);
  });

  it('when the stock runs short within the batch, then the orders are judged in their order, as one by one', async () => {
    const memory = memoryLedger({ A: 10 });
    const result = await applyStockOrders(memory.ledger, [
      item(order('A', 6)),
      item(order('A', 5)),
      item(order('A', 4)),
    ]);
    expect(result).toEqual({
      kind: 'settled',
      outcomes: [
        { kind: 'applied' },
        { kind: 'rejected', reason: 'insufficient stock: ordered 5, in stock 4' },
        { kind: 'applied' },
      ],
    });
    expect(memory.stock.A).toBe(0);
    expect(memory.entries.map((entry) => [entry.outcome, entry.reason])).toEqual([
      ['applied', undefined],
      ['rejected', 'insufficient stock: ordered 5, in stock 4'],
      ['applied', undefined],
    ]);
  });

  it('when an order is in the ledger already or twice in the batch, then it changes nothing the second time', async () => {
    const earlier = order('A', 1, 'seen-before');
    const memory = memoryLedger({ A: 10 }, [{ order: earlier, source: item(earlier).source, outcome: 'applied' }]);
    const twice = order('A', 2);
    const result = await applyStockOrders(memory.ledger, [item(earlier), item(twice), item(twice)]);
    expect(result).toEqual({
      kind: 'settled',
      outcomes: [{ kind: 'duplicate' }, { kind: 'applied' }, { kind: 'duplicate' }],
    });
    expect(memory.stock.A).toBe(8);
    expect(memory.entries).toHaveLength(2);
  });

  it('when only duplicates arrive, then nothing is written', async () => {
    const earlier = order('A', 1);
    const memory = memoryLedger({ A: 10 }, [{ order: earlier, source: item(earlier).source, outcome: 'applied' }]);
    expect(await applyStockOrders(memory.ledger, [item(earlier)])).toEqual({
      kind: 'settled',
      outcomes: [{ kind: 'duplicate' }],
    });
    expect(memory.statements).toEqual(['select ledger']);
  });

  it('when a product is unknown, then nothing of the batch is committed and the caller is told to go one by one', async () => {
    const memory = memoryLedger({ A: 10 });
    expect(await applyStockOrders(memory.ledger, [item(order('A', 1)), item(order('Z', 1))])).toEqual({
      kind: 'unknown-product',
    });
    expect(memory.stock.A).toBe(10);
    expect(memory.entries).toEqual([]);
  });
});
