import type { Knex } from 'knex';
import type { LedgerEntry, StockLedger, StockTransaction } from '../domain/apply-stock-orders.js';
import type { OutcomeLedger } from '../domain/order-status.js';
import { isDuplicateKey } from './database-errors.js';
import { queryLimit, type QueryLimit } from './database.js';

function ledgerRow({ order, source, outcome, reason }: LedgerEntry) {
  return {
    order_id: order.orderId,
    product_id: order.productId,
    user_id: order.userId,
    qty: order.qty,
    outcome,
    reason: reason?.slice(0, 255) ?? null,
    request_id: source.requestId?.slice(0, 128) ?? null,
    source_topic: source.topic,
    source_partition: source.partition,
    source_offset: source.offset,
  };
}

/** The set-based stock operations of a batch of orders, on one knex transaction. */
function stockTransaction(trx: Knex.Transaction, limit: QueryLimit): StockTransaction {
  return {
    async processedAmong(orderIds) {
      const rows = await limit(
        trx('processed_orders').select<Array<{ order_id: string }>>('order_id').whereIn('order_id', orderIds),
      );
      return new Set(rows.map((row) => row.order_id));
    },
    async lowerStockIfAvailable(productId, qty) {
      // One conditional statement: the row lock it takes makes check-and-decrement atomic.
      const changed = await limit(
        trx('catalog').where('product_id', productId).andWhere('stock', '>=', qty).decrement('stock', qty),
      );
      return changed === 1;
    },
    async lockedStock(productId) {
      const row = await limit(
        trx('catalog').first<{ stock: number } | undefined>('stock').where('product_id', productId).forUpdate(),
      );
      return row?.stock;
    },
    async record(entries) {
      try {
        await limit(trx('processed_orders').insert(entries.map(ledgerRow)));
        return true;
      } catch (error) {
        // Only this statement failed; the transaction is still ours to roll back.
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
  };
}

/** `statementTimeoutMs`: the pool's server-side statement timeout, also bounding each query client-side. */
export function createStockLedger(db: Knex, statementTimeoutMs?: number): StockLedger & OutcomeLedger {
  const limit = queryLimit(statementTimeoutMs);
  return {
    async recordedOutcomes(orderIds) {
      const rows = await limit(
        db('processed_orders')
          .select<Array<{ order_id: string; outcome: 'applied' | 'rejected' | 'cancelled'; reason: string | null }>>(
            'order_id',
            'outcome',
            'reason',
          )
          .whereIn('order_id', orderIds),
      );
      return new Map(
        rows.map((row) => [row.order_id, { outcome: row.outcome, ...(row.reason !== null && { reason: row.reason }) }]),
      );
    },
    async inTransaction(work) {
      const trx = await db.transaction();
      try {
        const { result, commit } = await work(stockTransaction(trx, limit));
        if (commit) await trx.commit();
        else await trx.rollback();
        return result;
      } catch (error) {
        // The connection may be gone already; the server rolls back what it held.
        if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
        throw error;
      }
    },
  };
}
