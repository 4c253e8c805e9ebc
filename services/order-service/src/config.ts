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
 * Every key of order-service, with its default and why it exists; parsed once in main.ts. Its own
 * keys say ORDER_ (one `.env` configures every process, and each service has a port of its own).
 */
export const orderServiceConfigSchema = z.object({
  ...kafkaKeys,
  ...databaseKeys,
  ORDER_PORT: env.port(8081, 'HTTP port; 0 picks a free port (health_check and the registry get the real one)'),
  ORDER_HOST: env.string(
    '127.0.0.1',
    'interface to listen on, also the host of the URL registered with the gateway unless ORDER_ADVERTISED_HOST is set',
  ),
  ...advertisedKeys('ORDER'),
  ORDER_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:@-]{0,100}$/, 'letters, digits and . _ : @ - only, at most 100')
    .default('')
    .describe(
      "stable name of the instance's slot (pnpm start gives order-1, order-2, ...); the Kafka transactional id is" +
        ' order-service-{ORDERS_TOPIC}-{ORDER_INSTANCE_ID} (the topic keeps platforms that share a broker apart),' +
        ' so an instance restarted with the same id (on any port) fences the transaction its killed predecessor' +
        ' left open at once. Empty: "{hostname}-{port}", unique across hosts but tied to the port: a restart on' +
        ' another port cannot fence, and read_committed readers then wait up to KAFKA_TRANSACTION_TIMEOUT_MS.' +
        ' Two live instances must never share an id (the gateway refuses the second)',
    ),
  REGISTRY_URL: env.string(
    'http://127.0.0.1:8001',
    "the gateway's internal registry (order-service runs fine without it)",
  ),
  REGISTRY_HEARTBEAT_MS: env.int(1000, 'how often the instance re-registers with the gateway', 100),
  ...registryAuthKeys,
  VISIBILITY_WAIT_MS: env.int(
    3000,
    'how long a POST waits for its order to be in mydb.orders before answering 202 instead of 201',
  ),
  VISIBILITY_POLL_MS: env.int(
    10,
    'interval of the one query per instance that looks for the orders being waited for (only while some wait); the' +
      ' sink writes an order about 10 ms after its commit, so a longer interval is mostly waiting',
    5,
  ),
  PUBLISH_MAX_BATCH: env.int(500, 'most orders published in one Kafka transaction', 1),
  PUBLISH_LINGER_MS: env.int(
    10,
    'under a steady flow (the previous transaction ended less than this ago) a transaction first waits this long for' +
      ' more orders; after a quiet spell it starts at once. 0: never wait. A Kafka transaction costs the broker ~4-6' +
      ' ms of CPU here, whatever its size',
    0,
  ),
  KAFKA_REQUEST_TIMEOUT_MS: env.int(
    3000,
    'kafkajs request timeout; a broker that stops answering fails a POST (503) within (KAFKA_RETRIES + 1) times' +
      " this, which must stay under the gateway's UPSTREAM_TIMEOUT_MS (30 s)",
    100,
  ),
  KAFKA_RETRIES: env.int(
    5,
    'kafkajs retries of a failed request before a batch fails with 503. With the 20 ms first backoff, 5 retries wait' +
      ' ~0.6 s in all: enough for the CONCURRENT_TRANSACTIONS the coordinator answers while it completes the previous' +
      ' commit under load (2 retries, ~60 ms, turned healthy orders into 503s under load)',
  ),
  KAFKA_RETRY_INITIAL_MS: env.int(
    20,
    'backoff before the first kafkajs retry (doubling after). Right after each commit the coordinator answers the' +
      ' next transaction CONCURRENT_TRANSACTIONS for a few ms; kafkajs waited its default 300 ms then',
    1,
  ),
  KAFKA_TRANSACTION_TIMEOUT_MS: env.int(
    60000,
    'after this the coordinator aborts a transaction whose producer vanished',
    1000,
  ),
  DB_QUERY_TIMEOUT_MS: env.int(5000, 'timeout of every query of order-service', 100),
  ORDER_SHUTDOWN_TIMEOUT_MS: env.int(
    15000,
    'on SIGTERM, how long the shutdown may take, in-flight requests and the publishing of queued orders' +
      ' included; orders still in doubt then are logged at error level and the exit code is 3',
    100,
  ),
  ...tracingKeys,
  LOG_LEVEL: env.logLevel(),
});

export type OrderServiceConfig = z.infer<typeof orderServiceConfigSchema>;
