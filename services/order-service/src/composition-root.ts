import http from 'node:http';
import type { Express } from 'express';
import { advertisedUrl, createKafka, listen, type Logger, type RunningService } from '@order-platform/service-kit';
import { createApp } from './app.js';
import type { OrderServiceConfig } from './config.js';
import { createOrderServiceDatabase, createOrdersDatabase } from './data-access/database.js';
import { IdempotencyKeyStore } from './data-access/idempotency-key-store.js';
import { KafkaCancelPublisher } from './data-access/cancel-publisher.js';
import { cancelOrderUseCase } from './domain/cancel-order.js';
import { OrderRepository } from './data-access/order-repository.js';
import { ReadinessProbe } from './data-access/readiness-probe.js';
import { TransactionalOrderPublisher, type PublisherOptions } from './data-access/transactional-order-publisher.js';
import { VisibilityWatcher } from './data-access/visibility-watcher.js';
import { placeOrderUseCase } from './domain/place-order.js';
import { createOrderServiceMetrics } from './metrics.js';
import {
  EXIT_IN_DOUBT,
  logOrdersInDoubt,
  shutDownOrderService,
  type OrderServiceStopResult,
} from './graceful-shutdown.js';
import { defaultInstanceId, transactionalIdOf } from './instance-id.js';

export interface RunningOrderService extends RunningService {
  instanceId: string;
  publisher: TransactionalOrderPublisher;
  watcher: VisibilityWatcher;
  /** Exit code 0 clean, 1 cut off by the deadline, 3 with orders in doubt (graceful-shutdown.ts). */
  stop(): Promise<OrderServiceStopResult>;
}

/**
 * order-service's composition root, used by main.ts (through runService) and by the tests: wires
 * the real dependencies and listens. ORDER_PORT=0 picks a free port; the instance id, the Kafka
 * transactional id and health_check use the real one, so it listens before the rest is built.
 */
export async function startOrderService(
  config: OrderServiceConfig,
  logger: Logger,
  seams: Pick<PublisherOptions, 'beforeCommit'> = {},
): Promise<RunningOrderService> {
  const log = logger.child({ module: 'composition-root' });
  const metrics = createOrderServiceMetrics();
  const routes: { app?: Express } = {};
  const server = http.createServer((req, res) => {
    if (routes.app) routes.app(req, res);
    else res.writeHead(503).end();
  });
  const port = await listen(server, config.ORDER_PORT, config.ORDER_HOST);
  const instanceId = config.ORDER_INSTANCE_ID || defaultInstanceId(port);

  const db = createOrdersDatabase(config);
  const repository = new OrderRepository(db, config.DB_QUERY_TIMEOUT_MS);
  const ownDb = createOrderServiceDatabase(config);
  const kafka = createKafka({
    clientId: `order-service-${instanceId}`,
    brokers: config.KAFKA_BROKERS,
    logger,
    requestTimeout: config.KAFKA_REQUEST_TIMEOUT_MS,
    retry: { retries: config.KAFKA_RETRIES, initialRetryTime: config.KAFKA_RETRY_INITIAL_MS },
  });
  const publisher = new TransactionalOrderPublisher({
    kafka,
    transactionalId: transactionalIdOf(config.ORDERS_TOPIC, instanceId),
    ordersTopic: config.ORDERS_TOPIC,
    catalogTopic: config.CATALOG_TOPIC,
    maxBatchSize: config.PUBLISH_MAX_BATCH,
    lingerMs: config.PUBLISH_LINGER_MS,
    requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS,
    transactionTimeoutMs: config.KAFKA_TRANSACTION_TIMEOUT_MS,
    logger,
    observer: metrics.transactions,
    ...seams,
  });
  metrics.countInDoubt(() => publisher.inDoubtOrders().length);
  const cancels = new KafkaCancelPublisher(kafka, config.CATALOG_TOPIC, logger);
  const watcher = new VisibilityWatcher((ids) => repository.findExisting(ids), {
    pollMs: config.VISIBILITY_POLL_MS,
    logger,
  });
  const probe = new ReadinessProbe(kafka, () => repository.ping(), 2000);
  let closing = false;
  routes.app = createApp({
    port,
    logger,
    placeOrder: placeOrderUseCase({
      publisher,
      visibility: watcher,
      visibilityWaitMs: config.VISIBILITY_WAIT_MS,
      keys: new IdempotencyKeyStore(ownDb, config.DB_QUERY_TIMEOUT_MS),
      observer: metrics.placement,
    }),
    cancelOrder: cancelOrderUseCase({
      orders: repository,
      cancels,
      waitMs: config.VISIBILITY_WAIT_MS,
      pollMs: Math.max(config.VISIBILITY_POLL_MS, 20),
    }),
    orders: repository,
    readiness: probe,
    closing: () => closing,
    metrics: metrics.http,
  });
  publisher
    .warmUp()
    .catch((error: unknown) => log.warn({ err: error }, 'Kafka is not reachable yet; orders get 503 until it is'));

  let stopped: Promise<OrderServiceStopResult> | undefined;
  const stop = () => {
    closing = true;
    return shutDownOrderService({
      server,
      publisher,
      watcher,
      probe,
      db,
      timeoutMs: config.ORDER_SHUTDOWN_TIMEOUT_MS,
      log,
    }).finally(() => Promise.all([ownDb.destroy(), cancels.close().catch(() => undefined)]));
  };
  return {
    port,
    url: advertisedUrl('ORDER', config, port),
    instanceId,
    publisher,
    watcher,
    stop: () => (stopped ??= stop()),
    abandon: () => (logOrdersInDoubt(publisher, log) > 0 ? EXIT_IN_DOUBT : 1),
  };
}
