import type { ServiceRegistry } from '../domain/service-registry.js';

/** One target group of Prometheus' HTTP service discovery (`http_sd_configs`). */
export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/**
 * The live instances (those the gateway routes to) as Prometheus HTTP service discovery: one group
 * per instance, its `host:port` and the labels `service` and `instance_id`, sorted.
 */
export function prometheusTargets(services: ReturnType<ServiceRegistry['list']>): TargetGroup[] {
  return Object.entries(services)
    .flatMap(([service, instances]) =>
      instances
        .filter((instance) => instance.status === 'up')
        .map((instance) => ({
          targets: [new URL(instance.url).host],
          labels: { service, instance_id: instance.instanceId },
        })),
    )
    .sort((a, b) =>
      `${a.labels.service} ${a.labels.instance_id}`.localeCompare(`${b.labels.service} ${b.labels.instance_id}`),
    );
}
