import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { Partitioners } from 'kafkajs';
import { createKafka, type Logger } from '@order-platform/service-kit';
import { createApp } from './app.js';
import type { CatalogConfig } from './config.js';
import { createCatalogRepository } from './data-access/catalog-repository.js';
import { createDatabase } from './data-access/database.js';
import { createDeadLetterPublisher } from './data-access/dead-letter-publisher.js';
import { migrateCatalogDb } from './data-access/migrate.js';
import { createStockLedger } from './data-access/stock-ledger.js';
import { createOrderConsumer, type OrderConsumer } from './entry-points/order-consumer.js';
import { createReadinessCheck } from './readiness.js';

export interface RunningCatalogService {
  port: number;
  consumer: OrderConsumer;
  /** Stops taking work: the consumer finishes the message in hand, commits and leaves; HTTP drains. */
  stop(): Promise<void>;
}

/** Wires the real dependencies: migrates catalogdb, starts the consumer, listens. */
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
  try {
    await migrateCatalogDb(db, logger);

    const kafka = createKafka({ clientId: 'catalog-service', brokers: config.KAFKA_BROKERS, logger });
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    resources.push(() => producer.disconnect());
    const admin = kafka.admin();
    await admin.connect();
    resources.push(() => admin.disconnect());

    consumer = createOrderConsumer({
      kafka,
      topic: config.CATALOG_TOPIC,
      groupId: config.CATALOG_GROUP_ID,
      ledger: createStockLedger(db, config.DB_STATEMENT_TIMEOUT_MS),
      deadLetters: createDeadLetterPublisher(producer, {
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
    });
    await consumer.start();

    const catalog = createCatalogRepository(db, config.DB_STATEMENT_TIMEOUT_MS);
    let port = config.PORT;
    const app = createApp({
      catalog,
      readiness: createReadinessCheck({ catalog, consumerStatus: consumer.status, admin, logger }),
      port: () => port,
      logger,
    });
    const server = createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => (server.off('error', reject), resolve()));
    });
    port = (server.address() as AddressInfo).port;

    const running = consumer;
    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        // Both at once: the consumer finishes its message while HTTP answers what is in flight.
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.all([running.stop(), drained]);
        await closeResources();
      })());
    return { port, consumer: running, stop };
  } catch (error) {
    await consumer?.stop().catch(() => undefined);
    await closeResources();
    throw error;
  }
}
