export {
  buildKafkaOrderDto,
  buildCatalogOrderMessage,
  orderRecords,
  SEED_ORDER_FIELDS,
  type Order,
  type KafkaOrderDto,
  type CatalogOrderMessage,
} from './order-message.js';
export { formatCreatedAt } from './created-at.js';
export type { OrdersTableRow } from './orders-table.js';
export {
  buildOrderStatusDto,
  ORDER_STATUSES,
  type OrderStatus,
  type OrderStatusUpdate,
  type OrderStatusDto,
} from './order-status-message.js';
export { buildCatalogCancelMessage, type CatalogCancelMessage } from './cancel-message.js';
