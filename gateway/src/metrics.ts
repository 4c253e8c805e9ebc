import { createServiceMetrics, type ServiceMetrics } from '@order-platform/service-kit';
import type { UpstreamObserver } from './data-access/upstream-observer.js';
import type { ServiceRegistry } from './domain/service-registry.js';

export interface GatewayMetrics {
  /** HTTP metrics of both ports, served on the internal one (`GET /metrics`). */
  http: ServiceMetrics;
  upstream: UpstreamObserver;
}

const HELP = {
  attempts: 'Attempts to send a request to an instance, by outcome: answered, refused, reset, timeout, other.',
  retries: 'Failed attempts re-sent to another instance (refused connections; resets of GET and HEAD).',
  failovers: 'Requests answered by another instance than the first one they were sent to.',
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
  };
}
