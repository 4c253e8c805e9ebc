import { createServiceMetrics, type ServiceMetrics } from '@order-platform/service-kit';
import type { UpstreamObserver } from './data-access/upstream-observer.js';
import type { ServiceRegistry } from './domain/service-registry.js';

export interface GatewayMetrics {
  /** HTTP metrics of both ports, served on the internal one (`GET /metrics`). */
  http: ServiceMetrics;
  upstream: UpstreamObserver;
  guards: GuardObserver;
}

/** What the public port's guards refused (entry-points/rate-limit.ts, connection-guard.ts, in-flight-cap.ts). */
export interface GuardObserver {
  rateLimited: () => void;
  connectionRefused: () => void;
  instanceBusy: (service: string) => void;
}

const HELP = {
  attempts: 'Attempts to send a request to an instance, by outcome: answered, refused, reset, timeout, other.',
  retries: 'Failed attempts re-sent to another instance (refused connections; resets of GET and HEAD).',
  failovers: 'Requests answered by another instance than the first one they were sent to.',
  rateLimited: 'Requests answered 429 by the rate limit (they reached no instance).',
  refused: 'Connections answered 429 and closed: the client address held GATEWAY_MAX_CONNECTIONS_PER_CLIENT.',
  busy: 'Requests answered 503 because every live instance had GATEWAY_MAX_IN_FLIGHT_PER_INSTANCE in flight.',
  live: 'Instances the gateway routes to (heartbeat within the TTL, not found dead since), per service.',
};

/**
 * The gateway's own metrics, besides the HTTP and process ones: each attempt to an instance and how
 * it ended, the retries and failovers, and the instances the registry routes to, per service.
 */
export function createGatewayMetrics(registry: ServiceRegistry): GatewayMetrics {
  const http = createServiceMetrics();
  const attempts = http.counter('gateway_upstream_attempts_total', HELP.attempts, ['service', 'outcome']);
  const retries = http.counter('gateway_upstream_retries_total', HELP.retries, ['service']);
  const failovers = http.counter('gateway_upstream_failovers_total', HELP.failovers, ['service']);
  const rateLimited = http.counter('gateway_rate_limited_requests_total', HELP.rateLimited, []);
  const refused = http.counter('gateway_refused_connections_total', HELP.refused, []);
  const busy = http.counter('gateway_instance_busy_requests_total', HELP.busy, ['service']);
  http.gauge('gateway_live_instances', HELP.live, {
    labelNames: ['service'],
    collect(gauge) {
      for (const [service, instances] of Object.entries(registry.list()))
        gauge.set({ service }, instances.filter((instance) => instance.status === 'up').length);
    },
  });
  return {
    http,
    upstream: {
      attempted: (service, outcome) => attempts.inc({ service, outcome }),
      retried: (service) => retries.inc({ service }),
      failedOver: (service) => failovers.inc({ service }),
    },
    guards: {
      rateLimited: () => rateLimited.inc(),
      connectionRefused: () => refused.inc(),
      instanceBusy: (service) => busy.inc({ service }),
    },
  };
}
