import { ConfigError, env } from './config.js';

/**
 * Where the gateway reaches an instance. Like Kafka's `advertised.listeners`: the interface a
 * service binds to (HOST) is not always an address others can use. `0.0.0.0` or `::` listen on
 * every interface and route nowhere, so an instance bound to one must be told its address.
 */
export const advertisedKeys = {
  ADVERTISED_HOST: env.string(
    '',
    'host or address the gateway reaches this instance at (registered as http://ADVERTISED_HOST:port); empty means HOST. Required when HOST is 0.0.0.0 or ::',
  ),
};

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

export function isWildcardHost(host: string): boolean {
  return WILDCARDS.has(host.trim());
}

/** The URL an instance registers; a wildcard without ADVERTISED_HOST is a configuration error. */
export function advertisedUrl(config: { HOST: string; ADVERTISED_HOST: string }, port: number): string {
  const host = config.ADVERTISED_HOST || config.HOST;
  if (isWildcardHost(host)) {
    throw new ConfigError([
      `ADVERTISED_HOST: required when HOST=${config.HOST} (listening on every interface); set it to an address the gateway can reach, e.g. ADVERTISED_HOST=10.0.0.5`,
    ]);
  }
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}
