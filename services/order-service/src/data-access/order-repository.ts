import type { Knex } from 'knex';
import { ORDER_STATUSES, type OrdersTableRow } from '@order-platform/order-contracts';
import type { OrderPage, OrderReader, OrderStatus, StoredOrder } from '../domain/order.js';
import { orderErrors } from '../errors.js';

type ReadRow = Omit<OrdersTableRow, 'user_id' | 'seq'> & { status: string | null; reason: string | null };
/** The order's columns and its status, from mydb.order_status (docs/design.md §6); no row: PENDING. */
const READ_COLUMNS = [
  'orders.order_id',
  'product_id',
  'qty',
  'unit_price',
  'total_price',
  'created_at',
  'order_status.status',
  'order_status.reason',
] as const;

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
    let rows: ReadRow[];
    try {
      // Served by the (user_id, created_at, order_id) index in this order, without a sort.
      rows = await this.withStatus()
        .select<ReadRow[]>(...READ_COLUMNS)
        .where({ user_id: userId })
        .orderBy([{ column: 'created_at' }, { column: 'orders.order_id' }])
        // The DATETIME(3) text as the server sends it: parsing a Date for each of 1,000 rows and
        // formatting it back cost a third of a GET's CPU (sessions run in UTC, see createMysql).
        .options({ dateStrings: true })
        .timeout(this.queryTimeoutMs, { cancel: true });
    } catch (error) {
      throw orderErrors.create('database-unavailable', 'The orders cannot be read right now. Retry later.', [], error);
    }
    return rows.map(storedOrderOf);
  }

  async pageByUser(userId: string, limit: number, after: number): Promise<OrderPage> {
    let rows: Array<ReadRow & Pick<OrdersTableRow, 'seq'>>;
    try {
      // Served by the (user_id, seq) index; one row more than asked tells whether a next page exists.
      rows = await this.withStatus()
        .select<Array<ReadRow & Pick<OrdersTableRow, 'seq'>>>(...READ_COLUMNS, 'seq')
        .where({ user_id: userId })
        .andWhere('seq', '>', after)
        .orderBy('seq')
        .limit(limit + 1)
        .options({ dateStrings: true })
        .timeout(this.queryTimeoutMs, { cancel: true });
    } catch (error) {
      throw orderErrors.create('database-unavailable', 'The orders cannot be read right now. Retry later.', [], error);
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { orders: page.map(storedOrderOf), ...(rows.length > limit && last ? { next: Number(last.seq) } : {}) };
  }

  async findForUser(userId: string, orderId: string): Promise<StoredOrder | undefined> {
    let row: ReadRow | undefined;
    try {
      row = await this.withStatus()
        .first<ReadRow | undefined>(...READ_COLUMNS)
        .where({ 'orders.order_id': orderId, user_id: userId })
        .options({ dateStrings: true })
        .timeout(this.queryTimeoutMs, { cancel: true });
    } catch (error) {
      throw orderErrors.create('database-unavailable', 'The order cannot be read right now. Retry later.', [], error);
    }
    return row && storedOrderOf(row);
  }

  /** orders LEFT JOIN order_status: one index lookup per order on the status table's primary key. */
  private withStatus() {
    return this.db<OrdersTableRow>('orders').leftJoin('order_status', 'order_status.order_id', 'orders.order_id');
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

function storedOrderOf(row: ReadRow): StoredOrder {
  return {
    orderId: row.order_id,
    productId: row.product_id,
    qty: row.qty,
    unitPrice: row.unit_price,
    totalPrice: row.total_price,
    createdAtUtc: row.created_at,
    status: statusOf(row.status),
    ...(row.status === 'REJECTED' && row.reason !== null && { reason: row.reason }),
  };
}

function statusOf(status: string | null): OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(status ?? '') ? (status as OrderStatus) : 'PENDING';
}
