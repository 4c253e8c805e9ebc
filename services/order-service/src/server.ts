import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { advertisedUrl, createKafka, type Logger } from '@order-platform/shared';
import { createApp } from './app.js';
import type { OrderServiceConfig } from './config.js';
import { createOrdersDatabase } from './data-access/database.js';
import { OrderRepository } from './data-access/order-repository.js';
import { ReadinessProbe } from './data-access/readiness-probe.js';
import { TransactionalOrderPublisher, type PublisherOptions } from './data-access/transactional-order-publisher.js';
import { VisibilityWatcher } from './data-access/visibility-watcher.js';
import { placeOrderUseCase } from './domain/place-order.js';

export interface RunningOrderService {
  port: number;
  url: string;
  instanceId: string;
  publisher: TransactionalOrderPublisher;
  watcher: VisibilityWatcher;
  /** See shutdown() below; `clean` is false when requests had to be cut off at the timeout. */
  shutdown(): Promise<{ clean: boolean }>;
}

/**
 * Wires the real dependencies, listens (PORT=0 picks a free port: the instance id, the Kafka
 * transactional id and health_check use the real one) and returns the handle main.ts and the
 * tests stop it with.
 */
export async function startOrderService(
  config: OrderServiceConfig,
  logger: Logger,
  seams: Pick<PublisherOptions, 'beforeCommit'> = {},
): Promise<RunningOrderService> {
  const log = logger.child({ module: 'server' });
  let app: Express | undefined;
  const server = http.createServer((req, res) => (app ? app(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const instanceId = config.INSTANCE_ID || `${config.HOST}-${port}`;

  const db = createOrdersDatabase(config);
  const repository = new OrderRepository(db, config.DB_QUERY_TIMEOUT_MS);
  const kafka = createKafka({
    clientId: `order-service-${instanceId}`,
    brokers: config.KAFKA_BROKERS,
    logger,
    requestTimeout: config.KAFKA_REQUEST_TIMEOUT_MS,
    retry: { retries: config.KAFKA_RETRIES, initialRetryTime: config.KAFKA_RETRY_INITIAL_MS },
  });
  const publisher = new TransactionalOrderPublisher({
    kafka,
    transactionalId: `order-service-${instanceId}`,
    ordersTopic: config.ORDERS_TOPIC,
    catalogTopic: config.CATALOG_TOPIC,
    maxBatchSize: config.PUBLISH_MAX_BATCH,
    lingerMs: config.PUBLISH_LINGER_MS,
    requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS,
    transactionTimeoutMs: config.KAFKA_TRANSACTION_TIMEOUT_MS,
    logger,
    ...seams,
  });
  const watcher = new VisibilityWatcher((ids) => repository.findExisting(ids), { pollMs: config.VISIBILITY_POLL_MS, logger });
  const probe = new ReadinessProbe(kafka, () => repository.ping(), 2000);
  let closing = false;
  app = createApp({
    port,
    logger,
    placeOrder: placeOrderUseCase({ publisher, visibility: watcher, visibilityWaitMs: config.VISIBILITY_WAIT_MS }),
    orders: repository,
    readiness: probe,
    closing: () => closing,
  });
  publisher.warmUp().catch((error: unknown) => log.warn({ err: error }, 'Kafka is not reachable yet; orders get 503 until it is'));

  /**
   * Shutdown, in this order: stop taking connections (ready says 503, answers carry
   * `Connection: close`); every request already in flight gets its answer: its order is still
   * published (the publisher stays open until the last connection closed) and its visibility wait
   * ends at the watcher's next poll, so it is answered 201 if the sink already wrote it, 202
   * (durable, the sink will write it) otherwise, or 503 if Kafka failed it. Only then the
   * producer and the database are closed. An order answered before the process exits is exactly
   * as safe as at any other time; an order whose commit answer was lost (in doubt, see the
   * publisher) holds the shutdown up to SHUTDOWN_TIMEOUT_MS, after which it is logged with all
   * its fields, its connection is closed unanswered and `clean` is false.
   */
  let stopping: Promise<{ clean: boolean }> | undefined;
  const shutdown = async (): Promise<{ clean: boolean }> => {
    closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const idleSweeper = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    watcher.finish();
    let timer: NodeJS.Timeout | undefined;
    const clean = await Promise.race([
      closed.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), config.SHUTDOWN_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    clearInterval(idleSweeper);
    if (!clean) {
      for (const order of publisher.inDoubtOrders()) {
        log.error({ order }, 'stopping with this order in doubt: its commit answer was lost; check the orders topic and re-publish it if missing');
      }
      server.closeAllConnections();
      await closed;
    }
    await publisher.close({ abandon: !clean });
    await probe.close();
    await db.destroy();
    log.info({ clean }, 'order-service stopped');
    return { clean };
  };

  log.info({ port, instanceId }, 'order-service listening');
  return {
    port,
    url: advertisedUrl(config, port),
    instanceId,
    publisher,
    watcher,
    shutdown: () => (stopping ??= shutdown()),
  };
}
