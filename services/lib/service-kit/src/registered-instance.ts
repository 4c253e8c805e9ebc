import { advertisedUrl } from './advertised-url.js';

/** The keys every instance that registers with the gateway has, under its service's prefix. */
export type InstanceConfig<P extends string> = Record<
  `${P}_HOST` | `${P}_ADVERTISED_HOST` | 'REGISTRY_URL' | 'REGISTRY_SECRET',
  string
> &
  Record<`${P}_PORT` | `${P}_SHUTDOWN_TIMEOUT_MS` | 'REGISTRY_HEARTBEAT_MS', number>;

/**
 * The part of runService's definition that order-service and catalog-service share: their keys
 * follow one pattern ({PREFIX}_HOST, _PORT, _ADVERTISED_HOST, _SHUTDOWN_TIMEOUT_MS and the
 * registry's), so a wildcard host without an advertised one fails before anything starts, and
 * the instance registers with the gateway.
 */
export function registeredInstance<P extends string>(prefix: P) {
  // TypeScript cannot resolve a template-literal key of a generic prefix to its record's value type.
  const numberAt = (config: InstanceConfig<P>, key: `${P}_PORT` | `${P}_SHUTDOWN_TIMEOUT_MS`) => config[key] as number;
  return {
    check: (config: InstanceConfig<P>) => void advertisedUrl(prefix, config, numberAt(config, `${prefix}_PORT`)),
    shutdownTimeoutMs: (config: InstanceConfig<P>) => numberAt(config, `${prefix}_SHUTDOWN_TIMEOUT_MS`),
    registry: (config: InstanceConfig<P>) => ({
      url: config.REGISTRY_URL,
      heartbeatMs: config.REGISTRY_HEARTBEAT_MS,
      secret: config.REGISTRY_SECRET,
    }),
  };
}
