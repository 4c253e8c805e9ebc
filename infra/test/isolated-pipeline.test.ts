import { describe, expect, it } from 'vitest';
import { ConnectClient } from '../src/connect-client.js';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { loadInfraConfig } from '../src/index.js';

/**
 * The rule of the README's "Tests" section: an integration run works on a pipeline of its own,
 * never on the platform's topics, connector and databases (a user may run `pnpm start` beside it).
 */
describe('the integration run', () => {
  const config = loadInfraConfig();
  const defaults = loadInfraConfig({});

  it("when a test reads the configuration, then every pipeline name is the run's own, not the platform's", () => {
    for (const key of [
      'ORDERS_TOPIC',
      'ORDERS_DLQ_TOPIC',
      'CATALOG_TOPIC',
      'CATALOG_DLQ_TOPIC',
      'ORDERS_DB',
      'CATALOG_DB',
      'ORDERS_SINK_CONNECTOR',
    ] as const) {
      expect(config[key], key).not.toBe(defaults[key]);
      expect(config[key], key).toMatch(/^t[a-z0-9]+[-_]/);
    }
    expect(process.env.CATALOG_GROUP_ID).toMatch(/^t[a-z0-9]+-catalog-service$/);
  });

  it('when the run started, then its topics and its sink connector exist and the connector runs', async () => {
    const admin = createKafka({
      clientId: 'pipeline-test',
      brokers: config.KAFKA_BROKERS,
      logger: createLogger('test', 'silent'),
    }).admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      expect(topics).toEqual(
        expect.arrayContaining([
          config.ORDERS_TOPIC,
          config.CATALOG_TOPIC,
          config.ORDERS_DLQ_TOPIC,
          config.CATALOG_DLQ_TOPIC,
        ]),
      );
    } finally {
      await admin.disconnect();
    }
    const status = await new ConnectClient(config.CONNECT_URL).status(config.ORDERS_SINK_CONNECTOR);
    expect(status.connector.state).toBe('RUNNING');
    expect((await new ConnectClient(config.CONNECT_URL).getConfig(config.ORDERS_SINK_CONNECTOR)).topics).toBe(
      config.ORDERS_TOPIC,
    );
  });
});
