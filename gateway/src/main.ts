import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAsyncLogger, loadConfigOrExit, warnIfNotPinnedNode } from '@order-platform/service-kit';
import { createGatewayApp } from './app.js';
import { gatewayConfigSchema } from './config.js';
import { createUpstreamAgent } from './data-access/upstream-proxy.js';
import { ServiceRegistry } from './domain/service-registry.js';
import { answerClientError } from './entry-points/client-error.js';
import { createRegistryApp } from './registry-app.js';
import { closeGracefully, listen } from './http-server.js';

warnIfNotPinnedNode('gateway');
const config = loadConfigOrExit(gatewayConfigSchema);
const logger = createAsyncLogger('gateway', config.LOG_LEVEL);
const registry = new ServiceRegistry({ ttlMs: config.REGISTRY_TTL_MS });
const agent = createUpstreamAgent();

const publicServer = http.createServer(
  createGatewayApp({
    registry,
    logger,
    agent,
    upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
    maxBodyBytes: config.MAX_BODY_BYTES,
  }),
);
publicServer.on('clientError', answerClientError);
const registryServer = http.createServer(
  createRegistryApp({ registry, allowedHosts: config.REGISTRY_ALLOWED_HOSTS, logger }),
);

// Expiry is checked on every pick; the sweep only tidies the list and says who was dropped.
const sweeper = setInterval(
  () => {
    for (const instance of registry.sweep()) {
      logger.warn(
        { service: instance.service, instanceId: instance.instanceId, url: instance.url },
        `instance dropped: no heartbeat for ${config.REGISTRY_TTL_MS} ms`,
      );
    }
  },
  Math.min(1000, Math.max(50, Math.floor(config.REGISTRY_TTL_MS / 3))),
);
sweeper.unref();

try {
  await listen(registryServer, config.REGISTRY_PORT, config.REGISTRY_HOST);
  await listen(publicServer, config.PORT, config.HOST);
} catch (error) {
  logger.fatal({ err: error }, 'cannot listen (is another gateway running?)');
  process.exit(1);
}
const publicPort = (publicServer.address() as AddressInfo).port;
const registryPort = (registryServer.address() as AddressInfo).port;
logger.info(
  {
    url: `http://${config.HOST}:${publicPort}`,
    registryUrl: `http://${config.REGISTRY_HOST}:${registryPort}`,
    ttlMs: config.REGISTRY_TTL_MS,
  },
  `gateway listening on http://${config.HOST}:${publicPort} (registry on http://${config.REGISTRY_HOST}:${registryPort})`,
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: no new connections, draining in-flight requests');
  clearInterval(sweeper);
  const [drained] = await Promise.all([
    closeGracefully(publicServer, config.SHUTDOWN_GRACE_MS),
    closeGracefully(registryServer, config.SHUTDOWN_GRACE_MS),
  ]);
  agent.destroy();
  logger.info(
    { drained },
    drained
      ? 'gateway stopped'
      : `gateway stopped; connections still open after ${config.SHUTDOWN_GRACE_MS} ms were closed`,
  );
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
