import type { Knex } from 'knex';
import type { OrdersTableRow } from '@order-platform/order-contracts';
import type { OrderReader, StoredOrder } from '../domain/order.js';
import { orderErrors } from '../errors.js';

/**
 * Reads the shared orders table. Read-only on purpose: only the sink connector writes it
 * (docs/design.md, I1), so there is no insert or update here, ever.
 */
export class OrderRepository implements OrderReader {
  constructor(
    private readonly db: Knex,
    private readonly queryTimeoutMs: number,
  ) {}

  async listByUser(userId: string): Promise<StoredOrder[]> {
    let rows: Array<Omit<OrdersTableRow, 'user_id'>>;
    try {
      // Served by the (user_id, created_at, order_id) index in this order, without a sort.
      rows = await this.db<OrdersTableRow>('orders')
        .select('order_id', 'product_id', 'qty', 'unit_price', 'total_price', 'created_at')
        .where({ user_id: userId })
        .orderBy([{ column: 'created_at' }, { column: 'order_id' }])
        // The DATETIME(3) text as the server sends it: parsing a Date for each of 1,000 rows and
        // formatting it back cost a third of a GET's CPU (sessions run in UTC, see createMysql).
        .options({ dateStrings: true })
        .timeout(this.queryTimeoutMs, { cancel: true });
    } catch (error) {
      throw orderErrors.create('database-unavailable', 'The orders cannot be read right now. Retry later.', [], error);
    }
    return rows.map((row) => ({
      orderId: row.order_id,
      productId: row.product_id,
      qty: row.qty,
      unitPrice: row.unit_price,
      totalPrice: row.total_price,
      createdAtUtc: row.created_at,
    }));
  }

  /** The subset of `orderIds` already in the table: the visibility watcher's one query. */
  async findExisting(orderIds: string[]): Promise<string[]> {
    if (orderIds.length === 0) return [];
    const rows: Array<Pick<OrdersTableRow, 'order_id'>> = await this.db<OrdersTableRow>('orders')
      .select('order_id')
      .whereIn('order_id', orderIds)
      .timeout(this.queryTimeoutMs, { cancel: true });
    return rows.map((row) => row.order_id);
  }

  async ping(): Promise<void> {
    await this.db.raw('SELECT 1').timeout(this.queryTimeoutMs, { cancel: true });
  }
}
