import {
  advertisedUrl,
  createAsyncLogger,
  loadConfigOrExit,
  startRegistration,
  warnIfNotPinnedNode,
} from '@order-platform/service-kit';
import { orderServiceConfigSchema } from './config.js';
import { IN_DOUBT_MESSAGE, startOrderService } from './server.js';
import { testSeamsFromEnv } from './test-seams.js';

/**
 * `tsx services/order-service/src/main.ts`: one order-service instance. It registers with the
 * gateway's registry (and keeps trying while there is none), and on SIGTERM/SIGINT deregisters
 * first, so the gateway stops routing to it, then shuts down (see server.ts). Exit code 0 when
 * every request got its answer and every order was published, 1 when the deadline cut requests
 * off, 3 when orders in doubt were logged (their fate is for an operator to check).
 */
warnIfNotPinnedNode('order-service');
// A wildcard HOST without ADVERTISED_HOST fails here, before anything starts.
const config = loadConfigOrExit(orderServiceConfigSchema, (parsed) => advertisedUrl(parsed, parsed.PORT));
const logger = createAsyncLogger('order-service', config.LOG_LEVEL);

const service = await startOrderService(config, logger, testSeamsFromEnv(logger)).catch((error: unknown) => {
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

const EXIT_IN_DOUBT = 3;
const HARD_DEADLINE_GRACE_MS = 3000;
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // The shutdown has its own deadline (SHUTDOWN_TIMEOUT_MS); this one is for what could still hang
  // after it (deregistering, closing clients), so that a stuck dependency never keeps us alive.
  const hardDeadline = setTimeout(() => {
    const inDoubt = service.publisher.inDoubtOrders();
    for (const order of inDoubt) logger.error({ order }, IN_DOUBT_MESSAGE);
    const timeoutMs = config.SHUTDOWN_TIMEOUT_MS + HARD_DEADLINE_GRACE_MS;
    logger.error({ timeoutMs }, 'shutdown took too long; exiting anyway');
    process.exit(inDoubt.length > 0 ? EXIT_IN_DOUBT : 1);
  }, config.SHUTDOWN_TIMEOUT_MS + HARD_DEADLINE_GRACE_MS);
  hardDeadline.unref();
  await registration.stop();
  const { clean, inDoubt } = await service.shutdown();
  process.exit(inDoubt > 0 ? EXIT_IN_DOUBT : clean ? 0 : 1);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
