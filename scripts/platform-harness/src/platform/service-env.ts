import { HOST } from './entries.js';

/**
 * The environment each deployable gets from the harness: its own keys (prefixed with its name,
 * as its `src/config.ts` reads them) for where it listens and who it is, and the registry to
 * register with. `undefined` removes a key the harness's own environment (or .env) may hold.
 */
export type Env = Record<string, string | undefined>;

export interface ServiceSettings {
  port: number;
  registryUrl: string;
  instanceId?: string;
  /** How long the service's own graceful shutdown may take (its default when not given). */
  shutdownMs?: number;
  /** The address it listens on and registers (default HOST); a host of its own in the host drill. */
  host?: string;
}

export function gatewayEnv(port: number, registryPort: number, shutdownMs?: number, consolePort?: number): Env {
  return {
    GATEWAY_HOST: HOST,
    GATEWAY_PORT: String(port),
    REGISTRY_PORT: String(registryPort),
    ...(consolePort === undefined ? {} : { CONSOLE_URL: `http://${HOST}:${consolePort}` }),
    ...(shutdownMs === undefined ? {} : { GATEWAY_SHUTDOWN_GRACE_MS: String(shutdownMs) }),
  };
}

function serviceEnv(prefix: 'ORDER' | 'CATALOG', settings: ServiceSettings): Env {
  return {
    [`${prefix}_HOST`]: settings.host ?? HOST,
    [`${prefix}_PORT`]: String(settings.port),
    // Reached where it listens: an advertised host from .env would register another URL.
    [`${prefix}_ADVERTISED_HOST`]: settings.host ?? HOST,
    [`${prefix}_INSTANCE_ID`]: settings.instanceId,
    REGISTRY_URL: settings.registryUrl,
    ...(settings.shutdownMs === undefined ? {} : { [`${prefix}_SHUTDOWN_TIMEOUT_MS`]: String(settings.shutdownMs) }),
  };
}

/** An order-service instance: `instanceId` is its slot, which names its Kafka transactional id. */
export const orderEnv = (settings: ServiceSettings): Env => serviceEnv('ORDER', settings);

/** The console: where it listens, the registry it reads (it does not register: it serves no traffic). */
export const consoleEnv = (settings: ServiceSettings): Env => ({
  CONSOLE_HOST: HOST,
  CONSOLE_PORT: String(settings.port),
  REGISTRY_URL: settings.registryUrl,
  ...(settings.shutdownMs === undefined ? {} : { CONSOLE_SHUTDOWN_TIMEOUT_MS: String(settings.shutdownMs) }),
});

/** catalog-service: without an instance id it takes its default (`catalog-service-{port}-{pid}`). */
export const catalogEnv = (settings: ServiceSettings): Env => serviceEnv('CATALOG', settings);
