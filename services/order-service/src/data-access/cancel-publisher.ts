import type { Kafka, Producer } from 'kafkajs';
import { buildCatalogCancelMessage } from '@order-platform/order-contracts';
import type { CancelPublisher } from '../domain/cancel-order.js';
import { orderErrors } from '../errors.js';

/**
 * Sends cancels to the catalog topic, keyed by product id (the order's partition, so after the
 * order). An idempotent producer with acks=all, outside the order transactions: a cancel goes to one
 * topic only, and sending one twice is harmless (catalog-service gives the stock back once).
 */
export class KafkaCancelPublisher implements CancelPublisher {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async publish(cancel: { orderId: string; userId: string; productId: string }, requestId: string): Promise<void> {
    try {
      await (this.connected ??= this.producer.connect().catch((error: unknown) => {
        this.connected = undefined;
        throw error;
      }));
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: [
          {
            key: cancel.productId,
            value: JSON.stringify(buildCatalogCancelMessage(cancel)),
            headers: { 'x-request-id': requestId },
          },
        ],
      });
    } catch (error) {
      throw orderErrors.create('kafka-unavailable', 'Kafka did not take the cancel. Retry later.', [], error);
    }
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
  }
}
