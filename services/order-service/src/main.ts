import { advertisedUrl, ConfigError, createAsyncLogger, loadConfig, startRegistration } from '@order-platform/shared';
import { orderServiceConfigSchema } from './config.js';
import { startOrderService } from './server.js';

/**
 * `tsx services/order-service/src/main.ts`: one order-service instance. It registers with the
 * gateway's registry (and keeps trying while there is none), and on SIGTERM/SIGINT deregisters
 * first, so the gateway stops routing to it, then shuts down (see server.ts). Exit code 0 when
 * every request got its answer, 1 when some had to be cut off.
 */
const config = (() => {
  try {
    const parsed = loadConfig(orderServiceConfigSchema);
    advertisedUrl(parsed, parsed.PORT); // a wildcard HOST without ADVERTISED_HOST fails here, before anything starts
    return parsed;
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }
})();
const logger = createAsyncLogger('order-service', config.LOG_LEVEL);

const service = await startOrderService(config, logger).catch((error: unknown) => {
  // Typically the port is taken; Kafka or the database being down is not a reason to fail.
  logger.fatal({ err: error, port: config.PORT, host: config.HOST }, 'order-service could not start');
  process.exit(1);
});
const registration = startRegistration({
  registryUrl: config.REGISTRY_URL,
  service: 'order-service',
  instanceId: service.instanceId,
  url: service.url,
  heartbeatMs: config.REGISTRY_HEARTBEAT_MS,
  logger,
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await registration.stop();
  const { clean } = await service.shutdown();
  process.exit(clean ? 0 : 1);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
