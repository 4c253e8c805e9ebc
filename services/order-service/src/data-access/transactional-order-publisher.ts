import { context, type Context } from '@opentelemetry/api';
import type { Kafka, Message, Transaction } from 'kafkajs';
import { orderRecords, type Order } from '@order-platform/order-contracts';
import { outsideAnyTrace, type Logger } from '@order-platform/service-kit';
import type { OrderPublisher } from '../domain/order.js';
import { orderErrors } from '../errors.js';
import { BatchQueue, type BatchOutcome, type BatchStats } from './batch-queue.js';
import { FencingProducer } from './fencing-producer.js';
import { TransactionTrace } from './transaction-trace.js';

const SHUTTING_DOWN = 'The instance is shutting down; the order was not placed.';

/**
 * Publishes each order to `orders` (seed schema+payload, key orderId) and `example-catalog-topic`
 * (plain JSON, key productId) in ONE Kafka transaction, with the orders that arrived meanwhile in
 * the same transaction (BatchQueue). Idempotent producer, acks from all in-sync replicas.
 *
 * What an answer guarantees (the rule: an answer never lies):
 * - publish() resolves only after EndTxn(commit) succeeded: both records are committed, durable.
 * - publish() rejects (503) only when EndTxn(commit) was never sent for a transaction holding the
 *   order: a failure while connecting, initialising, adding partitions or producing. We then
 *   abort; when even the abort fails we drop the producer, and the next one's InitProducerId
 *   fences the open transaction (the coordinator aborts it; at worst its timeout does). A
 *   transaction whose commit was never sent can never commit, so the order will not appear.
 * - EndTxn(commit) sent and its answer lost (timeout, connection closed, coordinator moved):
 *   kafkajs 2.2.4 does NOT retry EndTxn; it sends it once and leaves its transaction state
 *   machine stuck in COMMITTING. The fate is unknown (the coordinator may or may not have the
 *   commit), so we answer nothing yet: the producer is replaced (its InitProducerId completes
 *   or aborts the old transaction) and the same orders, same ids and content, are published
 *   again in the next transactions until one commits. Then the request gets its 201/202. If the
 *   first commit had landed, each topic holds the order twice: the sink upserts on order_id
 *   (one row) and catalog-service deduplicates by orderId (docs/design.md, I4). Such a request
 *   is held as long as Kafka is unreachable; if the process must stop first (shutdown timeout)
 *   the order is logged at error level with all its fields and its connection is closed with no
 *   answer: the client learns "unknown", which is the truth. A 5xx is never sent for it.
 */
interface Publication {
  order: Order;
  requestId: string;
  /** The trace of the request that placed it: its transaction and records are told there (TransactionTrace). */
  traceContext: Context;
}

/** What the publisher tells about its transactions (the metrics listen). */
export interface TransactionObserver {
  /** A transaction of `orders` orders ended: committed, not committed (never will be), or in doubt. */
  transactionEnded(outcome: BatchOutcome['kind'], orders: number): void;
  /** EndTxn(commit) was answered after this long. */
  commitAnswered(seconds: number): void;
}

export interface PublisherOptions {
  kafka: Kafka;
  transactionalId: string;
  ordersTopic: string;
  catalogTopic: string;
  maxBatchSize: number;
  /** How long a batch started from idle waits for more orders before its transaction begins. */
  lingerMs?: number;
  requestTimeoutMs: number;
  transactionTimeoutMs: number;
  logger: Logger;
  /** A seam for tests: runs after the records were produced, right before EndTxn(commit). */
  beforeCommit?: (orders: Order[]) => Promise<void>;
  observer?: TransactionObserver;
}

export class TransactionalOrderPublisher implements OrderPublisher {
  private readonly queue: BatchQueue<Publication>;
  private readonly log: Logger;
  private readonly producer: FencingProducer;
  private closed = false;

  constructor(private readonly options: PublisherOptions) {
    this.log = options.logger.child({ module: 'order-publisher', transactionalId: options.transactionalId });
    this.producer = new FencingProducer(options);
    // A transaction carries the orders of many requests: it runs outside any one's trace (TransactionTrace).
    this.queue = new BatchQueue((batch) => outsideAnyTrace(() => this.publishObserved(batch)), {
      maxBatchSize: options.maxBatchSize,
      retryDelayMs: 500,
      lingerMs: options.lingerMs,
    });
  }

  async publish(order: Order, requestId: string): Promise<void> {
    if (this.closed) throw orderErrors.create('kafka-unavailable', SHUTTING_DOWN);
    try {
      await this.queue.submit({ order, requestId, traceContext: context.active() });
    } catch (error) {
      throw orderErrors.create(
        'kafka-unavailable',
        'Kafka did not take the order: it was not placed and will not appear. Retry later.',
        [],
        error,
      );
    }
  }

  /** Connects and fences earlier transactions of our id, so the first order does not pay for it. */
  async warmUp(): Promise<void> {
    await this.producer.ready();
  }

  stats(): BatchStats {
    return this.queue.stats();
  }

  inDoubtOrders(): Order[] {
    return this.queue.inDoubtItems().map((publication) => publication.order);
  }

  /** Resolves once everything queued is published (orders in doubt included): may never, while Kafka is away. */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /**
   * Publishes what is queued (call it once the HTTP server stopped taking requests), then
   * disconnects. `abandon` skips the wait: for the shutdown deadline, when orders in doubt cannot
   * be resolved because Kafka stays away (log inDoubtOrders() first). After close nothing is
   * built any more: no producer, no transaction, no re-publish.
   */
  async close(options: { abandon?: boolean } = {}): Promise<void> {
    if (!options.abandon) await this.queue.drain();
    this.closed = true;
    this.queue.close(orderErrors.create('kafka-unavailable', SHUTTING_DOWN));
    // Bounded: the shutdown deadline does not wait for a producer still connecting to an unreachable broker.
    await this.producer.close(this.options.requestTimeoutMs);
  }

  private async publishObserved(batch: Publication[]): Promise<BatchOutcome> {
    const spans = new TransactionTrace(
      batch.map(({ order, traceContext }) => ({ orderId: order.orderId, context: traceContext })),
      { transactionalId: this.options.transactionalId },
    );
    const outcome = await this.publishBatch(batch, spans).catch((error: unknown) => {
      spans.ended({ kind: 'in-doubt', error });
      throw error;
    });
    spans.ended(outcome);
    this.options.observer?.transactionEnded(outcome.kind, batch.length);
    return outcome;
  }

  private async publishBatch(batch: Publication[], spans: TransactionTrace): Promise<BatchOutcome> {
    const started = Date.now();
    const orderIds = batch.map((publication) => publication.order.orderId);
    let transaction: Transaction;
    try {
      const producer = await this.producer.ready();
      if (this.closed) throw new Error('the publisher is closed');
      transaction = await producer.transaction();
    } catch (error) {
      this.log.warn({ err: error, orderIds }, 'no transaction could be started; the batch is not placed');
      await this.producer.discard();
      return { kind: 'not-committed', error };
    }
    try {
      await spans.sending(
        transaction.sendBatch({
          acks: -1,
          timeout: this.options.requestTimeoutMs,
          topicMessages: this.topicMessages(batch, spans),
        }),
      );
      await this.options.beforeCommit?.(batch.map((publication) => publication.order));
    } catch (error) {
      this.log.warn({ err: error, orderIds }, 'producing failed before the commit; aborting, the batch is not placed');
      await this.abort(transaction);
      return { kind: 'not-committed', error };
    }
    const commitStarted = performance.now();
    try {
      await transaction.commit();
      this.options.observer?.commitAnswered((performance.now() - commitStarted) / 1000);
    } catch (error) {
      this.log.error(
        { err: error, orders: batch.map((publication) => publication.order) },
        'commit answer lost: the batch is in doubt and will be published again',
      );
      await this.producer.discard();
      this.producer.scheduleRefence();
      return { kind: 'in-doubt', error };
    }
    this.log.debug({ size: batch.length, durationMs: Date.now() - started }, 'transaction committed');
    return { kind: 'committed' };
  }

  /** Each record carries the request id and its own trace context (`traceparent`, from its producer span). */
  private topicMessages(batch: Publication[], spans: TransactionTrace) {
    const { ordersTopic, catalogTopic } = this.options;
    const orders: Message[] = [];
    const catalog: Message[] = [];
    batch.forEach(({ order, requestId }, index) => {
      const records = orderRecords(order);
      const headers = (topic: string, key: string) => ({ 'x-request-id': requestId, ...spans.send(index, topic, key) });
      orders.push({ ...records.orders, headers: headers(ordersTopic, records.orders.key) });
      catalog.push({ ...records.catalog, headers: headers(catalogTopic, records.catalog.key) });
    });
    return [
      { topic: ordersTopic, messages: orders },
      { topic: catalogTopic, messages: catalog },
    ];
  }

  /**
   * Aborts, then always replaces the producer. Not only because a failed abort leaves kafkajs
   * stuck in ABORTING: a produce request that timed out may still have been written, and kafkajs
   * only advances its sequence numbers on success, so the next batch on that partition would
   * reuse them; a batch of the same size would then be taken by the broker for a duplicate and
   * silently dropped, yet committed. A new producer gets a new epoch and fresh sequences. (The
   * same reason makes kafkajs warn that limited retries "may invalidate EoS guarantees".)
   */
  private async abort(transaction: Transaction): Promise<void> {
    try {
      await transaction.abort();
    } catch (error) {
      this.log.warn({ err: error }, 'abort failed; the next producer fences the open transaction');
      this.producer.scheduleRefence();
    }
    await this.producer.discard();
  }
}
