import type { LedgerEntry, StockLedger, StockTransaction } from './apply-stock-orders.js';

/**
 * A StockLedger in memory, for specs, with the database's transaction semantics: changes land only
 * on commit. `recordedElsewhere`: order ids another consumer is recording, which our read does not
 * see and the ledger's primary key refuses. `failRecord`: an error to throw instead of recording
 * (a value the database refuses, a lost connection), or undefined to record.
 */
export function memoryStockLedger(
  stock: Record<string, number>,
  entries: LedgerEntry[] = [],
  options: { recordedElsewhere?: string[]; failRecord?: (entries: LedgerEntry[]) => Error | undefined } = {},
) {
  const statements: string[] = [];
  const ledger: StockLedger = {
    async inTransaction(work) {
      const draftStock = { ...stock };
      const draftEntries = [...entries];
      const tx: StockTransaction = {
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
        record: async (added) => {
          statements.push(`record ${added.length}`);
          const failure = options.failRecord?.(added);
          if (failure !== undefined) throw failure;
          const ids = [...draftEntries.map((entry) => entry.order.orderId), ...(options.recordedElsewhere ?? [])];
          if (added.some((entry) => ids.includes(entry.order.orderId))) return false;
          draftEntries.push(...added);
          return true;
        },
      };
      const { result, commit } = await work(tx);
      if (commit) {
        Object.assign(stock, draftStock);
        entries.splice(0, entries.length, ...draftEntries);
      }
      return result;
    },
  };
  return { ledger, stock, entries, statements };
}
