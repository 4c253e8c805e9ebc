import { ConnectClient, ConnectError } from './connect-client.js';
import { dropDatabases } from './databases.js';
import type { InfraConfig } from './infra-config.js';
import { withAdmin } from './topics.js';

/**
 * A pipeline is the platform's data path under names of its own: the orders and catalog topics
 * with their dead-letter topics, the orders, catalog and order-service databases, the sink connector and
 * catalog-service's consumer group. `infra:up` with these names (as environment) creates one on
 * the running broker and worker beside the platform's own, so a test run or a drill never
 * touches the topics, connector or databases of a platform that a user runs on the defaults.
 */
export type PipelineEnv = Record<
  | 'ORDERS_TOPIC'
  | 'ORDERS_DLQ_TOPIC'
  | 'CATALOG_TOPIC'
  | 'CATALOG_DLQ_TOPIC'
  | 'ORDERS_DB'
  | 'CATALOG_DB'
  | 'ORDER_SERVICE_DB'
  | 'ORDERS_SINK_CONNECTOR'
  | 'ORDER_STATUS_TOPIC'
  | 'ORDER_STATUS_SINK_CONNECTOR'
  | 'CATALOG_GROUP_ID',
  string
>;

export function pipelineEnv(prefix: string): PipelineEnv {
  if (!/^[a-z][a-z0-9]{0,30}$/.test(prefix))
    throw new Error(`a pipeline prefix is lowercase letters and digits, not ${JSON.stringify(prefix)}`);
  return {
    ORDERS_TOPIC: `${prefix}-orders`,
    ORDERS_DLQ_TOPIC: `${prefix}-orders.dlq`,
    CATALOG_TOPIC: `${prefix}-catalog`,
    CATALOG_DLQ_TOPIC: `${prefix}-catalog.dlq`,
    ORDERS_DB: `${prefix}_mydb`,
    CATALOG_DB: `${prefix}_catalogdb`,
    ORDER_SERVICE_DB: `${prefix}_orderdb`,
    ORDERS_SINK_CONNECTOR: `${prefix}-order-sink`,
    ORDER_STATUS_TOPIC: `${prefix}-order-status`,
    ORDER_STATUS_SINK_CONNECTOR: `${prefix}-order-status-sink`,
    CATALOG_GROUP_ID: `${prefix}-catalog-service`,
  };
}

/** Removes what `up` created for a pipeline: connector, topics, consumer groups and databases. */
export async function dropPipeline(config: InfraConfig, catalogGroupId: string): Promise<void> {
  for (const connector of [config.ORDERS_SINK_CONNECTOR, config.ORDER_STATUS_SINK_CONNECTOR]) {
    try {
      await new ConnectClient(config.CONNECT_URL).remove(connector);
    } catch (error) {
      if (!(error instanceof ConnectError && error.status === 404)) throw error;
    }
  }
  await withAdmin(config, 'infra-pipeline', async (admin) => {
    const existing = new Set(await admin.listTopics());
    const topics = [
      config.ORDERS_TOPIC,
      config.ORDERS_DLQ_TOPIC,
      config.CATALOG_TOPIC,
      config.CATALOG_DLQ_TOPIC,
      config.ORDER_STATUS_TOPIC,
    ];
    await admin.deleteTopics({ topics: topics.filter((topic) => existing.has(topic)) });
    // A group that never committed or is still being left is not there to delete: nothing to do.
    const groups = [config.ORDERS_SINK_CONNECTOR, config.ORDER_STATUS_SINK_CONNECTOR].map((name) => `connect-${name}`);
    await admin.deleteGroups([...groups, catalogGroupId]).catch(() => undefined);
  });
  await dropDatabases(config);
}
