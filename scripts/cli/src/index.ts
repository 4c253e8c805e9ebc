import { fileURLToPath } from 'node:url';

export { cliConfigSchema, loadCliConfig, type CliConfig } from './cli-config.js';
export { cliKafka, requireTopic, withAdmin } from './kafka/kafka-connection.js';
export { loadConnectorFile, placeholderValues } from './connect/connector-file.js';
export {
  demoConnectorKeys,
  demoConnectorConfigSchema,
  handRegisteredCapture,
  type DemoConnectorConfig,
} from './connect/connector-keys.js';
export { requireConnector, waitForState } from './connect/connector-waits.js';

const entry = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The commands' entry points, as `pnpm kafka:*` and `connect:*` run them. */
export const cliEntries = {
  topics: entry('./kafka/topics.ts'),
  produce: entry('./kafka/produce.ts'),
  consume: entry('./kafka/consume.ts'),
  connect: entry('./connect/connect.ts'),
};
