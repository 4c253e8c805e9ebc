/**
 * Message formats of the two order topics (docs/design.md, §5 "Topics and message formats").
 *
 * `orders` carries Kafka Connect's JSON-with-schema envelope, exactly the seed's `KafkaOrderDto`
 * (fields in the seed's order: type, optional, field), so the JDBC sink's JsonConverter can read it
 * and any producer that writes it, a console producer too, gets its row into `mydb.orders`. We add
 * `created_at` as Connect's Timestamp logical type so every instance stamps its own orders and the
 * database's "oldest first" is the order in which they were taken.
 */
export interface Order {
  orderId: string;
  userId: string;
  productId: string;
  qty: number;
  unitPrice: number;
  totalPrice: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

interface ConnectField {
  type: 'string' | 'int32' | 'int64';
  optional: boolean;
  field: string;
  name?: string;
  version?: number;
}

export interface KafkaOrderDto {
  schema: { type: 'struct'; fields: ConnectField[]; optional: false; name: 'orders' };
  payload: {
    order_id: string;
    user_id: string;
    product_id: string;
    qty: number;
    unit_price: number;
    total_price: number;
    created_at?: number;
  };
}

/** The seed's six fields, as its `KafkaOrderDto` declares them. */
export const SEED_ORDER_FIELDS: readonly ConnectField[] = [
  { type: 'string', optional: true, field: 'order_id' },
  { type: 'string', optional: true, field: 'user_id' },
  { type: 'string', optional: true, field: 'product_id' },
  { type: 'int32', optional: true, field: 'qty' },
  { type: 'int32', optional: true, field: 'unit_price' },
  { type: 'int32', optional: true, field: 'total_price' },
];

const CREATED_AT_FIELD: ConnectField = {
  type: 'int64',
  optional: true,
  name: 'org.apache.kafka.connect.data.Timestamp',
  version: 1,
  field: 'created_at',
};

/** The `orders` topic value for an order; `withCreatedAt: false` gives the seed's exact message. */
export function buildKafkaOrderDto(order: Order, options: { withCreatedAt?: boolean } = {}): KafkaOrderDto {
  const withCreatedAt = options.withCreatedAt ?? true;
  return {
    schema: {
      type: 'struct',
      fields: withCreatedAt ? [...SEED_ORDER_FIELDS, CREATED_AT_FIELD] : [...SEED_ORDER_FIELDS],
      optional: false,
      name: 'orders',
    },
    payload: {
      order_id: order.orderId,
      user_id: order.userId,
      product_id: order.productId,
      qty: order.qty,
      unit_price: order.unitPrice,
      total_price: order.totalPrice,
      ...(withCreatedAt ? { created_at: order.createdAt } : {}),
    },
  };
}

/** The `example-catalog-topic` value: the order as plain JSON (keyed by productId), without its instant. */
export type CatalogOrderMessage = Omit<Order, 'createdAt'>;

export function buildCatalogOrderMessage(order: Order): CatalogOrderMessage {
  const { orderId, userId, productId, qty, unitPrice, totalPrice } = order;
  return { orderId, userId, productId, qty, unitPrice, totalPrice };
}

/** Kafka records ready for a producer: key and serialized value. */
export function orderRecords(order: Order): {
  orders: { key: string; value: string };
  catalog: { key: string; value: string };
} {
  return {
    orders: { key: order.orderId, value: JSON.stringify(buildKafkaOrderDto(order)) },
    catalog: { key: order.productId, value: JSON.stringify(buildCatalogOrderMessage(order)) },
  };
}
