import type { Knex } from 'knex';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { connectDatabase, loadInfraConfig, type InfraConfig } from '../../src/index.js';

export interface SinkTestFixture {
  config: InfraConfig;
  kafka: Kafka;
  /** Set in beforeAll: an idempotent producer, an admin client and a handle on this run's orders database. */
  producer: Producer;
  admin: Admin;
  db: Knex;
}

/**
 * The set-up of the tests that drive the orders sink: this run's pipeline (global-setup.ts put its
 * names into the environment), connected in beforeAll and closed in afterAll. Read the clients
 * inside tests or hooks, not at module level: they exist once beforeAll has run.
 */
export function useSinkTestFixture(clientId: string): SinkTestFixture {
  const config = loadInfraConfig();
  const kafka = createKafka({ clientId, brokers: config.KAFKA_BROKERS, logger: createLogger('test', 'silent') });
  const fixture = { config, kafka } as SinkTestFixture;
  beforeAll(async () => {
    fixture.producer = kafka.producer({ idempotent: true });
    fixture.admin = kafka.admin();
    await Promise.all([fixture.producer.connect(), fixture.admin.connect()]);
    fixture.db = connectDatabase(config, config.ORDERS_DB);
  });
  afterAll(async () => {
    await Promise.all([fixture.producer.disconnect(), fixture.admin.disconnect(), fixture.db.destroy()]);
  });
  return fixture;
}
