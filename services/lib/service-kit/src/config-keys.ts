import { env } from './config.js';

/**
 * Keys that mean the same thing to every package (infra tooling, services, tests). Each package's
 * schema spreads the ones it uses, so one `.env` configures the whole system.
 */
export const kafkaKeys = {
  KAFKA_BROKERS: env.list('127.0.0.1:9092', 'Kafka bootstrap servers, comma-separated (never the controller port)'),
  ORDERS_TOPIC: env.string('orders', 'topic the JDBC sink persists into the orders table (schema+payload JSON)'),
  CATALOG_TOPIC: env.string('example-catalog-topic', 'topic catalog-service consumes (plain JSON orders)'),
  ORDERS_DLQ_TOPIC: env.string('orders.dlq', 'dead-letter topic of the orders sink connector'),
  CATALOG_DLQ_TOPIC: env.string(
    'example-catalog-topic.dlq',
    "dead-letter topic of catalog-service's consumer (messages that cannot be applied)",
  ),
  ORDER_STATUS_TOPIC: env.string(
    'order-status',
    "catalog-service's outcome of each order (schema+payload JSON, keyed by order id), sunk into mydb.order_status",
  ),
};

export const databaseKeys = {
  DB_HOST: env.string('127.0.0.1', 'MySQL/MariaDB host'),
  DB_PORT: env.port(3306, 'MySQL/MariaDB port'),
  DB_USER: env.string('root', 'MySQL/MariaDB user'),
  DB_PASSWORD: env.string('', 'MySQL/MariaDB password (never logged)'),
  ORDERS_DB: env.string('mydb', 'database of the shared orders table, written only by the sink connector'),
  CATALOG_DB: env.string('catalogdb', "catalog-service's own database"),
  ORDER_SERVICE_DB: env.string(
    'orderdb',
    "order-service's own database: the Idempotency-Key of each POST and its order (it never writes ORDERS_DB)",
  ),
};

export const connectKeys = {
  CONNECT_URL: env.string('http://127.0.0.1:8083', 'Kafka Connect REST API'),
  ORDERS_SINK_CONNECTOR: env.string('my-order-sink-connect', 'name of the JDBC sink connector of the orders topic'),
  ORDER_STATUS_SINK_CONNECTOR: env.string(
    'my-order-status-sink-connect',
    'name of the JDBC sink connector of ORDER_STATUS_TOPIC (writes mydb.order_status)',
  ),
};

/**
 * The registry's one credential, shared by the gateway (which checks it) and every instance (which sends it as
 * a bearer token on PUT and DELETE /registry/...; docs/design.md §4).
 */
export const registryAuthKeys = {
  REGISTRY_SECRET: env.string(
    '',
    "shared secret instances send to the gateway's registry as a bearer token (never logged); empty: no check," +
      ' which the gateway allows only while REGISTRY_HOST is a loopback address',
  ),
};
