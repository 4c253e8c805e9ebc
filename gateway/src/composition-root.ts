import http from 'node:http';
import { closeGracefully, listen, type Logger, type RunningService } from '@order-platform/service-kit';
import { createGatewayApp } from './app.js';
import type { GatewayConfig } from './config.js';
import { createUpstreamAgent } from './data-access/upstream-proxy.js';
import { ServiceRegistry } from './domain/service-registry.js';
import { answerClientError } from './entry-points/client-error.js';
import { consoleForward } from './entry-points/console-forward.js';
import { guardPublicServer, publicServerOptions, requestGuards } from './guards.js';
import { createGatewayMetrics } from './metrics.js';
import { createRegistryApp } from './registry-app.js';

export interface RunningGateway extends RunningService {
  registry: ServiceRegistry;
  /** The internal registry's origin, where instances register. */
  registryUrl: string;
  /** Exit code 0 even when the grace period cut connections (`drained: false`): nothing of value is held. */
  stop(): Promise<{ exitCode: number; drained: boolean }>;
}

/**
 * The gateway's composition root, used by main.ts (through runService) and by the tests: the
 * registry, the public proxy app and the registry app on their two ports, and the expiry sweep.
 */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const registry = new ServiceRegistry({ ttlMs: config.REGISTRY_TTL_MS });
  const agent = createUpstreamAgent();
  const metrics = createGatewayMetrics(registry);
  const publicServer = http.createServer(
    publicServerOptions(config),
    createGatewayApp({
      registry,
      logger,
      agent,
      upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
      maxBodyBytes: config.MAX_BODY_BYTES,
      metrics,
      guards: requestGuards(config, registry, metrics.guards),
    }),
  );
  publicServer.on('clientError', answerClientError);
  guardPublicServer(publicServer, config, metrics.guards);
  const consoleProxy = config.CONSOLE_URL !== 'none' ? consoleForward(config.CONSOLE_URL) : undefined;
  const registryServer = http.createServer(
    createRegistryApp({
      registry,
      allowedHosts: config.REGISTRY_ALLOWED_HOSTS,
      secret: config.REGISTRY_SECRET,
      logger,
      metrics: metrics.http,
      console: consoleProxy,
    }),
  );
  const sweeper = sweepExpired(registry, logger, config.REGISTRY_TTL_MS);
  const release = () => {
    clearInterval(sweeper);
    agent.destroy();
    for (const server of [publicServer, registryServer]) if (server.listening) server.close();
  };

  let ports: [number, number];
  try {
    ports = [
      await listen(publicServer, config.GATEWAY_PORT, config.GATEWAY_HOST),
      await listen(registryServer, config.REGISTRY_PORT, config.REGISTRY_HOST),
    ];
  } catch (error) {
    release();
    throw error;
  }
  const [port, registryPort] = ports;
  const registryUrl = `http://${config.REGISTRY_HOST}:${registryPort}`;

  let stopped: ReturnType<RunningGateway['stop']> | undefined;
  const stop = async () => {
    clearInterval(sweeper);
    consoleProxy?.closeAll();
    const grace = config.GATEWAY_SHUTDOWN_GRACE_MS;
    const [drained] = await Promise.all([closeGracefully(publicServer, grace), closeGracefully(registryServer, grace)]);
    release();
    return { exitCode: 0, drained };
  };
  return {
    port,
    url: `http://${config.GATEWAY_HOST}:${port}`,
    registry,
    registryUrl,
    facts: { registryUrl, ttlMs: config.REGISTRY_TTL_MS },
    stop: () => (stopped ??= stop()),
  };
}

/** Expiry is checked on every pick; the sweep only tidies the list and says who was dropped. */
function sweepExpired(registry: ServiceRegistry, logger: Logger, ttlMs: number): NodeJS.Timeout {
  const sweeper = setInterval(
    () => {
      for (const instance of registry.sweep()) {
        logger.warn(
          { service: instance.service, instanceId: instance.instanceId, url: instance.url },
          `instance dropped: no heartbeat for ${ttlMs} ms`,
        );
      }
    },
    Math.min(1000, Math.max(50, Math.floor(ttlMs / 3))),
  );
  sweeper.unref();
  return sweeper;
}
