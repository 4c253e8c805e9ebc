import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '@order-platform/service-kit';
import { applyStockOrders, type BatchResult, type StockLedger } from '../domain/apply-stock-orders.js';
import { cancelStatus, type CancelLedger, type CancelRequest } from '../domain/cancel-order.js';
import { statusUpdates, type OrderStatusPublisher, type OutcomeLedger } from '../domain/order-status.js';
import { retryUntilDone, type RetryOptions } from '../domain/retry.js';
import type { DeadLetterReason, OrderOutcome, OrderSource, StockOrder } from '../domain/stock-order.js';
import type { DeadLetterPublisher } from '../data-access/dead-letter-publisher.js';
import { describeDatabaseError, isDataRejection, isExpectedTransient } from '../data-access/database-errors.js';
import type { ConsumerStatusTracker } from './consumer-status.js';
import { MessageTraces } from './message-trace.js';
import { parseCancelMessage, parseOrderMessage } from './order-message-schema.js';
import { logOutcome, type BatchObserver, type Handled } from './outcome-log.js';

/** How the consumer lets the handler wait and stop, and hears what is settled. */
export interface BatchControls {
  /** Waits between two attempts, keeping the group membership alive. */
  wait(ms: number): Promise<void>;
  /** True once the consumer stops or lost the partition: no new step starts, a retry is abandoned. */
  shouldStop(): boolean;
  /**
   * The messages up to and including `offset` (`count` of them) are settled: committed in the
   * database or acknowledged by the dead-letter topic; `deadLettered` when one of them went there.
   */
  settled(offset: string, count: number, deadLettered: boolean): Promise<void>;
}

export type { BatchObserver, Handled } from './outcome-log.js';

interface OrderMessage {
  message: KafkaMessage;
  order: StockOrder;
  source: OrderSource;
}

export function header(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

/**
 * The messages of one partition, in offset order: consecutive orders (up to `batchMax`) are applied
 * in ONE database transaction (applyStockOrders), a message that is not an order goes to the
 * dead-letter topic once the orders before it are settled. Each step that fails for a passing reason
 * is retried on the same messages; a step is reported to `controls.settled` only once it is settled,
 * and the handler rejects with RetryAborted when the consumer stops first. A batch the database
 * cannot take as a whole (a value it refuses, an order id another consumer just recorded) is applied
 * one order at a time instead: a batch of one, whose refused value is a dead letter in its place.
 */
export function createOrderBatchHandler(options: {
  ledger: StockLedger;
  deadLetters: DeadLetterPublisher;
  tracker: ConsumerStatusTracker;
  logger: Logger;
  maxBackoffMs: number;
  batchMax: number;
  observer?: BatchObserver;
  /** Where each settled order's status goes, and the ledger a redelivered order's status is read from. */
  statuses?: { publisher: OrderStatusPublisher; ledger: OutcomeLedger };
  /** Applies cancels (docs/design.md §3.2.3); without it a cancel is read as an order, and dead-lettered. */
  cancels?: CancelLedger;
}) {
  const { ledger, tracker, logger, observer } = options;

  return async function handle(topic: string, partition: number, messages: KafkaMessage[], controls: BatchControls) {
    const traces = new MessageTraces(topic, partition);
    const retrying = (what: string, offset: string, isRetriable: (error: unknown) => boolean): RetryOptions => ({
      isRetriable,
      wait: (ms) => controls.wait(ms),
      shouldStop: () => controls.shouldStop(),
      maxDelayMs: options.maxBackoffMs,
      onRetry: (error, attempts, delayMs) => {
        tracker.count('retries');
        tracker.retrying({ partition, offset, attempts, lastError: describeDatabaseError(error) });
        logger[isExpectedTransient(error) ? 'warn' : 'error'](
          { err: error, partition, offset, attempts, delayMs },
          `${what} failed; retrying the same message`,
        );
      },
    });

    /** The one place where what became of a message turns into a counter, a log line and the end of its span. */
    const report = (message: KafkaMessage, handled: Handled, order?: StockOrder) => {
      traces.within(message, () => recordOutcome(message, handled, order));
      traces.settled(message, handled);
    };
    const recordOutcome = (message: KafkaMessage, handled: Handled, order?: StockOrder) =>
      logOutcome(
        { logger, tracker, observer },
        { partition, message, handled, order, requestId: header(message, 'x-request-id') },
      );

    const deadLetter = async (message: KafkaMessage, reason: DeadLetterReason, detail: string, order?: StockOrder) => {
      const { key, value, headers, offset } = message;
      const letter = { topic, partition, offset, key, value, headers, reason, detail };
      await traces.within(message, () =>
        retryUntilDone(
          () => options.deadLetters.publish(letter),
          retrying('writing to the dead-letter topic', offset, () => true),
        ),
      );
      tracker.retrying(null);
      report(message, { kind: 'dead-lettered', reason, detail }, order);
    };

    /** Consecutive orders: one transaction, or one per order when the database cannot take them together. */
    const applyOrders = async (run: OrderMessage[]): Promise<void> => {
      const [first, last] = [run[0]!.message.offset, run.at(-1)!.message.offset];
      const started = performance.now();
      let result: BatchResult;
      const stockUpdated = traces.stockUpdate(run.map(({ message }) => message));
      try {
        result = await retryUntilDone(
          () => applyStockOrders(ledger, run),
          retrying('applying orders', first, (error) => !isDataRejection(error)),
        );
        stockUpdated(
          result.kind === 'conflict' ? { error: 'an order id is being recorded by another consumer' } : result,
        );
      } catch (error) {
        stockUpdated({ error });
        if (!isDataRejection(error)) throw error;
        tracker.retrying(null);
        if (run.length > 1) return applyOneByOne(run);
        await deadLetter(run[0]!.message, 'database-rejected', describeDatabaseError(error), run[0]!.order);
        return controls.settled(first, 1, true);
      }
      tracker.retrying(null);
      if (result.kind === 'conflict') {
        if (run.length === 1) throw new Error(`order at offset ${first} conflicts with itself in the ledger`);
        return applyOneByOne(run);
      }

      await publishStatuses(run, result.outcomes, first);
      const counts = { applied: 0, rejected: 0, duplicates: 0, deadLettered: 0 };
      for (const [index, outcome] of result.outcomes.entries()) {
        const { message, order } = run[index]!;
        if (outcome.kind === 'unknown-product') {
          await deadLetter(message, 'unknown-product', `no product ${order.productId} in the catalog`, order);
          counts.deadLettered += 1;
        } else {
          report(message, outcome, order);
          counts[outcome.kind === 'duplicate' ? 'duplicates' : outcome.kind] += 1;
        }
      }
      // One line per transaction: at thousands of orders a second, a line per order cost more than applying it.
      const ms = Math.round(performance.now() - started);
      observer?.applied((performance.now() - started) / 1000);
      logger.info({ partition, firstOffset: first, lastOffset: last, ...counts, ms }, 'orders applied to stock');
      await controls.settled(last, run.length, counts.deadLettered > 0);
    };

    /** Before the offsets settle (I7): a crash in between redelivers the orders, which publish again. */
    const publishStatuses = async (run: OrderMessage[], outcomes: OrderOutcome[], offset: string) => {
      const { statuses } = options;
      if (!statuses) return;
      const settled = run.map(({ order }, index) => ({ order, outcome: outcomes[index]! }));
      await retryUntilDone(
        async () => statuses.publisher.publish(await statusUpdates(settled, statuses.ledger, Date.now())),
        retrying('publishing the orders statuses', offset, () => true),
      );
      tracker.retrying(null);
    };

    /** A cancel: one transaction of its own, then its status, then its offset (after the orders before it). */
    const applyCancel = async (message: KafkaMessage, request: CancelRequest, cancels: CancelLedger) => {
      const result = await retryUntilDone(
        () => cancels.cancel(request),
        retrying('cancelling an order', message.offset, () => true),
      );
      const { statuses } = options;
      if (statuses)
        await retryUntilDone(
          () => statuses.publisher.publish(cancelStatus(request, result, Date.now())),
          retrying('publishing a cancel status', message.offset, () => true),
        );
      tracker.retrying(null);
      traces.settled(message, { kind: `cancel-${result.kind}` });
      logger.info({ partition, offset: message.offset, ...request, result: result.kind }, 'cancel applied');
      await controls.settled(message.offset, 1, false);
    };

    const applyOneByOne = async (run: OrderMessage[]) => {
      for (const single of run) {
        if (controls.shouldStop()) return;
        await applyOrders([single]);
      }
    };

    let run: OrderMessage[] = [];
    const flush = async () => {
      const orders = run;
      run = [];
      if (orders.length > 0) await applyOrders(orders);
    };
    try {
      await handleAll();
    } finally {
      traces.abandon();
    }

    async function handleAll() {
      for (const message of messages) {
        if (controls.shouldStop()) return;
        const cancel = options.cancels && parseCancelMessage(message.value);
        if (cancel && options.cancels) {
          traces.start(message, undefined);
          await flush();
          if (controls.shouldStop()) return;
          await applyCancel(message, cancel, options.cancels);
          continue;
        }
        const parsed = parseOrderMessage(message.value);
        traces.start(message, parsed.ok ? parsed.order : undefined);
        if (parsed.ok) {
          const source = { topic, partition, offset: message.offset, requestId: header(message, 'x-request-id') };
          run.push({ message, order: parsed.order, source });
          if (run.length >= options.batchMax) await flush();
          continue;
        }
        // Offsets settle in order: the orders before it first.
        await flush();
        if (controls.shouldStop()) return;
        await deadLetter(message, parsed.reason, parsed.detail);
        await controls.settled(message.offset, 1, true);
      }
      if (!controls.shouldStop()) await flush();
    }
  };
}
