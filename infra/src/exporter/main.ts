import { ConfigError, createLogger, loadDotEnv, warnIfNotPinnedNode } from '@order-platform/service-kit';
import { loadInfraConfig, type InfraConfig } from '../infra-config.js';
import { createExporterServer } from './exporter-server.js';
import { createSinkMetrics } from './sink-metrics.js';
import { createSnapshotSource } from './sink-snapshot.js';

/**
 * The sink metrics exporter that `pnpm infra:up` starts (detached, like the broker): the JDBC sink's
 * health as Prometheus metrics on 127.0.0.1:INFRA_EXPORTER_PORT, with the configuration infra reads.
 */
warnIfNotPinnedNode('the infra exporter');
const logger = createLogger('infra-exporter');
const config = loadOrExit();
const { CONNECT_URL, INFRA_EXPORTER_PORT: port } = config;
const source = createSnapshotSource(config, logger);
const server = createExporterServer(source, createSinkMetrics(), CONNECT_URL);

server.on('error', (error) => {
  logger.fatal({ err: error }, `cannot listen on 127.0.0.1:${port}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  logger.info(
    { connect: CONNECT_URL, brokers: config.KAFKA_BROKERS },
    `infra exporter on http://127.0.0.1:${port}/metrics`,
  );
});

const stop = (signal: NodeJS.Signals) => {
  logger.info({ signal }, 'infra exporter stopping');
  setTimeout(() => process.exit(0), 3000).unref();
  server.close();
  server.closeAllConnections();
  void source.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

/** The repository's `.env` fills what the environment leaves unset; a bad key is one line and exit 2. */
function loadOrExit(): InfraConfig {
  try {
    loadDotEnv();
    return loadInfraConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    return process.exit(2);
  }
}
