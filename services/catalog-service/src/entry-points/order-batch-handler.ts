import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '@order-platform/service-kit';
import {
  applyStockOrders,
  type BatchItem,
  type BatchResult,
  type StockBatchLedger,
} from '../domain/apply-stock-batch.js';
import { retryUntilDone } from '../domain/retry.js';
import type { StockOrder } from '../domain/stock-order.js';
import {
  describeDatabaseError,
  isDataRejection,
  isDuplicateKey,
  isExpectedTransient,
} from '../data-access/database-errors.js';
import type { ConsumerStatusTracker } from './consumer-status.js';
import { header, type WaitControls } from './order-message-handler.js';

/** A message that parsed as an order. */
export interface ParsedMessage {
  message: KafkaMessage;
  order: StockOrder;
}

/**
 * Consecutive orders of one partition, applied in ONE database transaction (applyStockOrders),
 * retried as a whole while the database fails for a passing reason. Resolves 'settled' once it is
 * committed, or 'one-by-one' when the batch holds something only the per-message path handles (an
 * unknown product, a value the database refuses, an order id it already holds under another
 * spelling or that another consumer just recorded): nothing was committed then, and the caller
 * applies the messages one at a time, dead letters in their place.
 */
export function createOrderBatchApplier(options: {
  ledger: StockBatchLedger;
  tracker: ConsumerStatusTracker;
  logger: Logger;
  maxBackoffMs: number;
}) {
  const { ledger, tracker } = options;

  return async function applyBatch(
    topic: string,
    partition: number,
    items: ParsedMessage[],
    controls: WaitControls,
  ): Promise<'settled' | 'one-by-one'> {
    const first = items[0]!.message.offset;
    const last = items.at(-1)!.message.offset;
    const batch: BatchItem[] = items.map(({ message, order }) => ({
      order,
      source: { topic, partition, offset: message.offset, requestId: header(message, 'x-request-id') },
    }));
    const started = performance.now();
    let result: BatchResult;
    try {
      result = await retryUntilDone(() => applyStockOrders(ledger, batch), {
        isRetriable: (error) => !isDataRejection(error) && !isDuplicateKey(error),
        wait: controls.wait,
        shouldStop: controls.shouldStop,
        maxDelayMs: options.maxBackoffMs,
        onRetry: (error, attempts, delayMs) => {
          tracker.count('retries');
          tracker.retrying({ partition, offset: first, attempts, lastError: describeDatabaseError(error) });
          options.logger[isExpectedTransient(error) ? 'warn' : 'error'](
            { err: error, partition, firstOffset: first, lastOffset: last, attempts, delayMs },
            'applying a batch of orders failed; retrying the same batch',
          );
        },
      });
    } catch (error) {
      // A duplicate key: another consumer recorded one of these orders meanwhile, or two ids the
      // database's collation takes for one. The per-message path decides each of them.
      if (!isDataRejection(error) && !isDuplicateKey(error)) throw error;
      tracker.retrying(null);
      return 'one-by-one';
    }
    tracker.retrying(null);
    if (result.kind === 'unknown-product') return 'one-by-one';

    const counts = { applied: 0, rejected: 0, duplicates: 0 };
    result.outcomes.forEach((outcome, index) => {
      const { order, source } = batch[index]!;
      const fields = {
        requestId: source.requestId,
        partition,
        offset: source.offset,
        orderId: order.orderId,
        productId: order.productId,
        qty: order.qty,
      };
      if (outcome.kind === 'applied') {
        counts.applied += 1;
        tracker.count('applied');
        options.logger.debug(fields, 'order applied to stock');
      } else if (outcome.kind === 'rejected') {
        counts.rejected += 1;
        tracker.count('rejected');
        options.logger.warn({ ...fields, reason: outcome.reason }, 'order rejected: stock unchanged');
      } else {
        counts.duplicates += 1;
        tracker.count('duplicates');
        options.logger.info(fields, 'order already taken into account: redelivery ignored');
      }
    });
    // One line per transaction: at thousands of orders a second, a line per order cost more than applying it.
    options.logger.info(
      { partition, firstOffset: first, lastOffset: last, ...counts, ms: Math.round(performance.now() - started) },
      'orders applied to stock',
    );
    return 'settled';
  };
}
