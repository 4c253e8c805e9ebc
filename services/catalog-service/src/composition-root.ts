import { createServer } from 'node:http';
import {
  advertisedUrl,
  closeGracefully,
  createKafka,
  createSerialSender,
  finishesWithin,
  listen,
  type Logger,
  type RunningService,
} from '@order-platform/service-kit';
import { createApp } from './app.js';
import type { CatalogConfig } from './config.js';
import { createCatalogRepository } from './data-access/catalog-repository.js';
import { createDatabase } from './data-access/database.js';
import { createDeadLetterPublisher } from './data-access/dead-letter-publisher.js';
import { migrateCatalogDb } from './data-access/migrate.js';
import { createCancelLedger } from './data-access/cancel-ledger.js';
import { createOrderStatusPublisher } from './data-access/order-status-publisher.js';
import { createStockLedger } from './data-access/stock-ledger.js';
import { createOrderConsumer, type OrderConsumer } from './entry-points/order-consumer.js';
import { createCatalogMetrics } from './metrics.js';
import { createReadinessCheck } from './readiness.js';

export interface RunningCatalogService extends RunningService {
  instanceId: string;
  consumer: OrderConsumer;
}

/**
 * catalog-service's composition root, used by main.ts (through runService) and by the tests:
 * migrates catalogdb, starts the consumer, listens. Its stop lets the consumer finish the message
 * in hand, commit and leave the group while HTTP answers what is in flight, all within
 * CATALOG_SHUTDOWN_TIMEOUT_MS (exit code 1 when that cut something off).
 */
export async function startCatalogService(config: CatalogConfig, logger: Logger): Promise<RunningCatalogService> {
  const db = createDatabase({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.CATALOG_DB,
    poolMax: config.DB_POOL_MAX,
    lockWaitTimeoutS: config.DB_LOCK_WAIT_TIMEOUT_S,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
  });
  // Closed last-opened first; the consumer and the server are stopped before these.
  const resources: Array<() => Promise<unknown>> = [() => db.destroy()];
  const closeResources = async () => {
    for (const close of resources.splice(0).reverse())
      await close().catch((error: unknown) => logger.warn({ err: error }, 'error while closing'));
  };
  let consumer: OrderConsumer | undefined;
  const metrics = createCatalogMetrics();
  try {
    await migrateCatalogDb(db, logger);
    const kafka = createKafka({ clientId: 'catalog-service', brokers: config.KAFKA_BROKERS, logger });
    const sender = createSerialSender(kafka, logger);
    resources.push(() => sender.close());
    const admin = kafka.admin();
    await admin.connect();
    resources.push(() => admin.disconnect());

    const ledger = createStockLedger(db, config.DB_STATEMENT_TIMEOUT_MS);
    const running = createOrderConsumer({
      kafka,
      topic: config.CATALOG_TOPIC,
      groupId: config.CATALOG_GROUP_ID,
      ledger,
      statuses: { publisher: createOrderStatusPublisher(sender, config.ORDER_STATUS_TOPIC), ledger },
      cancels: createCancelLedger(db, config.DB_STATEMENT_TIMEOUT_MS),
      deadLetters: createDeadLetterPublisher(sender, {
        topic: config.CATALOG_DLQ_TOPIC,
        groupId: config.CATALOG_GROUP_ID,
      }),
      logger,
      partitionConcurrency: config.CATALOG_PARTITION_CONCURRENCY,
      batchMax: config.CATALOG_BATCH_MAX,
      maxBackoffMs: config.RETRY_MAX_BACKOFF_MS,
      sessionTimeoutMs: config.CATALOG_SESSION_TIMEOUT_MS,
      fetchMinBytes: config.CATALOG_FETCH_MIN_BYTES,
      fetchMaxWaitMs: config.CATALOG_FETCH_MAX_WAIT_MS,
      observer: metrics.consumer,
    });
    consumer = running;
    await running.start();

    const catalog = createCatalogRepository(db, config.DB_STATEMENT_TIMEOUT_MS);
    const consumerStatus = () => running.status();
    let port = config.CATALOG_PORT;
    const server = createServer(
      createApp({
        catalog,
        readiness: createReadinessCheck({ catalog, consumerStatus, admin, logger }),
        port: () => port,
        logger,
        metrics: metrics.http,
      }),
    );
    port = await listen(server, config.CATALOG_PORT, config.CATALOG_HOST);

    let stopped: ReturnType<RunningService['stop']> | undefined;
    const stop = async () => {
      const timeoutMs = config.CATALOG_SHUTDOWN_TIMEOUT_MS;
      // Both at once: the consumer finishes its message while HTTP answers what is in flight.
      const [drained, consumerStopped] = await Promise.all([
        closeGracefully(server, timeoutMs),
        finishesWithin(running.stop(), timeoutMs),
      ]);
      await closeResources();
      return { exitCode: drained && consumerStopped ? 0 : 1, drained, consumerStopped };
    };
    return {
      port,
      url: advertisedUrl('CATALOG', config, port),
      instanceId: config.CATALOG_INSTANCE_ID || `catalog-service-${port}`,
      consumer: running,
      facts: { topic: config.CATALOG_TOPIC, groupId: config.CATALOG_GROUP_ID },
      stop: () => (stopped ??= stop()),
    };
  } catch (error) {
    await consumer?.stop().catch(() => undefined);
    await closeResources();
    throw error;
  }
}
