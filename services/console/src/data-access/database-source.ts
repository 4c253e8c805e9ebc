import type { Knex } from 'knex';
import type { OrdersTableRow } from '@order-platform/order-contracts';
import type { OrderRecord, StockRow } from '../domain/snapshot.js';

/** A driver error in one line (knex puts the whole statement in front of the server's message). */
async function plainly<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    const { sqlMessage, code } = error as { sqlMessage?: string; code?: string };
    throw new Error(sqlMessage ?? code ?? (error as Error).message, { cause: error });
  }
}

/**
 * Reads catalog-service's stock and the orders table the sink writes, on one pool with no default
 * database (each query names its database). Read-only: the sink stays the only writer of the
 * orders table (docs/design.md, I1) and catalog-service of the catalog.
 */
export function createDatabaseSource(db: Knex, names: { ordersDb: string; catalogDb: string; ordersLimit: number }) {
  return {
    async stock(): Promise<StockRow[]> {
      const rows = await plainly<Array<{ product_id: string; product_name: string; stock: number }>>(
        db
          .withSchema(names.catalogDb)
          .from('catalog')
          .select('product_id', 'product_name', 'stock')
          .orderBy('product_id'),
      );
      return rows.map((row) => ({ productId: row.product_id, productName: row.product_name, stock: row.stock }));
    },
    async latestOrders(): Promise<OrderRecord[]> {
      const rows = await plainly<Array<Omit<OrdersTableRow, 'seq'>>>(
        db
          .withSchema(names.ordersDb)
          .from('orders')
          .select('order_id', 'user_id', 'product_id', 'qty', 'unit_price', 'total_price', 'created_at')
          // seq numbers the rows in the order the sink wrote them (its unique index: no sort, no scan).
          .orderBy('seq', 'desc')
          .limit(names.ordersLimit)
          .options({ dateStrings: true }),
      );
      return rows.map((row) => ({
        orderId: row.order_id,
        userId: row.user_id,
        productId: row.product_id,
        qty: row.qty,
        unitPrice: row.unit_price,
        totalPrice: row.total_price,
        createdAt: row.created_at,
      }));
    },
  };
}
