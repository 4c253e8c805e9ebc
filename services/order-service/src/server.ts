import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Express } from 'express';
import { advertisedUrl, createKafka, type Logger } from '@order-platform/service-kit';
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
  /**
   * See shutdown() below; `clean` is false when the deadline cut requests or publishing off,
   * `inDoubt` counts the orders logged as in doubt then.
   */
  shutdown(): Promise<ShutdownResult>;
}

/** The error line of each order still in doubt when the process stops: nobody else will ever know of it. */
export const IN_DOUBT_MESSAGE =
  'stopping with this order in doubt: its commit answer was lost; check the orders topic and re-publish it if missing';

export interface ShutdownResult {
  clean: boolean;
  inDoubt: number;
}

/**
 * The instance id when INSTANCE_ID is empty (started by hand): unique across hosts (HOST is
 * 127.0.0.1 on every one of them, the hostname is not) and stable across restarts on the same
 * port, but not across a restart on another port. The launcher always sets a slot id instead.
 */
export function defaultInstanceId(port: number, hostname = os.hostname()): string {
  const host = hostname.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 80) || 'host';
  return `${host}-${port}`;
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
  const instanceId = config.INSTANCE_ID || defaultInstanceId(port);

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
    transactionalId: transactionalIdOf(config.ORDERS_TOPIC, instanceId),
    ordersTopic: config.ORDERS_TOPIC,
    catalogTopic: config.CATALOG_TOPIC,
    maxBatchSize: config.PUBLISH_MAX_BATCH,
    lingerMs: config.PUBLISH_LINGER_MS,
    requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS,
    transactionTimeoutMs: config.KAFKA_TRANSACTION_TIMEOUT_MS,
    logger,
    ...seams,
  });
  const watcher = new VisibilityWatcher((ids) => repository.findExisting(ids), {
    pollMs: config.VISIBILITY_POLL_MS,
    logger,
  });
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
  publisher
    .warmUp()
    .catch((error: unknown) => log.warn({ err: error }, 'Kafka is not reachable yet; orders get 503 until it is'));

  /**
   * Shutdown, in this order, all within SHUTDOWN_TIMEOUT_MS: stop taking connections (ready says
   * 503, answers carry `Connection: close`); every request already in flight gets its answer: its
   * order is still published and its visibility wait ends at the watcher's next poll, so it is
   * answered 201 if the sink already wrote it, 202 (durable) otherwise, or 503 if Kafka failed it.
   * Then the publisher drains: orders whose request is gone (client or gateway timeout) are still
   * queued, and orders in doubt (a lost commit answer) are re-published until one commits. Only
   * then the producer and the database are closed. At the deadline, orders still in doubt are
   * logged with all their fields (nobody else will ever know them), connections are closed
   * unanswered, and nothing more is published.
   */
  let stopping: Promise<ShutdownResult> | undefined;
  const shutdown = async (): Promise<ShutdownResult> => {
    closing = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), config.SHUTDOWN_TIMEOUT_MS);
    });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const idleSweeper = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    watcher.finish();
    const answered = await Promise.race([closed.then(() => true), deadline]);
    const clean = answered && (await Promise.race([publisher.drain().then(() => true), deadline]));
    clearTimeout(timer);
    clearInterval(idleSweeper);
    const inDoubt = clean ? [] : publisher.inDoubtOrders();
    for (const order of inDoubt) log.error({ order }, IN_DOUBT_MESSAGE);
    if (!clean) server.closeAllConnections();
    await publisher.close({ abandon: !clean });
    await closed;
    await probe.close();
    await db.destroy();
    log.info({ clean, inDoubt: inDoubt.length }, 'order-service stopped');
    return { clean, inDoubt: inDoubt.length };
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

/**
 * Transactional ids are global to a Kafka cluster, and every platform on one broker (a user's
 * `pnpm start`, a test run's, the bench's) has an `order-1`: the orders topic, which each
 * platform has of its own, scopes the slot id, or one platform's instance would fence another's.
 */
export function transactionalIdOf(ordersTopic: string, instanceId: string): string {
  return `order-service-${ordersTopic}-${instanceId}`;
}
