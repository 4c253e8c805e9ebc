import type { Kafka } from 'kafkajs';
import { buildCatalogCancelMessage } from '@order-platform/order-contracts';
import { createSerialSender, type Logger, type SerialSender } from '@order-platform/service-kit';
import type { CancelPublisher } from '../domain/cancel-order.js';
import { orderErrors } from '../errors.js';

/**
 * Sends cancels to the catalog topic, keyed by product id (the order's partition, so after the
 * order), through the serial sender (acks=all), outside the order transactions: a cancel goes to one
 * topic only, and sending one twice is harmless (catalog-service gives the stock back once).
 */
export class KafkaCancelPublisher implements CancelPublisher {
  private readonly sender: SerialSender;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    logger: Logger,
  ) {
    this.sender = createSerialSender(kafka, logger);
  }

  async publish(cancel: { orderId: string; userId: string; productId: string }, requestId: string): Promise<void> {
    try {
      await this.sender.send({
        topic: this.topic,
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
    await this.sender.close();
  }
}
