import type { Knex } from 'knex';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { createKafka, createLogger } from '@order-platform/service-kit';
import {
  connectDatabase,
  dropPipeline,
  loadInfraConfig,
  pipelineEnv,
  silentProgress,
  up,
  type InfraConfig,
} from '../../src/index.js';

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
 * With `ownPipeline` (a prefix), the file gets a pipeline of its own instead, made in beforeAll and
 * dropped in afterAll: for a test whose checks another file's leftovers on the run's topics would upset.
 */
export function useSinkTestFixture(clientId: string, options: { ownPipeline?: string } = {}): SinkTestFixture {
  const { ownPipeline } = options;
  const config = ownPipeline ? loadInfraConfig({ ...process.env, ...pipelineEnv(ownPipeline) }) : loadInfraConfig();
  const kafka = createKafka({ clientId, brokers: config.KAFKA_BROKERS, logger: createLogger('test', 'silent') });
  const fixture = { config, kafka } as SinkTestFixture;
  beforeAll(async () => {
    if (ownPipeline) await up(config, silentProgress);
    fixture.producer = kafka.producer({ idempotent: true });
    fixture.admin = kafka.admin();
    await Promise.all([fixture.producer.connect(), fixture.admin.connect()]);
    fixture.db = connectDatabase(config, config.ORDERS_DB);
  });
  afterAll(async () => {
    await Promise.all([fixture.producer.disconnect(), fixture.admin.disconnect(), fixture.db.destroy()]);
    if (ownPipeline) await dropPipeline(config, pipelineEnv(ownPipeline).CATALOG_GROUP_ID);
  });
  return fixture;
}
