import type { Knex } from 'knex';
import type { CancelLedger } from '../domain/cancel-order.js';
import { queryLimit } from './database.js';

interface LedgerRow {
  product_id: string;
  user_id: string;
  qty: number;
  outcome: 'applied' | 'rejected' | 'cancelled';
  reason: string | null;
}

/**
 * Cancels in catalogdb: the ledger row is locked, and only an `applied` one moves to `cancelled`, in
 * the same transaction that gives its quantity back. So a cancel delivered twice gives the stock
 * back once, and a cancel of a rejected order changes nothing (docs/design.md I4).
 */
export function createCancelLedger(db: Knex, statementTimeoutMs?: number): CancelLedger {
  const limit = queryLimit(statementTimeoutMs);
  return {
    async cancel(request) {
      return db.transaction(async (trx) => {
        const row = await limit(
          trx('processed_orders')
            .first<LedgerRow | undefined>('product_id', 'user_id', 'qty', 'outcome', 'reason')
            .where('order_id', request.orderId)
            .forUpdate(),
        );
        if (!row || row.user_id !== request.userId) return { kind: 'unknown-order' as const };
        if (row.outcome === 'cancelled') return { kind: 'already-cancelled' as const };
        if (row.outcome === 'rejected')
          return { kind: 'was-rejected' as const, ...(row.reason !== null && { reason: row.reason }) };
        await limit(trx('processed_orders').where('order_id', request.orderId).update({ outcome: 'cancelled' }));
        await limit(trx('catalog').where('product_id', row.product_id).increment('stock', row.qty));
        return { kind: 'cancelled' as const };
      });
    },
  };
}
