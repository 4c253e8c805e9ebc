import type { Producer } from 'kafkajs';
import { buildOrderStatusDto } from '@order-platform/order-contracts';
import type { OrderStatusPublisher } from '../domain/order-status.js';

/**
 * Writes each order's outcome to the order-status topic (docs/design.md §5.4), keyed by order id so
 * one order's outcomes (CONFIRMED, then CANCELLED) stay in order for the sink. acks=all on the
 * idempotent producer: a record is sent again only by a redelivery, and the sink's upsert absorbs that.
 */
export function createOrderStatusPublisher(producer: Producer, topic: string): OrderStatusPublisher {
  return {
    async publish(updates) {
      if (updates.length === 0) return;
      await producer.send({
        topic,
        acks: -1,
        messages: updates.map((update) => ({
          key: update.orderId,
          value: JSON.stringify(buildOrderStatusDto(update)),
        })),
      });
    },
  };
}
