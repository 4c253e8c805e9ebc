import { z } from 'zod';
import { connectKeys, databaseKeys, env, kafkaKeys, tracingKeys } from '@order-platform/service-kit/skeleton';

/**
 * The console's configuration; every key is an environment variable. Its own keys say CONSOLE_; the
 * platform's names (topics, databases, connector, catalog group, registry) are the shared keys, so the
 * console shows the very pipeline the services of the same `.env` (or test run) use.
 */
export const consoleConfigSchema = z.object({
  ...kafkaKeys,
  ...databaseKeys,
  ...connectKeys,
  CONSOLE_PORT: env.port(8002, "the console's own port; the gateway's internal port forwards / and /console/** to it"),
  CONSOLE_HOST: env.string('127.0.0.1', 'interface the console binds to (keep it internal)'),
  CONSOLE_TOKEN: env.string(
    '',
    'token the pause/resume/restart actions require once the console or the gateway internal port' +
      ' (REGISTRY_HOST) binds a non-loopback address; empty: the actions are then refused (403)',
  ),
  CONSOLE_REFRESH_MS: env.int(500, 'how often the console reads everything while a page is open', 100),
  CONSOLE_SOURCE_TIMEOUT_MS: env.int(800, 'how long one read (Kafka, Connect, a database, a /metrics) may take', 50),
  CONSOLE_ORDERS_LIMIT: env.int(10, 'how many of the latest orders the console shows', 1),
  CONSOLE_SHUTDOWN_TIMEOUT_MS: env.int(5000, 'how long a shutdown may take; then open streams are cut', 100),
  REGISTRY_HOST: env.string('127.0.0.1', 'interface the registry port binds to (keep it internal)'),
  REGISTRY_URL: env.string('http://127.0.0.1:8001', "the gateway's internal registry"),
  REGISTRY_HEARTBEAT_MS: env.int(1000, 'interval of the registration heartbeat', 100),
  CATALOG_GROUP_ID: env.string('catalog-service', 'consumer group of every catalog-service instance'),
  ...tracingKeys,
  LOG_LEVEL: env.logLevel(),
});

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;
