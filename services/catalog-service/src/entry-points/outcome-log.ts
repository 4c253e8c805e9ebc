import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '@order-platform/service-kit';
import type { DeadLetterReason, OrderOutcome, StockOrder } from '../domain/stock-order.js';
import type { ConsumerStatusTracker } from './consumer-status.js';

/** What became of one order message: the outcome of applying it, or a dead letter. */
export type Handled =
  | Exclude<OrderOutcome, { kind: 'unknown-product' }>
  | { kind: 'dead-lettered'; reason: DeadLetterReason; detail: string };

/** What the handler tells about the messages it settles (the metrics listen). */
export interface BatchObserver {
  handled(kind: Handled['kind']): void;
  /** Consecutive orders were applied to stock in one database transaction, retries included, in this long. */
  applied(seconds: number): void;
}

/** What became of one order message, told to the observer (metrics), the status counters and the log. */
export function logOutcome(
  deps: { logger: Logger; tracker: ConsumerStatusTracker; observer?: BatchObserver | undefined },
  what: {
    partition: number;
    message: KafkaMessage;
    handled: Handled;
    order?: StockOrder | undefined;
    requestId?: string;
  },
): void {
  const { logger, tracker, observer } = deps;
  const { handled, order } = what;
  const fields = {
    requestId: what.requestId,
    partition: what.partition,
    offset: what.message.offset,
    ...(order && { orderId: order.orderId, productId: order.productId, qty: order.qty }),
  };
  observer?.handled(handled.kind);
  switch (handled.kind) {
    case 'applied':
      tracker.count('applied');
      return logger.debug(fields, 'order applied to stock');
    case 'rejected':
      tracker.count('rejected');
      return logger.warn({ ...fields, reason: handled.reason }, 'order rejected: stock unchanged');
    case 'duplicate':
      tracker.count('duplicates');
      return logger.info(fields, 'order already taken into account: redelivery ignored');
    case 'dead-lettered':
      tracker.count('deadLettered');
      return logger.warn({ ...fields, reason: handled.reason, detail: handled.detail }, 'order message dead-lettered');
  }
}
