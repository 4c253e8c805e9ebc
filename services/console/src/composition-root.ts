import { createServer } from 'node:http';
import {
  closeGracefully,
  createKafka,
  createMysql,
  createServiceMetrics,
  listen,
  type Logger,
  type RunningService,
} from '@order-platform/service-kit';
import { createConsoleApp } from './app.js';
import type { ConsoleConfig } from './config.js';
import { createConnectSource } from './data-access/connect-source.js';
import { createDatabaseSource } from './data-access/database-source.js';
import { createKafkaSource } from './data-access/kafka-source.js';
import { createRegistrySource } from './data-access/registry-source.js';
import { createZipkinSource } from './data-access/zipkin-source.js';
import { actionPolicy } from './domain/action-guard.js';
import { createSnapshotCollector } from './domain/collect-snapshot.js';
import { ConsoleMonitor } from './domain/console-monitor.js';
import { eventStream } from './entry-points/event-stream.js';
import { renderSections } from './entry-points/view/page-view.js';

/** Zipkin's UI, when the services send their spans there (the orders then link to their traces). */
function zipkinUiOf(config: ConsoleConfig): string | undefined {
  if (config.OTEL_SDK_DISABLED || config.OTEL_TRACES_EXPORTER !== 'zipkin') return undefined;
  return config.OTEL_EXPORTER_ZIPKIN_ENDPOINT.replace(/\/api\/v2\/spans\/?$/, '') || config.ZIPKIN_URL;
}

/**
 * The console's composition root, used by main.ts (through runService) and by the tests: the
 * sources (registry and /metrics, Kafka admin, Connect, the two databases, Zipkin), the monitor that
 * reads them while a page watches, and the app. Nothing connects before the first read: the console
 * starts (and serves its page, saying what is unavailable) whatever is down.
 */
export async function startConsole(config: ConsoleConfig, logger: Logger): Promise<RunningService> {
  const timeoutMs = config.CONSOLE_SOURCE_TIMEOUT_MS;
  const db = createMysql({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    poolMax: 2,
    connectTimeoutMs: timeoutMs,
    acquireTimeoutMs: timeoutMs,
    statementTimeoutMs: timeoutMs,
    // A database that is down is said on the page, every refresh; the log keeps it at debug.
    log: {
      warn: (message) => logger.debug({ module: 'knex' }, message),
      error: (message) => logger.debug({ module: 'knex' }, message),
      debug: (message) => logger.debug({ module: 'knex' }, message),
    },
  });
  const kafka = createKafka({
    clientId: 'console',
    brokers: config.KAFKA_BROKERS,
    logger,
    connectionTimeout: timeoutMs,
    requestTimeout: 5000,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
  });
  const kafkaSource = createKafkaSource(kafka, {
    topics: [config.ORDERS_TOPIC, config.CATALOG_TOPIC, config.ORDERS_DLQ_TOPIC, config.CATALOG_DLQ_TOPIC],
    groups: [
      { groupId: `connect-${config.ORDERS_SINK_CONNECTOR}`, topic: config.ORDERS_TOPIC },
      { groupId: config.CATALOG_GROUP_ID, topic: config.CATALOG_TOPIC },
    ],
  });
  const connect = createConnectSource(config.CONNECT_URL, timeoutMs);
  const zipkinUrl = zipkinUiOf(config);
  const collect = createSnapshotCollector(
    {
      ...createRegistrySource(config.REGISTRY_URL, timeoutMs),
      ...createDatabaseSource(db, {
        ordersDb: config.ORDERS_DB,
        catalogDb: config.CATALOG_DB,
        ordersLimit: config.CONSOLE_ORDERS_LIMIT,
      }),
      kafka: () => kafkaSource.kafka(),
      connectors: () => connect.connectors(),
      traceOf: zipkinUrl ? createZipkinSource(zipkinUrl, timeoutMs) : async () => undefined,
    },
    { timeoutMs, staleAfterMs: 2 * config.REGISTRY_HEARTBEAT_MS, zipkinUrl },
  );
  const monitor = new ConsoleMonitor(collect, config.CONSOLE_REFRESH_MS);
  const policy = actionPolicy({ boundHosts: [config.CONSOLE_HOST, config.REGISTRY_HOST], token: config.CONSOLE_TOKEN });
  if (policy.tokenRequired && !policy.token)
    logger.warn('the console is reachable from other hosts and CONSOLE_TOKEN is empty: its actions are refused');
  const events = eventStream(monitor, (snapshot) => renderSections(snapshot, config.ORDERS_SINK_CONNECTOR));
  const page = { platformSink: config.ORDERS_SINK_CONNECTOR, tokenRequired: policy.tokenRequired };
  const metrics = createServiceMetrics();
  const app = createConsoleApp({
    monitor,
    page,
    policy,
    control: connect.control,
    events: events.handler,
    logger,
    metrics,
  });
  const server = createServer(app);
  const release = async () => {
    monitor.stop();
    await kafkaSource.close().catch((error: unknown) => logger.warn({ err: error }, 'error while closing Kafka'));
    await db.destroy();
  };
  let port: number;
  try {
    port = await listen(server, config.CONSOLE_PORT, config.CONSOLE_HOST);
  } catch (error) {
    await release();
    throw error;
  }

  let stopped: ReturnType<RunningService['stop']> | undefined;
  const stop = async () => {
    monitor.stop();
    events.closeAll();
    const drained = await closeGracefully(server, config.CONSOLE_SHUTDOWN_TIMEOUT_MS);
    await release();
    return { exitCode: drained ? 0 : 1, drained };
  };
  return {
    port,
    url: `http://${config.CONSOLE_HOST}:${port}`,
    facts: { registryUrl: config.REGISTRY_URL, tokenRequired: policy.tokenRequired, zipkinUrl },
    stop: () => (stopped ??= stop()),
  };
}
