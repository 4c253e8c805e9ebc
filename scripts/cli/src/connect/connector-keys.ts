import { z } from 'zod';
import { env, loadConfig } from '@order-platform/service-kit';

/**
 * The keys the demo's connector files (infra/connectors/demo) name beyond infra's: the binlog
 * MariaDB of the users-sync demo and the names of its topic, table and connectors. They are here
 * so that `pnpm connect:register` fills a demo file registered by hand, as `pnpm demo:users-sync`
 * does (its schema extends these keys).
 */
export const demoConnectorKeys = {
  BINLOG_DB_HOST: env.string('127.0.0.1', 'address of the binlog-enabled MariaDB of the users-sync demo'),
  BINLOG_DB_PORT: env.port(3307, 'its port; when nothing answers there, the demo starts its own server on it'),
  BINLOG_DB_USER: env.string('root', 'administrator of that server (the demo and my-sink-connect use it)'),
  BINLOG_DB_PASSWORD: env.string('', 'its password (the server the demo starts has none)'),
  BINLOG_DB_CDC_USER: env.string('cdc', 'user my-source-connect reads the binlog with (the demo creates it)'),
  BINLOG_DB_CDC_PASSWORD: env.string('cdc-demo', "that user's password"),
  USERS_DB: env.string('mydb', 'database of the users table and of the my_topic_users table on that server'),
  USERS_TOPIC: env.string('my_topic_users', 'topic (and sink table) the users changes go through'),
  USERS_SOURCE_CONNECTOR: env.string('my-source-connect', 'name of the Debezium MariaDB source connector of the demo'),
  USERS_SINK_CONNECTOR: env.string('my-sink-connect', 'name of the JDBC sink connector of the demo'),
  USERS_SOURCE_PREFIX: env.string(
    'my_source',
    "start of the source's topic.prefix (the key of its offsets); a capture id of the binlog data is appended",
  ),
};

export const demoConnectorConfigSchema = z.object(demoConnectorKeys);

export type DemoConnectorConfig = z.infer<typeof demoConnectorConfigSchema>;

/**
 * The placeholders of the source's file that the demo fills per capture. A file registered by
 * hand (`pnpm connect:register infra/connectors/demo/my-source-connect.json`) gets the plain
 * prefix and a history topic named after the connector, as before captures existed.
 */
export function handRegisteredCapture(config: DemoConnectorConfig): Record<string, string> {
  return {
    USERS_CAPTURE_PREFIX: config.USERS_SOURCE_PREFIX,
    USERS_SCHEMA_HISTORY_TOPIC: `${config.USERS_SOURCE_CONNECTOR}.schema-history`,
  };
}

export const loadDemoConnectorConfig = (): DemoConnectorConfig => loadConfig(demoConnectorConfigSchema);
