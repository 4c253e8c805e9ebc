import { z } from 'zod';
import {
  advertisedKeys,
  databaseKeys,
  env,
  kafkaKeys,
  registryAuthKeys,
  tracingKeys,
} from '@order-platform/service-kit/skeleton';

/**
 * catalog-service's whole configuration; every key is an environment variable. Its own keys say
 * CATALOG_ (one `.env` configures every process, and each service has a port of its own).
 */
export const catalogConfigSchema = z
  .object({
    ...kafkaKeys,
    ...databaseKeys,
    CATALOG_PORT: env.port(8090, 'HTTP port; 0 picks a free one (the real port is logged and registered)'),
    CATALOG_HOST: env.string(
      '127.0.0.1',
      'interface to listen on, also the host of the URL registered with the gateway' +
        ' unless CATALOG_ADVERTISED_HOST is set',
    ),
    ...advertisedKeys('CATALOG'),
    CATALOG_INSTANCE_ID: env.string('', 'instance name in the gateway registry; empty means catalog-service-{port}'),
    REGISTRY_URL: env.string('http://127.0.0.1:8001', "the gateway's internal registry"),
    REGISTRY_HEARTBEAT_MS: env.int(1000, 'interval of the registration heartbeat', 100),
    ...registryAuthKeys,
    CATALOG_GROUP_ID: env.string('catalog-service', 'consumer group of every catalog-service instance'),
    CATALOG_SESSION_TIMEOUT_MS: env.int(
      10000,
      "consumer group session timeout: how soon a dead instance's partitions move to the others",
      6000,
    ),
    CATALOG_PARTITION_CONCURRENCY: env.int(3, 'partitions one instance processes at the same time', 1),
    CATALOG_BATCH_MAX: env.int(500, 'most consecutive orders of a partition applied in one database transaction', 1),
    CATALOG_FETCH_MIN_BYTES: env.int(
      16384,
      'the broker holds a fetch until this much is there (or CATALOG_FETCH_MAX_WAIT_MS passed): under load, one' +
        ' transaction applies tens of orders instead of each fetch bringing two or three',
      1,
    ),
    CATALOG_FETCH_MAX_WAIT_MS: env.int(
      250,
      'longest wait of a fetch for CATALOG_FETCH_MIN_BYTES: the most the stock lags behind a quiet order flow, and' +
        ' about how long a stop waits for the fetch in flight',
      10,
    ),
    DB_POOL_MAX: env.int(6, 'connections in the database pool', 2),
    DB_LOCK_WAIT_TIMEOUT_S: env.int(
      5,
      'innodb_lock_wait_timeout of our sessions: a stuck row lock fails fast and is retried',
      1,
    ),
    DB_STATEMENT_TIMEOUT_MS: env.int(
      3000,
      'server-side limit of every statement (MariaDB max_statement_time; MySQL max_execution_time, SELECTs only),' +
        ' each query also times out client-side 1 s later; a timed-out statement is retried. Must stay under' +
        ' CATALOG_SESSION_TIMEOUT_MS: the consumer heartbeats only between database calls',
      100,
    ),
    RETRY_MAX_BACKOFF_MS: env.int(5000, 'ceiling of the backoff between retries of a transient failure', 10),
    CATALOG_SHUTDOWN_TIMEOUT_MS: env.int(
      15000,
      'how long a shutdown may take: the message in hand, the commit and the HTTP requests in flight; then it is cut',
      1000,
    ),
    ...tracingKeys,
    LOG_LEVEL: env.logLevel(),
  })
  .superRefine((config, ctx) => {
    // A statement (plus the client's margin) that outlasts the session would get the instance
    // thrown out of the group while it waits, and its partitions processed twice meanwhile.
    if (config.DB_STATEMENT_TIMEOUT_MS + 1000 >= config.CATALOG_SESSION_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['DB_STATEMENT_TIMEOUT_MS'],
        message: `must be at least 1000 ms under CATALOG_SESSION_TIMEOUT_MS (${config.CATALOG_SESSION_TIMEOUT_MS})`,
      });
    }
  });

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
