import { buildOrderStatusDto } from '@order-platform/order-contracts';
import type { SerialSender } from '@order-platform/service-kit';
import type { OrderStatusPublisher } from '../domain/order-status.js';

/**
 * Writes each order's outcome to the order-status topic (docs/design.md §5.4), keyed by order id so
 * one order's outcomes (CONFIRMED, then CANCELLED) stay in order for the sink. acks=all through the
 * serial sender (service-kit): a record is sent again only by a redelivery, and the sink's upsert absorbs that.
 */
export function createOrderStatusPublisher(sender: SerialSender, topic: string): OrderStatusPublisher {
  return {
    async publish(updates) {
      await sender.send({
        topic,
        messages: updates.map((update) => ({
          key: update.orderId,
          value: JSON.stringify(buildOrderStatusDto(update)),
        })),
      });
    },
  };
}
