import type { Knex } from 'knex';
import type { StockLedger, StockTransaction } from '../domain/apply-stock-order.js';
import type { LedgerEntry, StockBatchLedger, StockBatchTransaction } from '../domain/apply-stock-batch.js';
import { isDuplicateKey } from './database-errors.js';
import { queryLimit, type QueryLimit } from './database.js';

/** The stock operations of one order, on one knex transaction. */
function stockTransaction(trx: Knex.Transaction, limit: QueryLimit): StockTransaction {
  return {
    async recordOrder(order, source) {
      try {
        await limit(
          trx('processed_orders').insert({
            order_id: order.orderId,
            product_id: order.productId,
            user_id: order.userId,
            qty: order.qty,
            outcome: 'applied',
            request_id: source.requestId?.slice(0, 128) ?? null,
            source_topic: source.topic,
            source_partition: source.partition,
            source_offset: source.offset,
          }),
        );
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async lowerStockIfAvailable(productId, qty) {
      // One conditional statement: the row lock it takes makes check-and-decrement atomic.
      const changed = await limit(
        trx('catalog').where('product_id', productId).andWhere('stock', '>=', qty).decrement('stock', qty),
      );
      return changed === 1;
    },
    async currentStock(productId) {
      const row = (await limit(trx('catalog').select('stock').where('product_id', productId).first())) as
        { stock: number } | undefined;
      return row?.stock;
    },
    async markRejected(orderId, reason) {
      await limit(
        trx('processed_orders')
          .where('order_id', orderId)
          .update({ outcome: 'rejected', reason: reason.slice(0, 255) }),
      );
    },
  };
}

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

/** The set-based operations of a batch of orders, on one knex transaction. */
function stockBatchTransaction(trx: Knex.Transaction, limit: QueryLimit): StockBatchTransaction {
  const single = stockTransaction(trx, limit);
  return {
    async processedAmong(orderIds) {
      const rows = (await limit(trx('processed_orders').select('order_id').whereIn('order_id', orderIds))) as Array<{
        order_id: string;
      }>;
      return new Set(rows.map((row) => row.order_id));
    },
    lowerStockIfAvailable: single.lowerStockIfAvailable,
    async lockedStock(productId) {
      const row = (await limit(trx('catalog').select('stock').where('product_id', productId).forUpdate().first())) as
        { stock: number } | undefined;
      return row?.stock;
    },
    async record(entries) {
      await limit(trx('processed_orders').insert(entries.map(ledgerRow)));
    },
  };
}

async function inTransaction<Tx, T>(
  db: Knex,
  wrap: (trx: Knex.Transaction) => Tx,
  work: (tx: Tx) => Promise<{ result: T; commit: boolean }>,
): Promise<T> {
  const trx = await db.transaction();
  try {
    const { result, commit } = await work(wrap(trx));
    if (commit) await trx.commit();
    else await trx.rollback();
    return result;
  } catch (error) {
    // The connection may be gone already; the server rolls back what it held.
    if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
    throw error;
  }
}

/** `statementTimeoutMs`: the pool's server-side statement timeout, also bounding each query client-side. */
export function createStockLedger(db: Knex, statementTimeoutMs?: number): StockLedger & StockBatchLedger {
  const limit = queryLimit(statementTimeoutMs);
  return {
    inTransaction: (work) => inTransaction(db, (trx) => stockTransaction(trx, limit), work),
    inBatchTransaction: (work) => inTransaction(db, (trx) => stockBatchTransaction(trx, limit), work),
  };
}
