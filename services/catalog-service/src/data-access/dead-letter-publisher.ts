import type { IHeaders } from 'kafkajs';
import type { SerialSender } from '@order-platform/service-kit';
import type { DeadLetterReason } from '../domain/stock-order.js';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders | undefined;
  reason: DeadLetterReason;
  detail: string;
}

export interface DeadLetterPublisher {
  /** Resolves once every in-sync replica has the record. */
  publish(letter: DeadLetter): Promise<void>;
}

/**
 * Writes a message we cannot apply to the dead-letter topic: key, value and headers exactly as
 * they arrived, plus headers saying why and where it came from, so it can be inspected and
 * replayed to the original topic once fixed.
 */
export function createDeadLetterPublisher(
  sender: SerialSender,
  options: { topic: string; groupId: string },
): DeadLetterPublisher {
  return {
    async publish(letter) {
      await sender.send({
        topic: options.topic,
        messages: [
          {
            key: letter.key,
            value: letter.value,
            headers: {
              ...letter.headers,
              'x-dlq-reason': letter.reason,
              'x-dlq-detail': letter.detail.slice(0, 1000),
              'x-dlq-original-topic': letter.topic,
              'x-dlq-original-partition': String(letter.partition),
              'x-dlq-original-offset': letter.offset,
              'x-dlq-consumer-group': options.groupId,
              'x-dlq-failed-at': new Date().toISOString(),
            },
          },
        ],
      });
    },
  };
}
