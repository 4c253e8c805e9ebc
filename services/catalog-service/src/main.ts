import {
  advertisedUrl,
  createAsyncLogger,
  loadConfigOrExit,
  startRegistration,
  warnIfNotPinnedNode,
  type Registration,
} from '@order-platform/service-kit';
import { catalogConfigSchema } from './config.js';
import { startCatalogService, type RunningCatalogService } from './service.js';

warnIfNotPinnedNode('catalog-service');
// A wildcard HOST without ADVERTISED_HOST fails here, before anything starts.
const config = loadConfigOrExit(catalogConfigSchema, (parsed) => advertisedUrl(parsed, parsed.PORT));
const logger = createAsyncLogger('catalog-service', config.LOG_LEVEL);

let starting: Promise<RunningCatalogService> | undefined;
let registration: Registration | undefined;
let shuttingDown = false;

async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long; exiting anyway');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  try {
    // Leave the gateway first, so no new request is routed to an instance that is going away.
    await registration?.stop();
    // A signal during start-up waits for it, so what has started (a group membership) is undone.
    const service = await starting?.catch(() => undefined);
    await service?.stop();
    logger.info('stopped cleanly');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

try {
  starting = startCatalogService(config, logger);
  const service = await starting;
  const url = advertisedUrl(config, service.port);
  logger.info(
    { port: service.port, url, topic: config.CATALOG_TOPIC, groupId: config.CATALOG_GROUP_ID },
    'catalog-service listening',
  );
  if (!shuttingDown) {
    registration = startRegistration({
      registryUrl: config.REGISTRY_URL,
      service: 'catalog-service',
      instanceId: config.INSTANCE_ID || `catalog-service-${service.port}`,
      url,
      heartbeatMs: config.REGISTRY_HEARTBEAT_MS,
      logger,
    });
  }
} catch (error) {
  logger.fatal({ err: error }, 'catalog-service could not start');
  process.exit(1);
}
