import type { EachBatchPayload, Kafka } from 'kafkajs';
import type { CancelLedger } from '../domain/cancel-order.js';
import type { OrderStatusPublisher, OutcomeLedger } from '../domain/order-status.js';
import { outsideAnyTrace, type Logger } from '@order-platform/service-kit';
import type { StockLedger } from '../domain/apply-stock-orders.js';
import { RetryAborted } from '../domain/retry.js';
import type { DeadLetterPublisher } from '../data-access/dead-letter-publisher.js';
import { ConsumerStatusTracker, type ConsumerStatus } from './consumer-status.js';
import { createOrderBatchHandler, type BatchControls, type BatchObserver } from './order-batch-handler.js';

/** What the consumer tells besides the handler's outcomes (the metrics listen). */
export interface ConsumerObserver extends BatchObserver {
  /** After each fetched batch of a partition: its high watermark minus the batch's last offset minus 1. */
  lag(partition: number, records: number): void;
  /** The group was joined (again): the lag of partitions this member no longer holds is unknown. */
  joined(): void;
}

export interface OrderConsumerOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  ledger: StockLedger;
  deadLetters: DeadLetterPublisher;
  /** Each settled order's status (docs/design.md §5.4); none when absent. */
  statuses?: { publisher: OrderStatusPublisher; ledger: OutcomeLedger };
  /** Applies cancels (docs/design.md §3.2.3). */
  cancels?: CancelLedger;
  logger: Logger;
  partitionConcurrency: number;
  maxBackoffMs: number;
  sessionTimeoutMs: number;
  /** The broker answers a fetch once this much is there or fetchMaxWaitMs passed (defaults 1 byte, 1 s). */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
  /** A group with no committed offset starts at the beginning: stock must follow every order. */
  fromBeginning?: boolean;
  /** Most orders applied in one database transaction. */
  batchMax?: number;
  /** Offsets of settled messages are committed at least this often, and at the end of every batch. */
  commitEveryMessages?: number;
  commitEveryMs?: number;
  observer?: ConsumerObserver;
}

export interface OrderConsumer {
  start(): Promise<void>;
  /** Finishes the message in hand, commits what is settled, leaves the group. */
  stop(): Promise<void>;
  status(): ConsumerStatus;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The consumer of example-catalog-topic. Offsets are never committed by kafkajs (autoCommit off,
 * no auto-resolve): an offset is resolved only once its message is settled, in the database or in
 * the dead-letter topic, and we commit resolved offsets ourselves. A crash therefore redelivers
 * messages that may already be applied, never skips one; the orderId ledger absorbs the redelivery.
 */
export function createOrderConsumer(options: OrderConsumerOptions): OrderConsumer {
  const log = options.logger.child({ module: 'order-consumer', topic: options.topic, groupId: options.groupId });
  const tracker = new ConsumerStatusTracker(options.groupId, options.topic);
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: Math.min(3000, Math.floor(options.sessionTimeoutMs / 3)),
    // Stopping waits for the fetch in flight: a short long-poll keeps shutdown under a second.
    maxWaitTimeInMs: options.fetchMaxWaitMs ?? 1000,
    minBytes: options.fetchMinBytes ?? 1,
  });
  tracker.follow(consumer);
  const { observer } = options;
  if (observer) {
    consumer.on(consumer.events.GROUP_JOIN, () => observer.joined());
    // kafkajs reports every batch, also those holding only transaction markers or aborted records.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
      observer.lag(payload.partition, Number(payload.offsetLag)),
    );
  }
  const handle = createOrderBatchHandler({
    ledger: options.ledger,
    deadLetters: options.deadLetters,
    ...(options.statuses && { statuses: options.statuses }),
    ...(options.cancels && { cancels: options.cancels }),
    tracker,
    logger: log,
    maxBackoffMs: options.maxBackoffMs,
    batchMax: options.batchMax ?? 500,
    observer,
  });
  const commitEveryMessages = options.commitEveryMessages ?? 100;
  const commitEveryMs = options.commitEveryMs ?? 1000;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;

  async function eachBatch(payload: EachBatchPayload) {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    let settledSinceCommit = 0;
    let lastCommit = Date.now();
    const commit = async () => {
      const offsets = payload.uncommittedOffsets();
      if (offsets.topics.length > 0) await payload.commitOffsetsIfNecessary(offsets);
      settledSinceCommit = 0;
      lastCommit = Date.now();
    };
    const shouldStop = () => !payload.isRunning() || payload.isStale();
    const controls: BatchControls = {
      shouldStop,
      async wait(ms) {
        // Sleep in slices so the group keeps us and a stop request is seen promptly.
        for (const until = Date.now() + ms; Date.now() < until && !shouldStop();) {
          await sleep(Math.min(500, until - Date.now()));
          await heartbeat();
        }
      },
      async settled(offset, count, deadLettered) {
        // Settled: its effect is committed in the database or acknowledged by the dead-letter topic.
        payload.resolveOffset(offset);
        settledSinceCommit += count;
        // A dead letter is committed at once, so a restart does not write it twice.
        if (deadLettered || settledSinceCommit >= commitEveryMessages || Date.now() - lastCommit >= commitEveryMs)
          await commit();
        await heartbeat();
      },
    };

    try {
      // A batch belongs to no one trace: each message's spans continue its own (message-trace.ts).
      await outsideAnyTrace(() => handle(batch.topic, batch.partition, batch.messages, controls));
    } catch (error) {
      // Keep what is settled, then let kafkajs rejoin (rebalance) or stop; the messages in hand stay unresolved.
      await commit().catch((commitError: unknown) =>
        log.warn({ err: commitError }, 'could not commit settled offsets'),
      );
      if (error instanceof RetryAborted) return;
      throw error;
    }
    await commit();
  }

  async function run() {
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionConcurrency,
      eachBatch,
    });
  }

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || stopping) return;
    // kafkajs gives up on errors it deems permanent; a catalog that silently stops following orders
    // is worse than another attempt, so we start over from the committed offsets.
    log.error({ err: payload.error }, 'consumer crashed; starting it again in 2 s');
    const restart = () => {
      restartTimer = setTimeout(() => {
        if (!stopping)
          run().catch(
            (error: unknown) => (log.error({ err: error }, 'consumer restart failed; trying again'), restart()),
          );
      }, 2000);
    };
    restart();
  });

  return {
    async start() {
      await run();
      log.info({ partitionConcurrency: options.partitionConcurrency }, 'consuming orders');
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      await consumer.disconnect();
      log.info('consumer stopped and left the group');
    },
    status: () => tracker.snapshot(),
  };
}
