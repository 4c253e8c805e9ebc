import type { Knex } from 'knex';
import { createMysql } from '@order-platform/service-kit';
import type { OrderServiceConfig } from '../config.js';

/** A knex pool on the orders database, read-only by use: only the sink connector writes it. */
export function createOrdersDatabase(config: OrderServiceConfig): Knex {
  return createMysql({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.ORDERS_DB,
    poolMax: 5,
    connectTimeoutMs: Math.min(config.DB_QUERY_TIMEOUT_MS, 5000),
    acquireTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
  });
}

/** A knex pool on order-service's own database (ORDER_SERVICE_DB): the idempotency keys. */
export function createOrderServiceDatabase(config: OrderServiceConfig): Knex {
  return createMysql({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.ORDER_SERVICE_DB,
    poolMax: 5,
    connectTimeoutMs: Math.min(config.DB_QUERY_TIMEOUT_MS, 5000),
    acquireTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
  });
}
