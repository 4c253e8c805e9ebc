import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '@order-platform/service-kit';
import { applyStockOrder, type StockLedger } from '../domain/apply-stock-order.js';
import { retryUntilDone } from '../domain/retry.js';
import type { DeadLetterReason, OrderSource } from '../domain/stock-order.js';
import type { DeadLetterPublisher } from '../data-access/dead-letter-publisher.js';
import { describeDatabaseError, isDataRejection, isExpectedTransient } from '../data-access/database-errors.js';
import type { ConsumerStatusTracker } from './consumer-status.js';
import { parseOrderMessage } from './order-message-schema.js';

export type HandledAs = 'applied' | 'rejected' | 'duplicate' | 'dead-lettered';

/** How the batch loop lets a message wait: heartbeating, and giving up when the consumer stops. */
export interface WaitControls {
  wait(ms: number): Promise<void>;
  shouldStop(): boolean;
}

export function header(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

/**
 * One message: parse it, apply it to the stock exactly once, or dead-letter it. Every step that can
 * fail for a passing reason is retried on the same message; the promise only resolves once the
 * message is settled (committed in the database or acknowledged by the dead-letter topic), and
 * rejects with RetryAborted when the consumer stops first.
 */
export function createOrderMessageHandler(options: {
  ledger: StockLedger;
  deadLetters: DeadLetterPublisher;
  tracker: ConsumerStatusTracker;
  logger: Logger;
  maxBackoffMs: number;
}) {
  const { ledger, deadLetters, tracker } = options;

  return async function handle(
    topic: string,
    partition: number,
    message: KafkaMessage,
    controls: WaitControls,
  ): Promise<HandledAs> {
    const source: OrderSource = {
      topic,
      partition,
      offset: message.offset,
      requestId: header(message, 'x-request-id'),
    };
    const log = options.logger.child({ requestId: source.requestId, partition, offset: message.offset });

    const retrying = (what: string, isRetriable: (error: unknown) => boolean) => ({
      isRetriable,
      wait: controls.wait,
      shouldStop: controls.shouldStop,
      maxDelayMs: options.maxBackoffMs,
      onRetry: (error: unknown, attempts: number, delayMs: number) => {
        tracker.count('retries');
        const lastError = describeDatabaseError(error);
        tracker.retrying({ partition, offset: message.offset, attempts, lastError });
        log[isExpectedTransient(error) ? 'warn' : 'error'](
          { err: error, attempts, delayMs },
          `${what} failed; retrying the same message`,
        );
      },
    });

    const deadLetter = async (reason: DeadLetterReason, detail: string): Promise<HandledAs> => {
      await retryUntilDone(
        () =>
          deadLetters.publish({
            topic,
            partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: message.headers,
            reason,
            detail,
          }),
        retrying('writing to the dead-letter topic', () => true),
      );
      tracker.retrying(null);
      tracker.count('deadLettered');
      log.warn({ reason, detail }, 'order message dead-lettered');
      return 'dead-lettered';
    };

    const parsed = parseOrderMessage(message.value);
    if (!parsed.ok) return deadLetter(parsed.reason, parsed.detail);
    const { order } = parsed;

    let outcome;
    try {
      outcome = await retryUntilDone(
        () => applyStockOrder(ledger, order, source),
        retrying('applying the order', (error) => !isDataRejection(error)),
      );
    } catch (error) {
      if (!isDataRejection(error)) throw error;
      return deadLetter('database-rejected', describeDatabaseError(error));
    }
    tracker.retrying(null);

    const fields = { orderId: order.orderId, productId: order.productId, qty: order.qty };
    switch (outcome.kind) {
      case 'applied':
        tracker.count('applied');
        log.info(fields, 'order applied to stock');
        return 'applied';
      case 'rejected':
        tracker.count('rejected');
        log.warn({ ...fields, reason: outcome.reason }, 'order rejected: stock unchanged');
        return 'rejected';
      case 'duplicate':
        tracker.count('duplicates');
        log.info(fields, 'order already taken into account: redelivery ignored');
        return 'duplicate';
      case 'unknown-product':
        return deadLetter('unknown-product', `no product ${order.productId} in the catalog`);
    }
  };
}
