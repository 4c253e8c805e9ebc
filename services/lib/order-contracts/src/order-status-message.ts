/**
 * The order-status topic (docs/design.md §5.4): what became of each order, as catalog-service
 * decided it, in Kafka Connect's JSON-with-schema envelope so the second JDBC sink writes it into
 * `mydb.order_status` (upsert on order_id). Keyed by order id: one order's outcomes stay in order.
 */
export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderStatusUpdate {
  orderId: string;
  /** PENDING is never published: it is an order without a row. */
  status: Exclude<OrderStatus, 'PENDING'>;
  /** Why, for REJECTED (and what a cancel found); at most 255 characters. */
  reason?: string;
  /** Milliseconds since the epoch: when catalog-service decided it. */
  updatedAt: number;
}

export interface OrderStatusDto {
  schema: {
    type: 'struct';
    optional: false;
    name: 'order_status';
    fields: Array<{ type: string; optional: boolean; field: string; name?: string; version?: number }>;
  };
  payload: { order_id: string; status: string; reason: string | null; updated_at: number };
}

const FIELDS: OrderStatusDto['schema']['fields'] = [
  { type: 'string', optional: false, field: 'order_id' },
  { type: 'string', optional: false, field: 'status' },
  { type: 'string', optional: true, field: 'reason' },
  { type: 'int64', optional: true, name: 'org.apache.kafka.connect.data.Timestamp', version: 1, field: 'updated_at' },
];

export function buildOrderStatusDto(update: OrderStatusUpdate): OrderStatusDto {
  return {
    schema: { type: 'struct', fields: FIELDS, optional: false, name: 'order_status' },
    payload: {
      order_id: update.orderId,
      status: update.status,
      reason: update.reason === undefined ? null : update.reason.slice(0, 255),
      updated_at: update.updatedAt,
    },
  };
}
