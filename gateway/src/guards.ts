import type http from 'node:http';
import type { GatewayConfig } from './config.js';
import type { ServiceRegistry } from './domain/service-registry.js';
import { guardConnections } from './entry-points/connection-guard.js';
import { createInFlightCap, type InFlightCap } from './entry-points/in-flight-cap.js';
import { createRateLimit, type RateLimit } from './entry-points/rate-limit.js';
import type { GuardObserver } from './metrics.js';

/** The per-request guards of the public app; each is undefined when its setting turns it off. */
export interface RequestGuards {
  rateLimit?: RateLimit;
  inFlight?: InFlightCap;
}

export function requestGuards(
  config: GatewayConfig,
  registry: ServiceRegistry,
  observer: GuardObserver,
): RequestGuards {
  return {
    rateLimit: createRateLimit({
      perSecond: config.GATEWAY_RATE_LIMIT_PER_SECOND,
      burst: config.GATEWAY_RATE_LIMIT_BURST,
      maxClients: config.GATEWAY_RATE_LIMIT_MAX_CLIENTS,
      key: config.GATEWAY_RATE_LIMIT_KEY,
      onLimited: observer.rateLimited,
    }),
    inFlight: createInFlightCap({
      max: config.GATEWAY_MAX_IN_FLIGHT_PER_INSTANCE,
      registry,
      onBusy: observer.instanceBusy,
    }),
  };
}

/**
 * The public server's own limits, before any request: Node's header and request timeouts (a slowloris
 * is answered 408 by client-error.ts and closed), checked every quarter of the header timeout (Node's
 * default check runs every 30 s, far too late for a 10 s limit), and the per-address connection cap.
 */
export function publicServerOptions(config: GatewayConfig): http.ServerOptions {
  return {
    headersTimeout: config.GATEWAY_HEADERS_TIMEOUT_MS,
    requestTimeout: config.GATEWAY_REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(config.GATEWAY_HEADERS_TIMEOUT_MS / 4))),
  };
}

export function guardPublicServer(server: http.Server, config: GatewayConfig, observer: GuardObserver): void {
  guardConnections(server, config.GATEWAY_MAX_CONNECTIONS_PER_CLIENT, observer.connectionRefused);
}
